package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The control API's read-only views of the journal: requests, created tasks, counters. */
final class ControlJournal {
    private static final int BODY_TEXT_LIMIT = 200;

    private final DashScopeEmulator emu;

    ControlJournal(DashScopeEmulator emu) {
        this.emu = emu;
    }

    ObjectNode requests(Map<String, String> q) throws ControlRefusal {
        java.util.Set<Endpoint> endpoints = null;
        if (q.containsKey("endpoint")) {
            endpoints = java.util.EnumSet.noneOf(Endpoint.class);
            for (String name : q.get("endpoint").split(",")) {
                java.util.Set<Endpoint> e = FaultRules.ENDPOINT_NAMES.get(name.trim());
                if (e == null) {
                    throw new ControlRefusal(400, "InvalidParameter", "endpoint: unknown '" + name.trim() + "' (allowed: "
                            + String.join(", ", FaultRules.ENDPOINT_NAMES.keySet()) + ")");
                }
                endpoints.addAll(e);
            }
        }
        String method = q.get("method");
        String path = q.get("path");
        Integer status = q.containsKey("status") ? ControlRefusal.intParam(q, "status", 0, 999) : null;
        int limit = q.containsKey("limit") ? ControlRefusal.intParam(q, "limit", 1, 100_000) : Integer.MAX_VALUE;
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

    ObjectNode tasks(Map<String, String> q) {
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

    ObjectNode stats() {
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
}
