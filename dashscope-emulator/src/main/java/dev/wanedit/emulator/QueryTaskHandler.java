package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** {@code GET /api/v1/tasks/{id}}: a task's status, and its results once it has them. */
final class QueryTaskHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final Gate gate;
    private final RequestFaults faults;
    private final TaskJson taskJson;

    QueryTaskHandler(DashScopeEmulator emu, Gate gate, RequestFaults faults, TaskJson taskJson) {
        this.emu = emu;
        this.gate = gate;
        this.faults = faults;
        this.taskJson = taskJson;
    }

    @Override
    public Reply handle(Call c) throws ApiError {
        String id = c.path().substring((Router.API + "/tasks/").length());
        emu.journal().recordTaskQuery(id);
        Gate.TaskAdmission admitted = gate.admitTaskCall(c, id, faults);
        if (admitted.refusal() != null) {
            return admitted.refusal();
        }
        Task task = admitted.task();
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("request_id", c.requestId());
        if (task == null || c.answerUnknown || task.takeUnknownAnswer()) {
            ObjectNode output = out.putObject("output");
            output.put("task_id", id);
            output.put("task_status", "UNKNOWN");
            return Replies.ok(out);
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
                taskJson.addChoices(output, task);
            }
            if (status == Task.Status.FAILED) {
                output.put("code", task.failureCode());
                output.put("message", task.failureMessage());
            }
            output.put("finished", terminal);
            if (status == Task.Status.SUCCEEDED) {
                taskJson.addWan27Usage(out, task);
            }
            return Replies.ok(out);
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
                    r.put("url", taskJson.resultUrl(task, i));
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
        return Replies.ok(out);
    }
}
