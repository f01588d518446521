package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rule grammar shared by {@code wanedit emulator --fault RULE}, {@code POST /__emulator/faults}
 * and {@link Faults#add(String)}: space-separated {@code key=value} pairs (quote a value with spaces
 * in {@code "..."} or {@code '...'}); the JSON form has the same keys. {@link #HELP} documents it.
 */
public final class FaultRules {

    /** The grammar, with an example per family; printed by {@code --help}. */
    public static final String HELP = String.join("\n",
            "Fault rules: space-separated key=value pairs; quote values with spaces (\"...\" or '...').",
            "  on=ENDPOINTS   (required) comma-separated: create (the three create paths), image-synthesis,",
            "                 image-generation, multimodal-generation, query, list, cancel, tasks (query,list,cancel),",
            "                 policy, upload, download, public, any",
            "  model=M        only requests for model M      prompt=REGEX  only prompts containing a match",
            "  times=N        fire N times, then never again (default: always)",
            "  do=ACTION      (required) one of:",
            "    fail [code=C] [message=M]               the task ends FAILED (default InternalError.Algo)",
            "    fail-images images=0,2 [code=C] [message=M]  those images fail (default InternalError.Timeout)",
            "    reject-input [message=M]                400 DataInspectionFailed, nothing created",
            "    reject-output [images=I,..]             content inspection rejects the output (the task, or those images)",
            "    expire after=DURATION                   the task answers UNKNOWN (and its URLs die) that long after creation",
            "    unknown [queries=N]                     on=create: the task's next N queries answer UNKNOWN (default 1);",
            "                                            on=query: the query answers UNKNOWN",
            "    list-lag for=DURATION                   the task is missing from GET /tasks that long after creation",
            "    error status=S [code=C] [message=M] [retry-after=DURATION]   a JSON error (OSS XML on upload/download)",
            "    gateway [status=502|503|504]            a gateway's HTML error page (default 502)",
            "    reset                                   close the connection without an answer",
            "    stall for=DURATION                      wait (real time, cut short on close), then answer",
            "    truncate [cut=before-id|after-id|half|N] [length=cut|full]   the body cut short; length=full announces",
            "                                            the whole Content-Length and closes the connection early",
            "    garble                                  a body that is neither JSON nor an image",
            "  when=before|after   error, gateway, reset, stall, truncate, garble: before (default) the request is",
            "                 processed, so nothing is created; after: the create (cancel, upload) happened, the answer is lost",
            "  DURATION: 500ms, 30s, 10m, 24h, 1d or ISO-8601 (PT30S); a bare number is seconds.",
            "Examples:",
            "  --fault \"on=create model=wan2.5-i2i-preview times=2 do=fail code=InternalError.Algo message=boom\"",
            "  --fault \"on=create prompt=(?i)cat times=1 do=fail-images images=1\"",
            "  --fault \"on=create times=1 do=truncate when=after cut=after-id\"",
            "  --fault \"on=create times=1 do=gateway status=504 when=after\"",
            "  --fault \"on=query times=3 do=error status=429 retry-after=2s\"",
            "  --fault \"on=download times=2 do=error status=403\"",
            "  --fault \"on=create do=list-lag for=30s\"");

    static final Map<String, Set<Endpoint>> ENDPOINT_NAMES = new LinkedHashMap<>();
    static final List<String> ACTIONS = List.of("fail", "fail-images", "reject-input", "reject-output", "expire",
            "unknown", "list-lag", "error", "gateway", "reset", "stall", "truncate", "garble");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    static {
        ENDPOINT_NAMES.put("create", EnumSet.of(Endpoint.IMAGE_SYNTHESIS, Endpoint.IMAGE_GENERATION,
                Endpoint.MULTIMODAL_GENERATION));
        for (Endpoint e : Endpoint.values()) {
            if (e != Endpoint.OTHER) {
                ENDPOINT_NAMES.put(e.ruleName(), EnumSet.of(e));
            }
        }
        ENDPOINT_NAMES.put("tasks", EnumSet.of(Endpoint.TASK_QUERY, Endpoint.TASK_LIST, Endpoint.TASK_CANCEL));
        ENDPOINT_NAMES.put("any", EnumSet.allOf(Endpoint.class));
    }

    private FaultRules() {}

    /** One thing wrong with one rule. */
    public record Problem(int rule, String text, String key, String message) {
        @Override
        public String toString() {
            return "rule " + rule + (text == null ? "" : " (" + text + ")") + ": " + (key == null ? "" : key + ": ") + message;
        }
    }

    /** Rules that cannot be used; {@link #problems()} lists every problem of every rule. */
    public static final class InvalidRules extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<Problem> problems;

        InvalidRules(List<Problem> problems) {
            super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** A parsed rule, ready to register. */
    record Draft(Set<Endpoint> endpoints, String model, String prompt, int times, Fault fault) {}

    /** Checks rules without registering them; throws {@link InvalidRules} listing every problem. */
    public static void check(List<String> rules) {
        parseAll(rules);
    }

    static List<Draft> parseAll(List<String> texts) {
        List<Problem> problems = new ArrayList<>();
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Map<String, String> keys = tokenize(text == null ? "" : text, i + 1, problems);
            if (keys != null) {
                Draft d = FaultRuleBuilder.build(keys, i + 1, text, problems);
                if (d != null) {
                    drafts.add(d);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRules(problems);
        }
        return drafts;
    }

    /** Parses a JSON rule object, an array of them, or {@code {"rules":[...]}}; every problem at once. */
    static List<Draft> parseJson(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        List<Draft> drafts = new ArrayList<>();
        JsonNode list = node != null && node.isObject() && node.has("rules") ? node.get("rules") : node;
        List<JsonNode> items = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(items::add);
        } else if (list != null && list.isObject()) {
            items.add(list);
        } else {
            throw new InvalidRules(List.of(new Problem(1, null, null,
                    "the body must be a rule object, an array of rule objects, {\"rules\": [...]} or rule text lines")));
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(new Problem(i + 1, null, null, "a rule is a JSON object, got " + item.getNodeType()));
                continue;
            }
            Map<String, String> keys = new LinkedHashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String value = flatten(e.getValue());
                if (value == null) {
                    problems.add(new Problem(i + 1, item.toString(), e.getKey(),
                            "must be a string, a number or an array of them, got " + e.getValue().getNodeType()));
                    ok = false;
                } else {
                    keys.put(e.getKey(), value);
                }
            }
            if (ok) {
                Draft d = FaultRuleBuilder.build(keys, i + 1, item.toString(), problems);
                if (d != null) {
                    drafts.add(d);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRules(problems);
        }
        return drafts;
    }

    private static String flatten(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) {
                if (!(x.isTextual() || x.isNumber())) {
                    return null;
                }
                parts.add(x.asText());
            }
            return String.join(",", parts);
        }
        return null;
    }

    /** Splits {@code key=value key="a value"} into an ordered map, or null after recording problems. */
    static Map<String, String> tokenize(String text, int index, List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        boolean ok = true;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(start, i);
            if (i >= n || text.charAt(i) != '=') {
                problems.add(new Problem(index, text, null, "expected key=value, got '" + key + "'"));
                ok = false;
                continue;
            }
            i++; // '='
            StringBuilder value = new StringBuilder();
            if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                char q = text.charAt(i++);
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && q == '"' && i < n && (text.charAt(i) == '"' || text.charAt(i) == '\\')) {
                        value.append(text.charAt(i++)); // only \" and \\ are escapes: a regex keeps its backslashes
                    } else if (c == q) {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    problems.add(new Problem(index, text, key, "the quoted value is not closed (missing " + q + ")"));
                    return null;
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            if (key.isEmpty()) {
                problems.add(new Problem(index, text, null, "a key is missing before '=" + value + "'"));
                ok = false;
            } else if (out.containsKey(key)) {
                problems.add(new Problem(index, text, key, "given twice"));
                ok = false;
            } else {
                out.put(key, value.toString());
            }
        }
        if (out.isEmpty() && ok) {
            problems.add(new Problem(index, text, null, "the rule is empty; it needs at least on=... and do=..."));
            return null;
        }
        return ok ? out : null;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 10m}, {@code 24h}, {@code 1d}, ISO-8601, or bare seconds; null if none. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millis;
        switch (unit) {
            case "ms":
                millis = amount;
                break;
            case "s":
                millis = amount.multiply(BigDecimal.valueOf(1000));
                break;
            case "m":
                millis = amount.multiply(BigDecimal.valueOf(60_000));
                break;
            case "h":
                millis = amount.multiply(BigDecimal.valueOf(3_600_000));
                break;
            default:
                millis = amount.multiply(BigDecimal.valueOf(86_400_000));
                break;
        }
        try {
            return Duration.ofMillis(millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The shortest exact form of a duration in the grammar: {@code 24h}, {@code 90s}, {@code 250ms}. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** The grammar name(s) of a set of endpoints: {@code create}, {@code tasks}, {@code any} where they fit, else the single names. */
    static String endpointNames(Collection<Endpoint> endpoints) {
        Set<Endpoint> left = EnumSet.noneOf(Endpoint.class);
        left.addAll(endpoints);
        if (left.equals(ENDPOINT_NAMES.get("any"))) {
            return "any";
        }
        List<String> names = new ArrayList<>();
        for (String group : List.of("create", "tasks")) {
            Set<Endpoint> g = ENDPOINT_NAMES.get(group);
            if (left.containsAll(g)) {
                names.add(group);
                left.removeAll(g);
            }
        }
        for (Endpoint e : left) {
            names.add(e.ruleName());
        }
        return String.join(",", names);
    }

    /** A value as the grammar writes it: bare when it has no space or quote, else in double quotes. */
    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
