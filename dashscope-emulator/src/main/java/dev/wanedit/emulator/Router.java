package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Routes every request, applies faults and limits, answers, and records the exchange in the journal.
 * Paths under {@code /__emulator/} go to the {@link ControlApi} instead: never journaled, never
 * faulted, and unreachable from any {@code /api/v1/...} path.
 */
final class Router implements HttpHandler {
  private static final java.util.regex.Pattern TASK_PATH = java.util.regex.Pattern.compile("/tasks/[^/]+");
  private static final java.util.regex.Pattern CANCEL_PATH = java.util.regex.Pattern.compile("/tasks/[^/]+/cancel");

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v1";
  private static final Set<String> STATUSES = Set.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED");

  private final DashScopeEmulator emu;
  private final OssUploads uploads = new OssUploads(JSON);
  private final InputImages images;
  private final ControlApi control;

  Router(DashScopeEmulator emu) {
    this.emu = emu;
    this.images = new InputImages(emu.fetcher(), emu.state::objectBytes);
    this.control = new ControlApi(emu);
  }

  /** One received request, and the faults that fired on it. */
  private static final class Call {
    final HttpExchange ex;
    final String method;
    final String path;
    final Map<String, String> query;
    final byte[] body;
    final JsonNode json;
    final Endpoint endpoint;
    final String requestId;
    final Instant at;
    /** Ids of the rules that fired on this request. */
    final List<String> fired = new ArrayList<>();
    /** A fault to apply to the reply once the request has been processed. */
    Fault after;
    /** A task query that must answer UNKNOWN. */
    boolean answerUnknown;

    Call(HttpExchange ex, String method, String path, Map<String, String> query, byte[] body, JsonNode json,
        Endpoint endpoint, String requestId, Instant at) {
      this.ex = ex;
      this.method = method;
      this.path = path;
      this.query = query;
      this.body = body;
      this.json = json;
      this.endpoint = endpoint;
      this.requestId = requestId;
      this.at = at;
    }

    String header(String name) {
      return ex.getRequestHeaders().getFirst(name);
    }

    String method() {
      return method;
    }

    String path() {
      return path;
    }

    Map<String, String> query() {
      return query;
    }

    byte[] body() {
      return body;
    }

    JsonNode json() {
      return json;
    }

    Endpoint endpoint() {
      return endpoint;
    }

    String requestId() {
      return requestId;
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      // the raw path decides: an encoded /%5F%5Femulator/ or a /api/v1/../ is a DashScope path, never the control API
      if (ControlApi.owns(ex.getRequestURI().getRawPath())) {
        control.handle(ex);
        return;
      }
      long arrived = System.nanoTime();
      Instant at = emu.clock().now();
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String rawQuery = ex.getRequestURI().getRawQuery();
      byte[] body = ex.getRequestBody().readAllBytes();
      Endpoint endpoint = classify(method, path);
      JsonNode json = parseJson(body);
      emu.journal().recordArrival(endpoint, endpoint.isCreate() ? modelOf(json) : null, arrived);
      Call call = new Call(ex, method, path, parseQuery(rawQuery), body, json, endpoint, UUID.randomUUID().toString(), at);
      Reply reply;
      try {
        reply = dispatch(call);
      } catch (ApiError e) {
        reply = error(call, e.status(), e.code(), e.getMessage());
      } catch (RuntimeException e) {
        reply = error(call, 500, "InternalError", "The emulator failed: " + e);
      }
      reply = applyAfter(call, reply);
      emu.journal().record(new RecordedRequest(at, method, path, Journal.maskQuery(rawQuery),
          maskedHeaders(ex.getRequestHeaders()), body.length, json,
          Journal.summarizeForm(ex.getRequestHeaders().getFirst("Content-Type"), body), endpoint, reply.reset ? 0 : reply.status,
          call.requestId(), List.copyOf(call.fired)));
      if (reply.status == 429 && !reply.reset) {
        emu.journal().recordThrottle(endpoint, reply.errorCode == null ? "?" : reply.errorCode);
      }
      send(ex, reply, call.requestId());
    } finally {
      ex.close();
    }
  }

  private static Endpoint classify(String method, String path) {
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.startsWith(API + "/")) {
      String rest = p.substring(API.length());
      if (method.equals("POST") && rest.equals("/services/aigc/image2image/image-synthesis")) {
        return Endpoint.IMAGE_SYNTHESIS;
      }
      if (method.equals("POST") && rest.equals("/services/aigc/image-generation/generation")) {
        return Endpoint.IMAGE_GENERATION;
      }
      if (method.equals("POST") && rest.equals("/services/aigc/multimodal-generation/generation")) {
        return Endpoint.MULTIMODAL_GENERATION;
      }
      if (method.equals("POST") && rest.equals("/services/aigc/text2image/image-synthesis")) {
        return Endpoint.TEXT2IMAGE;
      }
      if (method.equals("GET") && rest.equals("/tasks")) {
        return Endpoint.TASK_LIST;
      }
      if (method.equals("GET") && TASK_PATH.matcher(rest).matches()) {
        return Endpoint.TASK_QUERY;
      }
      if (method.equals("POST") && CANCEL_PATH.matcher(rest).matches()) {
        return Endpoint.TASK_CANCEL;
      }
      if (method.equals("GET") && rest.equals("/uploads")) {
        return Endpoint.UPLOAD_POLICY;
      }
      return Endpoint.OTHER;
    }
    if (method.equals("POST") && p.equals("/oss-upload")) {
      return Endpoint.OSS_UPLOAD;
    }
    if (method.equals("GET") && p.startsWith("/results/")) {
      return Endpoint.RESULT_DOWNLOAD;
    }
    if (method.equals("GET") && p.startsWith("/public/")) {
      return Endpoint.PUBLIC_FILE;
    }
    return Endpoint.OTHER;
  }

  private Reply dispatch(Call c) throws ApiError {
    switch (c.endpoint()) {
      case IMAGE_SYNTHESIS:
      case IMAGE_GENERATION:
      case MULTIMODAL_GENERATION:
      case TEXT2IMAGE:
        return create(c);
      case TASK_QUERY:
        return query(c);
      case TASK_CANCEL:
        return cancel(c);
      case TASK_LIST:
        return list(c);
      case UPLOAD_POLICY:
        return policy(c);
      case OSS_UPLOAD:
        return upload(c);
      case RESULT_DOWNLOAD:
        return download(c);
      case PUBLIC_FILE:
        return publicFile(c);
      case OTHER:
      default:
        if (c.path().startsWith(API + "/")) {
          throw ApiError.badUrl("No such endpoint: " + c.method() + " " + c.path());
        }
        return new Reply(404, "text/plain;charset=UTF-8", "Not Found\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  // ------------------------------------------------------------------ create

  private Reply create(Call c) throws ApiError {
    String apiKey = authenticate(c);
    boolean async = c.endpoint() != Endpoint.MULTIMODAL_GENERATION;
    if (async && !"enable".equalsIgnoreCase(trim(c.header("X-DashScope-Async")))) {
      throw new ApiError(403, "AccessDenied", "current user api does not support synchronous calls");
    }
    if (c.body().length == 0) {
      throw new ApiError(400, "BadRequest.EmptyParameters", "The request body is empty.");
    }
    if (c.json() == null || !c.json().isObject()) {
      throw ApiError.invalid("The request body is not a valid JSON object.");
    }
    JsonNode modelNode = c.json().get("model");
    if (modelNode == null || modelNode.isNull() || modelNode.asText().isBlank()) {
      throw new ApiError(400, "BadRequest.EmptyModel", "Required parameter 'model' missing from request.");
    }
    String modelId = modelNode.asText();
    ModelSpec model = ModelSpec.byId(modelId);
    if (model == null || !model.regions.contains(emu.region())) {
      throw ApiError.invalid("Model not exist.");
    }
    if (!model.servedBy(c.endpoint())) {
      throw ApiError.badUrl("The model " + modelId + " is not served by " + c.path() + ".");
    }
    String prompt = promptOf(c.json());
    Reply early = requestFault(c, modelId, prompt);
    if (early != null) {
      return early;
    }
    String limit = emu.state.admitSubmission(model);
    if (limit != null) {
      return limit.equals("Throttling.RateQuota")
          ? error(c, 429, limit, "Requests rate limit exceeded, please try again later.")
          : error(c, 429, limit, "Allocated quota exceeded, please increase your quota limit.");
    }
    boolean ossResolve = "enable".equalsIgnoreCase(trim(c.header("X-DashScope-OssResourceResolve")));
    RequestRules.Loader loader = ref -> images.load(ref, ossResolve);
    TaskSpec spec;
    switch (model) {
      case WAN25_I2I:
        spec = RequestRules.wan25(c.json(), loader);
        break;
      case WANX21_IMAGEEDIT:
        spec = RequestRules.wanx21(c.json(), loader);
        break;
      case WAN27_IMAGE:
      case WAN27_IMAGE_PRO:
        spec = RequestRules.wan27(model, c.json(), loader);
        break;
      default:
        throw new AssertionError(model);
    }
    List<Faults.Rule> outcomeRules = emu.faults().takeOutcomeFaults(target(c, modelId, spec.prompt()));
    outcomeRules.forEach(r -> c.fired.add(r.id()));
    Task.Outcomes outcomes = Task.Outcomes.of(outcomeRules);
    DashScopeEmulator.Builder cfg = emu.config();
    Instant now = emu.clock().now();
    Duration queue = async ? cfg.scaledQueue() : Duration.ZERO;
    Duration run = async ? cfg.runTime(model) : Duration.ZERO;
    String id = UUID.randomUUID().toString();
    JsonNode nNode = c.json().path("parameters").path("n");
    int requestedN = nNode.canConvertToInt() ? nNode.asInt() : spec.count();
    Task task = emu.state.add(q -> new Task(id, c.requestId(), apiKey, c.endpoint(), spec, requestedN, now, q, run,
        outcomes, !async, cfg.retention), model, queue, run, async);
    emu.journal().recordCreate(Journal.canonical(c.json()), new Journal.CreatedTask(task.id, modelId, spec.prompt(),
        requestedN, now, apiKeyId(apiKey), Journal.maskAuthorization(apiKey), c.endpoint(), c.requestId(), !async, List.copyOf(c.fired)));
    if (!async) {
      if (!emu.clock().isManual()) {
        emu.pause(cfg.scaledQueue().plus(cfg.runTime(model)));
      }
      return syncReply(c, task);
    }
    return ok(createReply(task.id, c.requestId()));
  }

  private static ObjectNode createReply(String taskId, String requestId) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode output = out.putObject("output");
    output.put("task_status", "PENDING");
    output.put("task_id", taskId);
    out.put("request_id", requestId);
    return out;
  }

  /** The prompt of a create body: {@code input.prompt}, or the first text of a wan2.7 message; null if none. */
  static String promptOf(JsonNode json) {
    if (json == null) {
      return null;
    }
    JsonNode input = json.path("input");
    if (input.path("prompt").isTextual()) {
      return input.path("prompt").asText();
    }
    for (JsonNode item : input.path("messages").path(0).path("content")) {
      if (item.path("text").isTextual()) {
        return item.path("text").asText();
      }
    }
    return null;
  }

  private static String modelOf(JsonNode json) {
    return json != null && json.path("model").isTextual() ? json.path("model").asText() : null;
  }

  private Faults.Target target(Call c, String model, String prompt) {
    return new Faults.Target(c.endpoint(), model, prompt, c.method(), c.path(), c.requestId());
  }

  /** Whether processing this endpoint changes the emulator's state (a task, a cancel, a stored file). */
  private static boolean hasSideEffects(Endpoint e) {
    return e.isCreate() || e == Endpoint.TASK_CANCEL || e == Endpoint.OSS_UPLOAD;
  }

  /**
   * Consumes the first request rule that matches. A fault that acts before processing gives the
   * reply to send instead (null after a delay, to go on); one that acts after processing is kept
   * for {@link #applyAfter} (so are truncated and garbled bodies of endpoints without side effects:
   * they mangle the real reply).
   */
  private Reply requestFault(Call c, String model, String prompt) {
    Faults.Rule rule = emu.faults().takeRequestFault(target(c, model, prompt));
    if (rule == null) {
      return null;
    }
    c.fired.add(rule.id());
    Fault f = rule.fault();
    boolean mangle = f.kind() == Fault.Kind.TRUNCATED || f.kind() == Fault.Kind.GARBLED;
    if (f.isAfterProcessing() || (mangle && !hasSideEffects(c.endpoint()))) {
      c.after = f;
      return null;
    }
    switch (f.kind()) {
      case DELAY:
        emu.pause(f.duration());
        return null;
      case UNKNOWN:
        c.answerUnknown = true; // answered by the query itself
        return null;
      case MALFORMED_JSON:
        return Reply.json(200, "{\"request_id\":\"" + c.requestId() + "\",\"output\":{\"task_id\":\"");
      default:
        // nothing is processed: an error, a page or a dropped connection instead of the reply, or a
        // cut or garbled body of the reply the request would have had, without its effect
        return applyFault(c, f, c.endpoint().isCreate()
            ? ok(createReply(UUID.randomUUID().toString(), c.requestId())) : ok(requestIdOnly(c)));
    }
  }

  private static ObjectNode requestIdOnly(Call c) {
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", c.requestId());
    return out;
  }

  /** Applies the after-processing fault of this request, if any, to its real reply. */
  private Reply applyAfter(Call c, Reply reply) {
    if (c.after == null || reply.reset) {
      return reply;
    }
    return applyFault(c, c.after, reply);
  }

  private Reply applyFault(Call c, Fault f, Reply reply) {
    switch (f.kind()) {
      case ERROR:
      case DOWNLOAD_FORBIDDEN:
        return faultError(c, f);
      case GATEWAY:
        return Reply.gatewayPage(f.status());
      case RESET:
      case CREATE_THEN_RESET:
        return Reply.reset();
      case DELAY:
      case CREATE_THEN_STALL:
        reply.stall = f.duration();
        return reply;
      case TRUNCATED: {
        int keep;
        if (f.cutBytes() >= 0) {
          keep = f.cutBytes();
        } else {
          Fault.Cut cut = f.cut() != null ? f.cut() : c.endpoint().isCreate() ? Fault.Cut.BEFORE_TASK_ID : Fault.Cut.HALF;
          keep = cut == Fault.Cut.HALF ? -1 : reply.createCut(cut);
          if (keep < 0) {
            keep = reply.body.length / 2;
          }
        }
        return reply.truncated(keep, f.declaresFullLength());
      }
      case GARBLED:
        return reply.garbled();
      default:
        return reply;
    }
  }

  /** An injected error: DashScope JSON, or OSS XML on upload and download endpoints; with its Retry-After. */
  private static Reply faultError(Call c, Fault f) {
    Reply r = c.endpoint().isOss() ? ossError(c, f.status(), f.code(), f.message()) : error(c, f.status(), f.code(), f.message());
    if (f.retryAfter() != null) {
      r.header("Retry-After", Long.toString(Math.max(1, f.retryAfter().toSeconds())));
    }
    return r;
  }

  private Reply syncReply(Call c, Task task) {
    if (task.succeededCount() == 0) {
      String code = task.failureCode();
      int status = code.startsWith("InternalError") || code.equals("SystemError") || code.equals("ModelServiceFailed")
          ? 500 : 400;
      return error(c, status, code, task.failureMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    ObjectNode output = out.putObject("output");
    addChoices(output, task);
    output.put("finished", true);
    addWan27Usage(out, task);
    out.put("request_id", c.requestId());
    return ok(out);
  }

  // ------------------------------------------------------------------ tasks

  private Reply query(Call c) throws ApiError {
    String id = c.path().substring((API + "/tasks/").length());
    emu.journal().recordTaskQuery(id);
    authenticate(c);
    Reply limited = taskCallLimit(c);
    if (limited != null) {
      return limited;
    }
    Task task = emu.state.task(id);
    Reply early = requestFault(c, task == null ? null : task.spec.model().id, task == null ? null : task.spec.prompt());
    if (early != null) {
      return early;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", c.requestId());
    if (task == null || c.answerUnknown || task.takeUnknownAnswer()) {
      ObjectNode output = out.putObject("output");
      output.put("task_id", id);
      output.put("task_status", "UNKNOWN");
      return ok(out);
    }
    Instant now = emu.clock().now();
    Task.Status status = task.status(now);
    ObjectNode output = out.putObject("output");
    output.put("task_id", task.id);
    output.put("task_status", status.name());
    output.put("submit_time", Times.taskTime(task.submitted));
    if (status != Task.Status.PENDING && !(status == Task.Status.CANCELED && task.endAt().isBefore(task.scheduledAt()))) {
      output.put("scheduled_time", Times.taskTime(task.scheduledAt()));
    }
    boolean terminal = status != Task.Status.PENDING && status != Task.Status.RUNNING;
    if (terminal) {
      output.put("end_time", Times.taskTime(task.endAt()));
    }
    boolean choices = task.spec.model().family == ModelSpec.Family.IMAGE_GENERATION;
    if (choices) {
      if (status == Task.Status.SUCCEEDED) {
        addChoices(output, task);
      }
      if (status == Task.Status.FAILED) {
        output.put("code", task.failureCode());
        output.put("message", task.failureMessage());
      }
      output.put("finished", terminal);
      if (status == Task.Status.SUCCEEDED) {
        addWan27Usage(out, task);
      }
      return ok(out);
    }
    if (status == Task.Status.SUCCEEDED) {
      ArrayNode results = output.putArray("results");
      for (int i = 0; i < task.spec.count(); i++) {
        ObjectNode r = results.addObject();
        if (task.imageFails(i)) {
          r.put("code", task.outcome.code());
          r.put("message", task.outcome.message());
        } else {
          if (task.spec.model() == ModelSpec.WAN25_I2I || task.spec.actualPrompt() != null) {
            r.put("orig_prompt", task.spec.prompt());
          }
          if (task.spec.actualPrompt() != null) {
            r.put("actual_prompt", task.spec.actualPrompt());
          }
          r.put("url", resultUrl(task, i));
        }
      }
    }
    if (status == Task.Status.FAILED) {
      output.put("code", task.failureCode());
      output.put("message", task.failureMessage());
    }
    if (status != Task.Status.PENDING) {
      ObjectNode metrics = output.putObject("task_metrics");
      int total = task.spec.count();
      int ok = terminal && status != Task.Status.CANCELED ? task.succeededCount() : 0;
      int failed = terminal && status != Task.Status.CANCELED ? total - ok : 0;
      metrics.put("TOTAL", total);
      metrics.put("SUCCEEDED", ok);
      metrics.put("FAILED", failed);
    }
    if (status == Task.Status.SUCCEEDED) {
      out.putObject("usage").put("image_count", task.succeededCount());
    }
    return ok(out);
  }

  private void addChoices(ObjectNode output, Task task) {
    ArrayNode choices = output.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("finish_reason", "stop");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    for (int i = 0; i < task.spec.count(); i++) {
      if (!task.imageFails(i)) {
        ObjectNode item = content.addObject();
        item.put("image", resultUrl(task, i));
        item.put("type", "image");
      }
    }
  }

  private void addWan27Usage(ObjectNode out, Task task) {
    int images = task.succeededCount();
    int outputTokens = 2 + 3 * (images - 1);
    ObjectNode usage = out.putObject("usage");
    usage.put("image_count", images);
    usage.put("input_tokens", task.spec.inputTokens());
    usage.put("output_tokens", outputTokens);
    usage.put("size", task.spec.size());
    usage.put("total_tokens", task.spec.inputTokens() + outputTokens);
  }

  private String resultUrl(Task task, int index) {
    long expires = task.resultsExpireAt().getEpochSecond();
    String object = task.id + "/" + index;
    return emu.baseUrl() + "/results/" + object + ".png?Expires=" + expires + "&OSSAccessKeyId="
        + OssUploads.ACCESS_KEY_ID + "&Signature="
        + URLEncoder.encode(OssUploads.sign(object + "\n" + expires), StandardCharsets.UTF_8);
  }

  private Reply cancel(Call c) throws ApiError {
    String rest = c.path().substring((API + "/tasks/").length());
    String id = rest.substring(0, rest.indexOf('/'));
    authenticate(c);
    Reply limited = taskCallLimit(c);
    if (limited != null) {
      return limited;
    }
    Task task = emu.state.task(id);
    Reply early = requestFault(c, task == null ? null : task.spec.model().id, task == null ? null : task.spec.prompt());
    if (early != null) {
      return early;
    }
    Instant now = emu.clock().now();
    synchronized (emu.state) {
      if (task == null || task.status(now) != Task.Status.PENDING) {
        throw new ApiError(400, "UnsupportedOperation",
            "Failed to cancel the task, please confirm if the task is in PENDING status.");
      }
      task.cancel(now);
    }
    // The success body is not documented. The official SDKs parse every answer as {request_id,
    // output}: without an output the Java SDK logs "Result no output", so answer the task as it now is.
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", c.requestId());
    ObjectNode output = out.putObject("output");
    output.put("task_id", task.id);
    output.put("task_status", "CANCELED");
    return ok(out);
  }

  private Reply list(Call c) throws ApiError {
    authenticate(c);
    Reply limited = taskCallLimit(c);
    if (limited != null) {
      return limited;
    }
    Reply early = requestFault(c, c.query().get("model_name"), null);
    if (early != null) {
      return early;
    }
    Map<String, String> q = c.query();
    Instant from = q.containsKey("start_time") ? Times.listFilter(q.get("start_time"), "start_time") : null;
    Instant to = q.containsKey("end_time") ? Times.listFilter(q.get("end_time"), "end_time") : null;
    String status = q.get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.invalid("Parameter status must be one of " + STATUSES + ", got '" + status + "'.");
    }
    int pageNo = intQuery(q, "page_no", 1, Integer.MAX_VALUE, 1);
    int pageSize = intQuery(q, "page_size", 1, 100, 10);
    Instant now = emu.clock().now();
    List<Task> matching = new ArrayList<>();
    for (Task t : emu.state.liveTasks()) {
      if (now.isBefore(t.listedFrom())) {
        continue; // an injected list lag: created, not listed yet
      }
      if (from != null && t.submitted.isBefore(from)) {
        continue;
      }
      if (to != null && t.submitted.isAfter(to)) {
        continue;
      }
      if (q.containsKey("model_name") && !q.get("model_name").equals(t.spec.model().id)) {
        continue;
      }
      if (q.containsKey("task_id") && !q.get("task_id").equals(t.id)) {
        continue;
      }
      if (q.containsKey("api_key_id") && !q.get("api_key_id").equals(apiKeyId(t.apiKey))) {
        continue;
      }
      if (q.containsKey("region") && !q.get("region").equals(emu.region().id())) {
        continue;
      }
      if (status != null && !status.equals(t.status(now).name())) {
        continue;
      }
      matching.add(t);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("total", matching.size());
    ArrayNode data = out.putArray("data");
    int from0 = (int) Math.min((long) (pageNo - 1) * pageSize, matching.size());
    for (Task t : matching.subList(from0, Math.min(from0 + pageSize, matching.size()))) {
      Task.Status s = t.status(now);
      ObjectNode item = data.addObject();
      item.put("api_key_id", apiKeyId(t.apiKey));
      item.put("caller_parent_id", "1000000000000000");
      item.put("caller_uid", "1000000000000000");
      item.put("gmt_create", t.submitted.toEpochMilli());
      if (s != Task.Status.PENDING && !t.scheduledAt().isAfter(t.endAt())) {
        item.put("start_time", t.scheduledAt().toEpochMilli());
      }
      if (s != Task.Status.PENDING && s != Task.Status.RUNNING) {
        item.put("end_time", t.endAt().toEpochMilli());
      }
      item.put("model_name", t.spec.model().id);
      item.put("region", emu.region().id());
      item.put("request_id", t.requestId);
      item.put("status", s.name());
      item.put("task_id", t.id);
      item.put("user_api_unique_key", "apikey:v1:" + t.spec.model().id + ":" + apiKeyId(t.apiKey));
    }
    out.put("total_page", (matching.size() + pageSize - 1) / pageSize);
    out.put("page_no", pageNo);
    out.put("request_id", c.requestId());
    out.put("page_size", pageSize);
    return ok(out);
  }

  static String apiKeyId(String apiKey) {
    return OssUploads.hex32(apiKey).substring(0, 16);
  }

  private Reply taskCallLimit(Call c) {
    if (!emu.state.admitTaskCall()) {
      return error(c, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
    }
    return null;
  }

  // ------------------------------------------------------------------ uploads

  private Reply policy(Call c) throws ApiError {
    String apiKey = authenticate(c);
    String model = c.query().get("model");
    Reply early = requestFault(c, model, null);
    if (early != null) {
      return early;
    }
    if (!"getPolicy".equals(c.query().get("action"))) {
      throw ApiError.invalid("Parameter action must be getPolicy.");
    }
    if (model == null || model.isBlank()) {
      throw ApiError.invalid("Parameter model is required.");
    }
    ModelSpec spec = ModelSpec.byId(model);
    if (spec == null || !spec.regions.contains(emu.region())) {
      throw ApiError.invalid("Model not exist.");
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("data", uploads.policy(emu.baseUrl(), apiKey, emu.clock().now()));
    out.put("request_id", c.requestId());
    return ok(out);
  }

  private Reply upload(Call c) {
    Reply early = requestFault(c, null, null);
    if (early != null) {
      return early;
    }
    try {
      OssUploads.Upload u = uploads.verify(c.header("Content-Type"), c.body(), emu.clock().now());
      if (!emu.state.putObject(u.key(), u.bytes(), u.contentType(), u.forbidOverwrite())) {
        throw new OssUploads.OssError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
      }
      emu.journal().recordUpload(u.bytes().length);
      Reply r = new Reply(u.successStatus(), null, new byte[0]);
      r.header("ETag", "\"" + OssUploads.hex32(u.bytes()).toUpperCase(Locale.ROOT) + "\"");
      r.header("x-oss-request-id", c.requestId());
      return r;
    } catch (OssUploads.OssError e) {
      return ossError(c, e.status, e.code, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ downloads

  private Reply download(Call c) {
    String object = c.path().substring("/results/".length());
    if (object.endsWith(".png")) {
      object = object.substring(0, object.length() - 4);
    }
    int slash = object.indexOf('/');
    Task task = slash < 0 ? null : emu.state.rawTask(object.substring(0, slash));
    Reply early = requestFault(c, task == null ? null : task.spec.model().id, task == null ? null : task.spec.prompt());
    if (early != null) {
      return early;
    }
    String expires = c.query().get("Expires");
    String signature = c.query().get("Signature");
    if (expires == null || signature == null) {
      return ossError(c, 403, "AccessDenied", "You have no right to access this object because of bucket acl.");
    }
    if (!OssUploads.sign(object + "\n" + expires).equals(signature)) {
      return ossError(c, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    long exp;
    try {
      exp = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return ossError(c, 403, "AccessDenied", "Invalid Expires.");
    }
    if (emu.clock().now().getEpochSecond() > exp) {
      return ossError(c, 403, "AccessDenied", "Request has expired.");
    }
    int index;
    try {
      index = Integer.parseInt(object.substring(slash + 1));
    } catch (NumberFormatException e) {
      index = -1;
    }
    if (task == null || index < 0 || index >= task.spec.count() || task.imageFails(index)) {
      return ossError(c, 404, "NoSuchKey", "The specified key does not exist.");
    }
    byte[] png = emu.state.render(task, index);
    if (c.after == null) {
      emu.journal().recordDownload(png.length); // a mangled download is not a successful one
    }
    return new Reply(200, "image/png", png);
  }

  private Reply publicFile(Call c) {
    Reply early = requestFault(c, null, null);
    if (early != null) {
      return early;
    }
    String name = c.path().substring("/public/".length());
    DashScopeEmulator.Published p = emu.published(name);
    if (p == null) {
      return ossError(c, 404, "NoSuchKey", "The specified key does not exist.");
    }
    return new Reply(200, p.contentType(), p.bytes());
  }

  // ------------------------------------------------------------------ helpers

  private String authenticate(Call c) throws ApiError {
    String auth = trim(c.header("Authorization"));
    if (auth == null || auth.isEmpty()) {
      throw new ApiError(401, "InvalidApiKey", "No API-key provided.");
    }
    String key = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : auth;
    if (key.isEmpty()) {
      throw new ApiError(401, "InvalidApiKey", "No API-key provided.");
    }
    if (!key.equals(emu.apiKey())) {
      throw new ApiError(401, "InvalidApiKey", "Invalid API-key provided.");
    }
    return key;
  }

  private static int intQuery(Map<String, String> q, String name, int min, int max, int dflt) throws ApiError {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int x = Integer.parseInt(v);
      if (x < min || x > max) {
        throw ApiError.invalid("Parameter " + name + " must be in [" + min + ", " + max + "], got " + x + ".");
      }
      return x;
    } catch (NumberFormatException e) {
      throw ApiError.invalid("Parameter " + name + " must be an integer, got '" + v + "'.");
    }
  }

  private static Reply ok(ObjectNode body) {
    return Reply.json(200, body.toString());
  }

  private static Reply error(Call c, int status, String code, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", c.requestId());
    out.put("code", code);
    out.put("message", message);
    Reply r = Reply.json(status, out.toString());
    r.errorCode = code;
    return r;
  }

  private static Reply ossError(Call c, int status, String code, String message) {
    Reply r = new Reply(status, Reply.XML, OssUploads.xmlError(code == null ? "Error" : code, message, c.requestId())
        .getBytes(StandardCharsets.UTF_8));
    r.errorCode = code;
    r.header("x-oss-request-id", c.requestId());
    return r;
  }

  private void send(HttpExchange ex, Reply reply, String requestId) throws IOException {
    if (reply.stall != null) {
      emu.pause(reply.stall);
    }
    if (reply.reset) {
      return; // closing without a status line drops the connection
    }
    Headers h = ex.getResponseHeaders();
    if (reply.contentType != null) {
      h.set("Content-Type", reply.contentType);
    }
    if (!reply.noRequestId) {
      h.set("x-request-id", requestId);
    }
    reply.headers.forEach(h::set);
    long length = reply.declaredLength >= 0 ? reply.declaredLength : reply.body.length;
    if (length == 0) {
      ex.sendResponseHeaders(reply.status, -1);
      return;
    }
    ex.sendResponseHeaders(reply.status, length);
    OutputStream os = ex.getResponseBody();
    try {
      os.write(reply.body);
      os.flush();
      if (length > reply.body.length) {
        return; // fewer bytes than announced: closing the exchange now cuts the connection mid-body
      }
      os.close();
    } catch (IOException e) {
      // the client went away; nothing more to send
    }
  }

  private static JsonNode parseJson(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static Map<String, List<String>> maskedHeaders(Headers headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization")) {
        List<String> masked = new ArrayList<>();
        values.forEach(v -> masked.add(Journal.maskAuthorization(v)));
        out.put(lower, List.copyOf(masked));
      } else {
        out.put(lower, List.copyOf(values));
      }
    });
    return out;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
