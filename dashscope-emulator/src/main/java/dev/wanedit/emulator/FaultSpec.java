package dev.wanedit.emulator;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link Fault} written back in the rule grammar: the keys {@link FaultRuleBuilder} reads, as the
 * control API and {@code Fault#spec()} show them, and the short form of {@code Fault#toString()}.
 */
final class FaultSpec {
    private FaultSpec() {}

    /** The rule keys of a fault, in the order of the rule grammar ({@code do=...} first). */
    static Map<String, String> of(Fault f) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (f.kind()) {
            case ERROR:
            case DOWNLOAD_FORBIDDEN:
                m.put("do", "error");
                m.put("status", Integer.toString(f.status()));
                m.put("code", f.code());
                m.put("message", f.message());
                if (f.retryAfter() != null) {
                    m.put("retry-after", FaultRules.formatDuration(f.retryAfter()));
                }
                break;
            case GATEWAY:
                m.put("do", "gateway");
                m.put("status", Integer.toString(f.status()));
                break;
            case RESET:
            case CREATE_THEN_RESET:
                m.put("do", "reset");
                break;
            case DELAY:
            case CREATE_THEN_STALL:
                m.put("do", "stall");
                m.put("for", FaultRules.formatDuration(f.duration()));
                break;
            case MALFORMED_JSON:
                m.put("do", "truncate");
                m.put("cut", "before-id");
                break;
            case TRUNCATED:
                m.put("do", "truncate");
                if (f.cutBytes() >= 0) {
                    m.put("cut", Integer.toString(f.cutBytes()));
                } else if (f.cut() != null) {
                    m.put("cut", f.cut().name().toLowerCase(Locale.ROOT).replace("_task_", "-").replace('_', '-'));
                }
                m.put("length", f.declaresFullLength() ? "full" : "cut");
                break;
            case GARBLED:
                m.put("do", "garble");
                break;
            case UNKNOWN:
                m.put("do", "unknown");
                break;
            case TASK_FAILED:
                m.put("do", "fail");
                m.put("code", f.code());
                m.put("message", f.message());
                break;
            case IMAGES_TIMEOUT:
            case IMAGES_FAILED:
                m.put("do", "fail-images");
                m.put("images", f.indices().stream().map(String::valueOf).collect(Collectors.joining(",")));
                m.put("code", f.code());
                m.put("message", f.message());
                break;
            case TASK_UNKNOWN:
                m.put("do", "unknown");
                m.put("queries", Integer.toString(f.queries()));
                break;
            case LIST_LAG:
                m.put("do", "list-lag");
                m.put("for", FaultRules.formatDuration(f.duration()));
                break;
            case EXPIRE:
                m.put("do", "expire");
                m.put("after", FaultRules.formatDuration(f.duration()));
                break;
            default:
                throw new AssertionError(f.kind());
        }
        if (f.isAfterProcessing()) {
            m.put("when", "after");
        }
        return m;
    }

    /** A fault as {@code Fault.KIND(status code)(duration)[indices]}, for messages and logs. */
    static String describe(Fault f) {
        return "Fault." + f.kind() + (f.code() == null ? "" : "(" + f.status() + " " + f.code() + ")")
                + (f.kind() == Fault.Kind.GATEWAY ? "(" + f.status() + ")" : "")
                + (f.duration() == null ? "" : "(" + f.duration() + ")") + (f.indices().isEmpty() ? "" : f.indices())
                + (f.isAfterProcessing() && f.kind() != Fault.Kind.CREATE_THEN_RESET && f.kind() != Fault.Kind.CREATE_THEN_STALL ? ".afterProcessing()" : "");
    }
}
