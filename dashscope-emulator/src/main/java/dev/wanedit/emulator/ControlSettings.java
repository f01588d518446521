package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control API's routes that change the emulator: its clock, its limits, and reset. */
final class ControlSettings {
    private final DashScopeEmulator emu;

    ControlSettings(DashScopeEmulator emu) {
        this.emu = emu;
    }

    ObjectNode clock() {
        EmulatorClock c = emu.clock();
        Instant now = c.now();
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("now", now.toString());
        out.put("now_utc8", Times.taskTime(now));
        out.put("manual", c.isManual());
        out.put("offset_seconds", c.offset().toMillis() / 1000.0);
        return out;
    }

    ObjectNode advance(byte[] body) throws ControlRefusal {
        JsonNode json = ControlRefusal.jsonBody(body);
        Duration by;
        if (json.has("seconds")) {
            JsonNode s = json.get("seconds");
            if (!s.isNumber() || s.asDouble() < 0) {
                throw new ControlRefusal(400, "InvalidParameter", "seconds: a number >= 0, got " + s);
            }
            by = Duration.ofMillis(Math.round(s.asDouble() * 1000));
        } else if (json.path("duration").isTextual()) {
            by = FaultRules.parseDuration(json.get("duration").asText());
            if (by == null || by.isNegative()) {
                throw new ControlRefusal(400, "InvalidParameter", "duration: '" + json.get("duration").asText()
                        + "' is not a duration (such as 30s, 10m, 24h, 1d or PT24H)");
            }
        } else {
            throw new ControlRefusal(400, "InvalidParameter", "give {\"seconds\": 86400} or {\"duration\": \"24h\"}");
        }
        emu.clock().advance(by);
        return clock();
    }

    ObjectNode setClock(byte[] body) throws ControlRefusal {
        JsonNode json = ControlRefusal.jsonBody(body);
        if (!json.path("now").isTextual()) {
            throw new ControlRefusal(400, "InvalidParameter", "give {\"now\": \"2025-09-23T14:14:10.800Z\"} (an ISO-8601 instant)");
        }
        try {
            emu.clock().set(Instant.parse(json.get("now").asText()));
        } catch (DateTimeParseException e) {
            throw new ControlRefusal(400, "InvalidParameter", "now: '" + json.get("now").asText() + "' is not an ISO-8601 instant "
                    + "such as 2025-09-23T14:14:10.800Z");
        }
        return clock();
    }

    ObjectNode settings() {
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

    ObjectNode changeSettings(byte[] body) throws ControlRefusal {
        JsonNode json = ControlRefusal.jsonBody(body);
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
            throw new ControlRefusal(400, "InvalidParameter", String.join("; ", problems));
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

    ObjectNode reset(byte[] body) throws ControlRefusal {
        JsonNode json = body.length == 0 ? Router.JSON.createObjectNode() : ControlRefusal.jsonBody(body);
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
}
