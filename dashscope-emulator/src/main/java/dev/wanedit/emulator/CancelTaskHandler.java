package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** {@code POST /api/v1/tasks/{id}/cancel}: cancels a task that is still PENDING. */
final class CancelTaskHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final Gate gate;
    private final RequestFaults faults;

    CancelTaskHandler(DashScopeEmulator emu, Gate gate, RequestFaults faults) {
        this.emu = emu;
        this.gate = gate;
        this.faults = faults;
    }

    @Override
    public Reply handle(Call c) throws ApiError {
        String rest = c.path().substring((Router.API + "/tasks/").length());
        String id = rest.substring(0, rest.indexOf('/'));
        Gate.TaskAdmission admitted = gate.admitTaskCall(c, id, faults);
        if (admitted.refusal() != null) {
            return admitted.refusal();
        }
        Task task = admitted.task();
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
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("request_id", c.requestId());
        ObjectNode output = out.putObject("output");
        output.put("task_id", task.id);
        output.put("task_status", "CANCELED");
        return Replies.ok(out);
    }
}
