package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST} to the four create paths: checks the request as the service does (key, async header,
 * model, its path, then the model's own rules), admits it under the rate and concurrency limits, and
 * makes the task; a synchronous (multimodal-generation) create answers the finished task.
 */
final class CreateTaskHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final Gate gate;
    private final RequestFaults faults;
    private final TaskJson taskJson;
    private final InputImages images;

    CreateTaskHandler(DashScopeEmulator emu, Gate gate, RequestFaults faults, TaskJson taskJson, InputImages images) {
        this.emu = emu;
        this.gate = gate;
        this.faults = faults;
        this.taskJson = taskJson;
        this.images = images;
    }

    @Override
    public Reply handle(Call c) throws ApiError {
        String apiKey = gate.authenticate(c);
        boolean async = c.endpoint() != Endpoint.MULTIMODAL_GENERATION;
        if (async && !"enable".equalsIgnoreCase(c.trimmedHeader("X-DashScope-Async"))) {
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
        Reply early = faults.requestFault(c, modelId, prompt);
        if (early != null) {
            return early;
        }
        String limit = emu.state.admitSubmission(model);
        if (limit != null) {
            return limit.equals("Throttling.RateQuota")
                    ? Replies.error(c, 429, limit, "Requests rate limit exceeded, please try again later.")
                    : Replies.error(c, 429, limit, "Allocated quota exceeded, please increase your quota limit.");
        }
        boolean ossResolve = "enable".equalsIgnoreCase(c.trimmedHeader("X-DashScope-OssResourceResolve"));
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
                spec = Wan27Rules.check(model, c.json(), loader);
                break;
            default:
                throw new AssertionError(model);
        }
        List<Faults.Rule> outcomeRules = emu.faults().takeOutcomeFaults(faults.target(c, modelId, spec.prompt()));
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
                requestedN, now, Router.apiKeyId(apiKey), Journal.maskAuthorization(apiKey), c.endpoint(), c.requestId(), !async, List.copyOf(c.fired)));
        if (!async) {
            if (!emu.clock().isManual()) {
                emu.pause(cfg.scaledQueue().plus(cfg.runTime(model)));
            }
            return syncReply(c, task);
        }
        return Replies.ok(Replies.createReply(task.id, c.requestId()));
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

    /** The model named by a create body, for the journal's arrival counts; null if none. */
    static String modelOf(JsonNode json) {
        return json != null && json.path("model").isTextual() ? json.path("model").asText() : null;
    }

    /** The answer of a synchronous (multimodal-generation) create: the finished task, or its failure. */
    private Reply syncReply(Call c, Task task) {
        if (task.succeededCount() == 0) {
            String code = task.failureCode();
            int status = code.startsWith("InternalError") || code.equals("SystemError") || code.equals("ModelServiceFailed")
                    ? 500 : 400;
            return Replies.error(c, status, code, task.failureMessage());
        }
        ObjectNode out = Router.JSON.createObjectNode();
        ObjectNode output = out.putObject("output");
        taskJson.addChoices(output, task);
        output.put("finished", true);
        taskJson.addWan27Usage(out, task);
        out.put("request_id", c.requestId());
        return Replies.ok(out);
    }
}
