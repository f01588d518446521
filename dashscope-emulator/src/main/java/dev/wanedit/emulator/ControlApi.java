package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The emulator's own HTTP control API under {@code /__emulator/}, for tests in any language: fault
 * rules, the request journal, the tasks created, counters, the clock, limits, reset. It needs no
 * key, answers only to loopback clients, and is not part of the DashScope API: its requests are not
 * journaled and no {@code /api/v1/...} path reaches it.
 *
 * <pre>
 * GET    /__emulator/                 what is here
 * GET    /__emulator/faults           the rules, with what each fired on
 * POST   /__emulator/faults           add rules: a JSON rule object, an array of them, or rule text lines
 * DELETE /__emulator/faults[/{id}]    remove all rules, or one
 * GET    /__emulator/requests         the journal (?endpoint=create&amp;method=POST&amp;path=/api/v1/tasks&amp;status=429&amp;limit=50)
 * GET    /__emulator/tasks            every task created (?model=...)
 * GET    /__emulator/stats            requests and 429s per endpoint, busiest second per group, counters
 * GET    /__emulator/clock            now; POST /__emulator/clock/advance {"seconds": 86400} or {"duration": "24h"}
 * POST   /__emulator/clock/set        {"now": "2025-09-23T14:14:10.800Z"}
 * GET    /__emulator/settings         limits and over-concurrency; POST to change them
 * POST   /__emulator/reset            forget rules, journal and tasks ({"faults": false} keeps the rules, ...)
 * </pre>
 */
final class ControlApi {
  static final String PREFIX = "/__emulator";
  private static final int BODY_TEXT_LIMIT = 200;

  private final DashScopeEmulator emu;

  ControlApi(DashScopeEmulator emu) {
    this.emu = emu;
  }

  /**
   * Whether a raw (still percent-encoded) request path belongs to the control API: it starts with
   * {@code /__emulator} literally, so nothing under {@code /api/v1} or {@code /compatible-mode}, no
   * dot segment and no encoded form of the prefix does.
   */
  static boolean owns(String rawPath) {
    return rawPath != null && (rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/"));
  }

  /** Whether a peer may use the control API: loopback clients only (127.0.0.0/8, ::1). */
  static boolean allowed(InetSocketAddress remote) {
    return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  /** A control-API error: status, a code and a message. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final transient JsonNode detail;

    Refusal(int status, String code, String message) {
      this(status, code, message, null);
    }

    Refusal(int status, String code, String message, JsonNode detail) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.detail = detail;
    }
  }

  void handle(HttpExchange ex) throws IOException {
    ObjectNode reply;
    int status = 200;
    try {
      if (!allowed(ex.getRemoteAddress())) {
        throw new Refusal(403, "Forbidden", "The control API answers loopback clients only.");
      }
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = ex.getRequestURI().getPath().substring(PREFIX.length());
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> query = Router.parseQuery(ex.getRequestURI().getRawQuery());
      Route route = route(method, path);
      reply = route.run(this, path, query, body);
      status = method.equals("POST") && path.equals("/faults") ? 201 : 200;
    } catch (Refusal r) {
      status = r.status;
      reply = Router.JSON.createObjectNode();
      reply.put("code", r.code);
      reply.put("message", r.getMessage());
      if (r.detail != null) {
        reply.set("problems", r.detail);
      }
    } catch (RuntimeException e) {
      status = 500;
      reply = Router.JSON.createObjectNode();
      reply.put("code", "InternalError");
      reply.put("message", "The control API failed: " + e);
    }
    byte[] bytes = Router.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(reply);
    ex.getResponseHeaders().set("Content-Type", Reply.JSON);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private interface Route {
    ObjectNode run(ControlApi api, String path, Map<String, String> query, byte[] body) throws Refusal;
  }

  private Route route(String method, String path) throws Refusal {
    switch (path) {
      case "":
      case "/":
        return only(method, "GET", (a, p, q, b) -> a.index());
      case "/faults":
        if (method.equals("GET")) {
          return (a, p, q, b) -> a.faults();
        }
        if (method.equals("POST")) {
          return (a, p, q, b) -> a.addFaults(b);
        }
        if (method.equals("DELETE")) {
          return (a, p, q, b) -> a.clearFaults();
        }
        throw notAllowed(method, path, "GET, POST, DELETE");
      case "/requests":
        return only(method, "GET", (a, p, q, b) -> a.requests(q));
      case "/tasks":
        return only(method, "GET", (a, p, q, b) -> a.tasks(q));
      case "/stats":
        return only(method, "GET", (a, p, q, b) -> a.stats());
      case "/clock":
        return only(method, "GET", (a, p, q, b) -> a.clock());
      case "/clock/advance":
        return only(method, "POST", (a, p, q, b) -> a.advance(b));
      case "/clock/set":
        return only(method, "POST", (a, p, q, b) -> a.setClock(b));
      case "/settings":
        if (method.equals("GET")) {
          return (a, p, q, b) -> a.settings();
        }
        if (method.equals("POST")) {
          return (a, p, q, b) -> a.changeSettings(b);
        }
        throw notAllowed(method, path, "GET, POST");
      case "/reset":
        return only(method, "POST", (a, p, q, b) -> a.reset(b));
      default:
        if (path.startsWith("/faults/")) {
          return only(method, "DELETE", (a, p, q, b) -> a.removeFault(p.substring("/faults/".length())));
        }
        throw new Refusal(404, "NotFound", "No control route " + PREFIX + path + "; GET " + PREFIX + "/ lists them.");
    }
  }

  private static Route only(String method, String allowed, Route r) throws Refusal {
    if (!method.equals(allowed)) {
      throw notAllowed(method, "", allowed);
    }
    return r;
  }

  private static Refusal notAllowed(String method, String path, String allowed) {
    return new Refusal(405, "MethodNotAllowed", method + " is not allowed here (allowed: " + allowed + ").");
  }

  // ------------------------------------------------------------------ index

  private ObjectNode index() {
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("api_base_url", emu.apiBaseUrl());
    out.put("region", emu.region().id());
    ArrayNode routes = out.putArray("routes");
    for (String r : List.of("GET /__emulator/faults", "POST /__emulator/faults", "DELETE /__emulator/faults",
        "DELETE /__emulator/faults/{id}", "GET /__emulator/requests", "GET /__emulator/tasks", "GET /__emulator/stats",
        "GET /__emulator/clock", "POST /__emulator/clock/advance", "POST /__emulator/clock/set",
        "GET /__emulator/settings", "POST /__emulator/settings", "POST /__emulator/reset")) {
      routes.add(r);
    }
    out.put("rule_grammar", FaultRules.HELP);
    return out;
  }

  // ------------------------------------------------------------------ faults

  private ObjectNode faults() {
    ObjectNode out = Router.JSON.createObjectNode();
    ArrayNode rules = out.putArray("rules");
    for (Faults.Rule r : emu.faults().rules()) {
      rules.add(rule(r, true));
    }
    return out;
  }

  static ObjectNode rule(Faults.Rule r, boolean withFirings) {
    ObjectNode o = Router.JSON.createObjectNode();
    o.put("id", r.id());
    o.put("rule", r.text());
    r.spec().forEach(o::put);
    if (r.times() > 0) {
      o.put("times", r.times());
    }
    o.put("remaining", r.remaining());
    o.put("hits", r.hits());
    if (withFirings) {
      ArrayNode fired = o.putArray("fired");
      for (Faults.Firing f : r.firings()) {
        ObjectNode x = fired.addObject();
        x.put("at", f.at().toString());
        x.put("endpoint", f.endpoint().ruleName());
        x.put("method", f.method());
        x.put("path", f.path());
        x.put("request_id", f.requestId());
      }
    }
    return o;
  }

  private ObjectNode addFaults(byte[] body) throws Refusal {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    List<FaultRules.Draft> drafts;
    try {
      if (text.startsWith("{") || text.startsWith("[")) {
        JsonNode json;
        try {
          json = Router.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new Refusal(400, "InvalidRule", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        drafts = FaultRules.parseJson(json);
      } else {
        List<String> lines = new ArrayList<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
        if (lines.isEmpty()) {
          throw new Refusal(400, "InvalidRule", "No rule given: send a JSON rule object, an array of them, or rule text "
              + "lines such as on=create times=1 do=fail code=InternalError.Algo");
        }
        drafts = FaultRules.parseAll(lines);
      }
    } catch (FaultRules.InvalidRules e) {
      ArrayNode problems = Router.JSON.createArrayNode();
      for (FaultRules.Problem p : e.problems()) {
        ObjectNode o = problems.addObject();
        o.put("rule", p.rule());
        if (p.key() != null) {
          o.put("key", p.key());
        }
        o.put("message", p.message());
      }
      throw new Refusal(400, "InvalidRule", e.getMessage(), problems);
    }
    List<Faults.Rule> added = emu.faults().register(drafts);
    ObjectNode out = Router.JSON.createObjectNode();
    ArrayNode rules = out.putArray("rules");
    added.forEach(r -> rules.add(rule(r, false)));
    return out;
  }

  private ObjectNode clearFaults() {
    int n = emu.faults().rules().size();
    emu.faults().clear();
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("removed", n);
    return out;
  }

  private ObjectNode removeFault(String id) throws Refusal {
    if (!emu.faults().remove(id)) {
      throw new Refusal(404, "NotFound", "No fault rule " + id + ".");
    }
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("removed", 1);
    return out;
  }

  // ------------------------------------------------------------------ journal

  private ObjectNode requests(Map<String, String> q) throws Refusal {
    java.util.Set<Endpoint> endpoints = null;
    if (q.containsKey("endpoint")) {
      endpoints = java.util.EnumSet.noneOf(Endpoint.class);
      for (String name : q.get("endpoint").split(",")) {
        java.util.Set<Endpoint> e = FaultRules.ENDPOINT_NAMES.get(name.trim());
        if (e == null) {
          throw new Refusal(400, "InvalidParameter", "endpoint: unknown '" + name.trim() + "' (allowed: "
              + String.join(", ", FaultRules.ENDPOINT_NAMES.keySet()) + ")");
        }
        endpoints.addAll(e);
      }
    }
    String method = q.get("method");
    String path = q.get("path");
    Integer status = q.containsKey("status") ? intParam(q, "status", 0, 999) : null;
    int limit = q.containsKey("limit") ? intParam(q, "limit", 1, 100_000) : Integer.MAX_VALUE;
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest r : emu.journal().requests()) {
      if ((endpoints == null || endpoints.contains(r.endpoint()))
          && (method == null || r.method().equalsIgnoreCase(method))
          && (path == null || r.path().startsWith(path))
          && (status == null || r.status() == status)) {
        matching.add(r);
      }
    }
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("total", matching.size());
    ArrayNode list = out.putArray("requests");
    int from = Math.max(0, matching.size() - limit); // the newest `limit`, oldest first
    for (RecordedRequest r : matching.subList(from, matching.size())) {
      list.add(request(r));
    }
    return out;
  }

  private static ObjectNode request(RecordedRequest r) {
    ObjectNode o = Router.JSON.createObjectNode();
    o.put("at", r.at().toString());
    o.put("method", r.method());
    o.put("path", r.path());
    o.put("query", r.query());
    o.put("endpoint", r.endpoint().ruleName());
    if (r.json() != null && r.json().path("model").isTextual()) {
      o.put("model", r.json().path("model").asText());
    }
    o.put("status", r.status());
    o.put("request_id", r.requestId());
    ObjectNode headers = o.putObject("headers");
    r.headers().forEach((k, v) -> {
      if (v.size() == 1) {
        headers.put(k, v.get(0));
      } else {
        ArrayNode a = headers.putArray(k);
        v.forEach(a::add);
      }
    });
    ObjectNode body = o.putObject("body");
    body.put("bytes", r.bodySize());
    if (r.json() != null) {
      body.set("json", summarize(r.json()));
    }
    if (!r.form().isEmpty()) {
      ArrayNode form = body.putArray("form");
      for (RecordedRequest.FormPart p : r.form()) {
        ObjectNode f = form.addObject();
        f.put("name", p.name());
        if (p.filename() != null) {
          f.put("filename", p.filename());
        }
        if (p.contentType() != null) {
          f.put("content_type", p.contentType());
        }
        f.put("bytes", p.bytes());
        if (p.value() != null) {
          f.put("value", p.value());
        }
      }
    }
    ArrayNode faults = o.putArray("faults");
    r.faults().forEach(faults::add);
    return o;
  }

  /** The JSON with long strings shortened ({@code data:} URIs to their media type and length). */
  static JsonNode summarize(JsonNode node) {
    if (node.isTextual()) {
      String s = node.asText();
      if (s.length() <= BODY_TEXT_LIMIT) {
        return node;
      }
      if (s.startsWith("data:")) {
        int comma = s.indexOf(',');
        String head = comma > 0 && comma < 100 ? s.substring(0, comma + 1) : "data:";
        return Router.JSON.getNodeFactory().textNode(head + "…(" + s.length() + " chars)");
      }
      return Router.JSON.getNodeFactory().textNode(s.substring(0, BODY_TEXT_LIMIT) + "…(" + s.length() + " chars)");
    }
    if (node.isObject()) {
      ObjectNode o = Router.JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        o.set(e.getKey(), summarize(e.getValue()));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = Router.JSON.createArrayNode();
      node.forEach(x -> a.add(summarize(x)));
      return a;
    }
    return node;
  }

  private ObjectNode tasks(Map<String, String> q) {
    String model = q.get("model");
    Instant now = emu.clock().now();
    ObjectNode out = Router.JSON.createObjectNode();
    ArrayNode list = out.putArray("tasks");
    int total = 0;
    for (Journal.CreatedTask t : emu.journal().createdTasks()) {
      if (model != null && !model.equals(t.model())) {
        continue;
      }
      total++;
      ObjectNode o = list.addObject();
      o.put("task_id", t.taskId());
      o.put("model", t.model());
      o.put("prompt", t.prompt());
      o.put("n", t.n());
      o.put("created_at", t.createdAt().toString());
      o.put("submit_time", Times.taskTime(t.createdAt()));
      o.put("api_key_id", t.apiKeyId());
      o.put("api_key", t.apiKeyMasked());
      o.put("endpoint", t.endpoint().ruleName());
      o.put("request_id", t.requestId());
      o.put("sync", t.sync());
      Task task = emu.state.task(t.taskId());
      o.put("status", t.sync() ? "SYNC" : task == null ? "UNKNOWN" : task.status(now).name());
      if (task != null && !t.sync()) {
        o.put("listed", !now.isBefore(task.listedFrom()));
      }
      ArrayNode faults = o.putArray("faults");
      t.faults().forEach(faults::add);
    }
    out.put("total", total);
    return out;
  }

  private ObjectNode stats() {
    Journal j = emu.journal();
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("tasks_created", j.tasksCreated());
    int most = 0;
    for (int n : j.tasksCreatedPerBody().values()) {
      most = Math.max(most, n);
    }
    out.put("most_tasks_from_one_body", most);
    ObjectNode received = out.putObject("requests");
    j.requestsPerEndpoint().forEach((e, n) -> received.put(e.ruleName(), n));
    ObjectNode throttled = out.putObject("throttled");
    j.throttledPerEndpoint().forEach((e, codes) -> {
      ObjectNode o = throttled.putObject(e.ruleName());
      codes.forEach(o::put);
    });
    out.put("throttled_total", j.throttled());
    ObjectNode busiest = out.putObject("busiest_second");
    j.busiestSecond().forEach(busiest::put);
    out.put("uploads", j.uploads());
    out.put("uploaded_bytes", j.uploadedBytes());
    out.put("downloads", j.downloads());
    out.put("downloaded_bytes", j.downloadedBytes());
    return out;
  }

  // ------------------------------------------------------------------ clock

  private ObjectNode clock() {
    EmulatorClock c = emu.clock();
    Instant now = c.now();
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("now", now.toString());
    out.put("now_utc8", Times.taskTime(now));
    out.put("manual", c.isManual());
    out.put("offset_seconds", c.offset().toMillis() / 1000.0);
    return out;
  }

  private ObjectNode advance(byte[] body) throws Refusal {
    JsonNode json = jsonBody(body);
    Duration by;
    if (json.has("seconds")) {
      JsonNode s = json.get("seconds");
      if (!s.isNumber() || s.asDouble() < 0) {
        throw new Refusal(400, "InvalidParameter", "seconds: a number >= 0, got " + s);
      }
      by = Duration.ofMillis(Math.round(s.asDouble() * 1000));
    } else if (json.path("duration").isTextual()) {
      by = FaultRules.parseDuration(json.get("duration").asText());
      if (by == null || by.isNegative()) {
        throw new Refusal(400, "InvalidParameter", "duration: '" + json.get("duration").asText()
            + "' is not a duration (such as 30s, 10m, 24h, 1d or PT24H)");
      }
    } else {
      throw new Refusal(400, "InvalidParameter", "give {\"seconds\": 86400} or {\"duration\": \"24h\"}");
    }
    emu.clock().advance(by);
    return clock();
  }

  private ObjectNode setClock(byte[] body) throws Refusal {
    JsonNode json = jsonBody(body);
    if (!json.path("now").isTextual()) {
      throw new Refusal(400, "InvalidParameter", "give {\"now\": \"2025-09-23T14:14:10.800Z\"} (an ISO-8601 instant)");
    }
    try {
      emu.clock().set(Instant.parse(json.get("now").asText()));
    } catch (DateTimeParseException e) {
      throw new Refusal(400, "InvalidParameter", "now: '" + json.get("now").asText() + "' is not an ISO-8601 instant "
          + "such as 2025-09-23T14:14:10.800Z");
    }
    return clock();
  }

  // ------------------------------------------------------------------ settings and reset

  private ObjectNode settings() {
    DashScopeEmulator.Builder c = emu.config();
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("submission_rate_limit", c.submissionRateLimit);
    out.put("concurrency_limit", c.concurrencyLimit);
    out.put("task_query_rate_limit", c.taskQueryRateLimit);
    out.put("over_concurrency", c.overConcurrency.id());
    out.put("time_scale", c.timeScale);
    out.put("region", c.region.id());
    return out;
  }

  private ObjectNode changeSettings(byte[] body) throws Refusal {
    JsonNode json = jsonBody(body);
    DashScopeEmulator.Builder c = emu.config();
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> flags = new LinkedHashMap<>();
    OverConcurrency mode = null;
    for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
      String k = it.next();
      JsonNode v = json.get(k);
      switch (k) {
        case "submission_rate_limit":
        case "concurrency_limit":
        case "task_query_rate_limit":
          if (v.isBoolean()) {
            flags.put(k, v.asBoolean());
          } else {
            problems.add(k + ": true or false, got " + v);
          }
          break;
        case "over_concurrency":
          try {
            mode = OverConcurrency.parse(v.asText());
          } catch (IllegalArgumentException e) {
            problems.add("over_concurrency: reject or queue, got " + v);
          }
          break;
        default:
          problems.add(k + ": not a setting (settings: submission_rate_limit, concurrency_limit, "
              + "task_query_rate_limit, over_concurrency)");
      }
    }
    if (!problems.isEmpty()) {
      throw new Refusal(400, "InvalidParameter", String.join("; ", problems));
    }
    flags.forEach((k, v) -> {
      switch (k) {
        case "submission_rate_limit":
          c.submissionRateLimit = v;
          break;
        case "concurrency_limit":
          c.concurrencyLimit = v;
          break;
        default:
          c.taskQueryRateLimit = v;
          break;
      }
    });
    if (mode != null) {
      c.overConcurrency = mode;
    }
    return settings();
  }

  private ObjectNode reset(byte[] body) throws Refusal {
    JsonNode json = body.length == 0 ? Router.JSON.createObjectNode() : jsonBody(body);
    boolean faults = json.path("faults").asBoolean(true);
    boolean journal = json.path("journal").asBoolean(true);
    boolean tasks = json.path("tasks").asBoolean(true);
    if (faults) {
      emu.faults().clear();
    }
    if (journal) {
      emu.journal().clear();
    }
    if (tasks) {
      emu.state.clear();
    }
    ObjectNode out = Router.JSON.createObjectNode();
    out.put("faults", faults);
    out.put("journal", journal);
    out.put("tasks", tasks);
    return out;
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode jsonBody(byte[] body) throws Refusal {
    try {
      JsonNode json = body.length == 0 ? null : Router.JSON.readTree(body);
      if (json == null || !json.isObject()) {
        throw new Refusal(400, "InvalidParameter", "The body must be a JSON object.");
      }
      return json;
    } catch (IOException e) {
      throw new Refusal(400, "InvalidParameter", "The body is not valid JSON.");
    }
  }

  private static int intParam(Map<String, String> q, String name, int min, int max) throws Refusal {
    try {
      int v = Integer.parseInt(q.get(name));
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Refusal(400, "InvalidParameter", name + ": a whole number from " + min + " to " + max + ", got '"
        + q.get(name) + "'");
  }
}
