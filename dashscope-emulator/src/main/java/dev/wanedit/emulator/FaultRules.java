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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
  private static final List<String> COMMON = List.of("on", "model", "prompt", "times", "do");
  private static final Map<String, List<String>> ACTION_KEYS = new LinkedHashMap<>();
  private static final List<String> ALL_KEYS;
  private static final Set<String> WHEN_ACTIONS = Set.of("error", "gateway", "reset", "stall", "truncate", "garble");
  private static final Set<String> OUTCOME_ACTIONS = Set.of("fail", "fail-images", "reject-input", "reject-output",
      "expire", "list-lag");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");
  private static final Map<Integer, String[]> DEFAULT_ERRORS = new LinkedHashMap<>();

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
        Draft d = build(keys, i + 1, text, problems);
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
        Draft d = build(keys, i + 1, item.toString(), problems);
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

  /** Checks the keys of one rule and builds it, or records every problem and returns null. */
  static Draft build(Map<String, String> keys, int index, String text, List<Problem> problems) {
    int before = problems.size();
    Problems p = (key, message) -> problems.add(new Problem(index, text, key, message));
    for (String k : keys.keySet()) {
      if (!ALL_KEYS.contains(k)) {
        p.add(k, "unknown key (keys: " + String.join(", ", ALL_KEYS) + ")");
      }
    }
    Set<Endpoint> endpoints = endpoints(keys.get("on"), p);
    String action = keys.get("do");
    if (action == null) {
      p.add("do", "required (one of: " + String.join(", ", ACTIONS) + ")");
    } else if (!ACTIONS.contains(action)) {
      p.add("do", "unknown action '" + action + "' (one of: " + String.join(", ", ACTIONS) + ")");
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
    return new Draft(endpoints, model, prompt, times, fault);
  }

  private interface Problems {
    void add(String key, String message);
  }

  private static Set<Endpoint> endpoints(String on, Problems p) {
    if (on == null || on.isBlank()) {
      p.add("on", "required (comma-separated: " + String.join(", ", ENDPOINT_NAMES.keySet()) + ")");
      return null;
    }
    Set<Endpoint> out = EnumSet.noneOf(Endpoint.class);
    boolean ok = true;
    for (String name : on.split(",")) {
      Set<Endpoint> e = ENDPOINT_NAMES.get(name.trim());
      if (e == null) {
        p.add("on", "unknown endpoint '" + name.trim() + "' (allowed: " + String.join(", ", ENDPOINT_NAMES.keySet()) + ")");
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
    Duration d = parseDuration(text);
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
