package dev.wanedit.emulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * One rule's keys checked and turned into a {@link FaultRules.Draft}: which keys each {@code do=}
 * action takes, the endpoints it may apply to, its defaults, and the {@link Fault} it builds.
 * {@link FaultRules} splits the text or JSON into keys; this class gives them meaning.
 */
final class FaultRuleBuilder {
    private static final List<String> COMMON = List.of("on", "model", "prompt", "times", "do");
    private static final Map<String, List<String>> ACTION_KEYS = new LinkedHashMap<>();
    private static final List<String> ALL_KEYS;
    private static final Set<String> OUTCOME_ACTIONS = Set.of("fail", "fail-images", "reject-input", "reject-output",
            "expire", "list-lag");
    private static final Map<Integer, String[]> DEFAULT_ERRORS = new LinkedHashMap<>();

    static {
        ACTION_KEYS.put("fail", List.of("code", "message"));
        ACTION_KEYS.put("fail-images", List.of("images", "code", "message"));
        ACTION_KEYS.put("reject-input", List.of("message"));
        ACTION_KEYS.put("reject-output", List.of("images", "message"));
        ACTION_KEYS.put("expire", List.of("after"));
        ACTION_KEYS.put("unknown", List.of("queries"));
        ACTION_KEYS.put("list-lag", List.of("for"));
        ACTION_KEYS.put("error", List.of("status", "code", "message", "retry-after", "when"));
        ACTION_KEYS.put("gateway", List.of("status", "when"));
        ACTION_KEYS.put("reset", List.of("when"));
        ACTION_KEYS.put("stall", List.of("for", "when"));
        ACTION_KEYS.put("truncate", List.of("cut", "length", "when"));
        ACTION_KEYS.put("garble", List.of("when"));
        Set<String> all = new LinkedHashSet<>(COMMON);
        ACTION_KEYS.values().forEach(all::addAll);
        ALL_KEYS = List.copyOf(all);

        DEFAULT_ERRORS.put(400, new String[] {"InvalidParameter", "The request is invalid."});
        DEFAULT_ERRORS.put(401, new String[] {"InvalidApiKey", "Invalid API-key provided."});
        DEFAULT_ERRORS.put(403, new String[] {"AccessDenied", "Access denied."});
        DEFAULT_ERRORS.put(404, new String[] {"ModelNotFound", "The model does not exist."});
        DEFAULT_ERRORS.put(408, new String[] {"RequestTimeOut", "Request timed out, please try again later."});
        DEFAULT_ERRORS.put(413, new String[] {"BadRequest.TooLarge", "Request body is too large."});
        DEFAULT_ERRORS.put(429, new String[] {"Throttling.RateQuota", "Requests rate limit exceeded, please try again later."});
        DEFAULT_ERRORS.put(500, new String[] {"InternalError",
                "An internal error has occured, please try again later or contact service support."});
        DEFAULT_ERRORS.put(503, new String[] {"ModelUnavailable", "Model is unavailable, please try again later."});
        DEFAULT_ERRORS.put(504, new String[] {"RequestTimeOut", "Request timed out, please try again later."});
    }

    private FaultRuleBuilder() {}

    /** Checks the keys of one rule and builds it, or records every problem and returns null. */
    static FaultRules.Draft build(Map<String, String> keys, int index, String text, List<FaultRules.Problem> problems) {
        int before = problems.size();
        Problems p = (key, message) -> problems.add(new FaultRules.Problem(index, text, key, message));
        for (String k : keys.keySet()) {
            if (!ALL_KEYS.contains(k)) {
                p.add(k, "unknown key (keys: " + String.join(", ", ALL_KEYS) + ")");
            }
        }
        Set<Endpoint> endpoints = endpoints(keys.get("on"), p);
        String action = keys.get("do");
        if (action == null) {
            p.add("do", "required (one of: " + String.join(", ", FaultRules.ACTIONS) + ")");
        } else if (!FaultRules.ACTIONS.contains(action)) {
            p.add("do", "unknown action '" + action + "' (one of: " + String.join(", ", FaultRules.ACTIONS) + ")");
            action = null;
        }
        if (action != null) {
            List<String> allowed = ACTION_KEYS.get(action);
            for (String k : keys.keySet()) {
                if (ALL_KEYS.contains(k) && !COMMON.contains(k) && !allowed.contains(k)) {
                    p.add(k, "does not apply to do=" + action + " (do=" + action + " takes: "
                            + (allowed.isEmpty() ? "no other keys" : String.join(", ", allowed)) + ")");
                }
            }
        }
        String model = keys.get("model");
        if (model != null && ModelSpec.byId(model) == null) {
            p.add("model", "unknown model '" + model + "' (one of: "
                    + java.util.Arrays.stream(ModelSpec.values()).map(m -> m.id).collect(Collectors.joining(", ")) + ")");
        }
        String prompt = keys.get("prompt");
        if (prompt != null) {
            try {
                Pattern.compile(prompt);
            } catch (PatternSyntaxException e) {
                p.add("prompt", "not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        int times = -1;
        String t = keys.get("times");
        if (t != null && !t.equals("always")) {
            times = positiveInt(t, "times", p, "a whole number >= 1 or 'always'");
        }
        boolean after = false;
        String when = keys.get("when");
        if (when != null) {
            if (when.equals("after")) {
                after = true;
            } else if (!when.equals("before")) {
                p.add("when", "'" + when + "' is not allowed (before or after)");
            }
        }
        Fault fault = null;
        if (action != null) {
            // without a valid on=, check the action's own keys as if for creates, to report them too
            boolean creates = endpoints == null || endpoints.stream().allMatch(Endpoint::isCreate);
            boolean oss = endpoints != null && endpoints.stream().allMatch(Endpoint::isOss);
            if (endpoints != null) {
                if (OUTCOME_ACTIONS.contains(action) && !creates) {
                    p.add("on", "do=" + action + " applies to creates only (on=create, image-synthesis, image-generation or "
                            + "multimodal-generation)");
                }
                if (action.equals("unknown") && !creates && !endpoints.equals(EnumSet.of(Endpoint.TASK_QUERY))) {
                    p.add("on", "do=unknown applies to on=create (the task's next queries answer UNKNOWN) or on=query "
                            + "(the query answers UNKNOWN), not both or others");
                }
                if (action.equals("unknown") && !creates && keys.containsKey("queries")) {
                    p.add("queries", "only with on=create (on=query answers UNKNOWN each time the rule fires; use times=N)");
                }
            }
            fault = fault(action, keys, creates, oss, p);
            if (fault != null && after) {
                fault = fault.afterProcessing();
            }
            if (fault != null && fault.kind() == Fault.Kind.TRUNCATED && fault.createOnly() && !creates) {
                p.add("cut", "before-id and after-id cut a create's reply; on must be creates only (or use half or a byte count)");
            }
            if (fault != null && fault.kind() == Fault.Kind.TRUNCATED && fault.cut() == Fault.Cut.AFTER_TASK_ID && !after) {
                p.add("cut", "after-id needs when=after: before processing there is no task, so no task id to show");
            }
        }
        if (problems.size() > before || fault == null) {
            return null;
        }
        return new FaultRules.Draft(endpoints, model, prompt, times, fault);
    }

    private interface Problems {
        void add(String key, String message);
    }

    private static Set<Endpoint> endpoints(String on, Problems p) {
        if (on == null || on.isBlank()) {
            p.add("on", "required (comma-separated: " + String.join(", ", FaultRules.ENDPOINT_NAMES.keySet()) + ")");
            return null;
        }
        Set<Endpoint> out = EnumSet.noneOf(Endpoint.class);
        boolean ok = true;
        for (String name : on.split(",")) {
            Set<Endpoint> e = FaultRules.ENDPOINT_NAMES.get(name.trim());
            if (e == null) {
                p.add("on", "unknown endpoint '" + name.trim() + "' (allowed: " + String.join(", ", FaultRules.ENDPOINT_NAMES.keySet()) + ")");
                ok = false;
            } else {
                out.addAll(e);
            }
        }
        return ok ? out : null;
    }

    private static Fault fault(String action, Map<String, String> keys, boolean creates, boolean oss, Problems p) {
        String code = keys.get("code");
        String message = keys.get("message");
        switch (action) {
            case "fail":
                return Fault.taskFailed(code == null ? "InternalError.Algo" : code,
                        message == null ? "An internal algorithm error has occured, please try again later." : message);
            case "fail-images": {
                int[] images = indices(keys.get("images"), true, p);
                return images == null ? null : Fault.imagesFailed(code == null ? "InternalError.Timeout" : code,
                        message == null ? Fault.TIMEOUT_MESSAGE : message, images);
            }
            case "reject-input":
                return Fault.error(400, "DataInspectionFailed", message == null ? "Input data may contain inappropriate content." : message);
            case "reject-output": {
                String m = message == null ? Fault.OUTPUT_INSPECTION_MESSAGE : message;
                if (keys.get("images") == null) {
                    return Fault.taskFailed("DataInspectionFailed", m);
                }
                int[] images = indices(keys.get("images"), true, p);
                return images == null ? null : Fault.imagesFailed("DataInspectionFailed", m, images);
            }
            case "expire": {
                Duration d = duration(keys.get("after"), "after", true, true, p);
                return d == null ? null : Fault.expireAfter(d);
            }
            case "unknown": {
                if (!creates) {
                    return Fault.unknownStatus();
                }
                String q = keys.get("queries");
                int n = q == null ? 1 : positiveInt(q, "queries", p, "a whole number >= 1");
                return n < 1 ? null : Fault.unknownForQueries(n);
            }
            case "list-lag": {
                Duration d = duration(keys.get("for"), "for", true, false, p);
                return d == null ? null : Fault.listLag(d);
            }
            case "error": {
                String s = keys.get("status");
                int status = -1;
                if (s == null) {
                    p.add("status", "required: an HTTP status from 400 to 599");
                } else {
                    try {
                        status = Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        status = -1;
                    }
                    if (status < 400 || status > 599) {
                        p.add("status", "'" + s + "' is not an error status (400 to 599)");
                        status = -1;
                    }
                }
                Duration retryAfter = null;
                String ra = keys.get("retry-after");
                if (ra != null) {
                    retryAfter = duration(ra, "retry-after", true, false, p);
                    if (retryAfter != null && retryAfter.toSeconds() < 1) {
                        p.add("retry-after", "Retry-After is whole seconds: at least 1s");
                        retryAfter = null;
                    }
                }
                if (status < 0 || (ra != null && retryAfter == null)) {
                    return null;
                }
                String[] dflt = DEFAULT_ERRORS.get(status);
                if (oss && status == 403) {
                    dflt = new String[] {"AccessDenied", "Request has expired."};
                } else if (oss && status == 404) {
                    dflt = new String[] {"NoSuchKey", "The specified key does not exist."};
                }
                if (code == null && dflt == null) {
                    p.add("code", "required for status " + status + " (statuses with a default code: "
                            + DEFAULT_ERRORS.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
                    return null;
                }
                Fault f = Fault.error(status, code == null ? dflt[0] : code,
                        message != null ? message
                                : dflt != null && (code == null || code.equals(dflt[0])) ? dflt[1] : "Injected by the emulator.");
                return retryAfter == null ? f : f.withRetryAfter(retryAfter);
            }
            case "gateway": {
                String s = keys.getOrDefault("status", "502");
                if (!s.equals("502") && !s.equals("503") && !s.equals("504")) {
                    p.add("status", "'" + s + "' is not a gateway page (502, 503 or 504)");
                    return null;
                }
                return Fault.gatewayError(Integer.parseInt(s));
            }
            case "reset":
                return Fault.connectionReset();
            case "stall": {
                Duration d = duration(keys.get("for"), "for", true, false, p);
                return d == null ? null : Fault.delay(d);
            }
            case "truncate": {
                Fault f = Fault.truncatedBody();
                String cut = keys.get("cut");
                if (cut != null) {
                    switch (cut) {
                        case "before-id":
                            f = f.cutAt(Fault.Cut.BEFORE_TASK_ID);
                            break;
                        case "after-id":
                            f = f.cutAt(Fault.Cut.AFTER_TASK_ID);
                            break;
                        case "half":
                            f = f.cutAt(Fault.Cut.HALF);
                            break;
                        default:
                            try {
                                int bytes = Integer.parseInt(cut);
                                if (bytes < 0) {
                                    throw new NumberFormatException();
                                }
                                f = f.cutAtByte(bytes);
                            } catch (NumberFormatException e) {
                                p.add("cut", "'" + cut + "' is not allowed (before-id, after-id, half or a byte count >= 0)");
                                return null;
                            }
                    }
                }
                String length = keys.get("length");
                if (length != null) {
                    if (length.equals("full")) {
                        f = f.declaringFullLength();
                    } else if (!length.equals("cut")) {
                        p.add("length", "'" + length + "' is not allowed (cut: Content-Length of the bytes sent; full: of the whole "
                                + "body, then the connection is closed early)");
                        return null;
                    }
                }
                return f;
            }
            case "garble":
                return Fault.garbledBody();
            default:
                throw new AssertionError(action);
        }
    }

    private static int positiveInt(String text, String key, Problems p, String rule) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        p.add(key, "'" + text + "' is not " + rule);
        return -1;
    }

    private static int[] indices(String text, boolean required, Problems p) {
        if (text == null || text.isBlank()) {
            if (required) {
                p.add("images", "required: comma-separated 0-based image indices, e.g. images=0,2");
            }
            return null;
        }
        String[] parts = text.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
                if (out[i] < 0 || out[i] > 11) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                p.add("images", "'" + parts[i].trim() + "' is not an image index (0 to 11)");
                return null;
            }
        }
        return out;
    }

    private static Duration duration(String text, String key, boolean required, boolean zeroAllowed, Problems p) {
        if (text == null) {
            if (required) {
                p.add(key, "required: a duration such as 500ms, 30s, 10m, 24h, 1d or PT30S");
            }
            return null;
        }
        Duration d = FaultRules.parseDuration(text);
        if (d == null) {
            p.add(key, "'" + text + "' is not a duration (such as 500ms, 30s, 10m, 24h, 1d or PT30S)");
            return null;
        }
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            p.add(key, "must be more than 0");
            return null;
        }
        return d;
    }
}
