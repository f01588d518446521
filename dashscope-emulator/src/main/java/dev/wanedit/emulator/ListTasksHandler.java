package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/v1/tasks}: the live tasks matching the filters, a page at a time. */
final class ListTasksHandler implements EndpointHandler {
    private static final Set<String> STATUSES = Set.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED");

    private final DashScopeEmulator emu;
    private final Gate gate;
    private final RequestFaults faults;

    ListTasksHandler(DashScopeEmulator emu, Gate gate, RequestFaults faults) {
        this.emu = emu;
        this.gate = gate;
        this.faults = faults;
    }

    @Override
    public Reply handle(Call c) throws ApiError {
        Reply limited = gate.taskCall(c);
        if (limited != null) {
            return limited;
        }
        Reply early = faults.requestFault(c, c.query().get("model_name"), null);
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
            if (q.containsKey("api_key_id") && !q.get("api_key_id").equals(Router.apiKeyId(t.apiKey))) {
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
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("total", matching.size());
        ArrayNode data = out.putArray("data");
        int from0 = (int) Math.min((long) (pageNo - 1) * pageSize, matching.size());
        for (Task t : matching.subList(from0, Math.min(from0 + pageSize, matching.size()))) {
            Task.Status s = t.status(now);
            ObjectNode item = data.addObject();
            item.put("api_key_id", Router.apiKeyId(t.apiKey));
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
            item.put("user_api_unique_key", "apikey:v1:" + t.spec.model().id + ":" + Router.apiKeyId(t.apiKey));
        }
        out.put("total_page", (matching.size() + pageSize - 1) / pageSize);
        out.put("page_no", pageNo);
        out.put("request_id", c.requestId());
        out.put("page_size", pageSize);
        return Replies.ok(out);
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
}
