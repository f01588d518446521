package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The control API's fault routes: list, add (JSON or rule text), remove one or all. */
final class ControlFaults {
    private final DashScopeEmulator emu;

    ControlFaults(DashScopeEmulator emu) {
        this.emu = emu;
    }

    ObjectNode list() {
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

    ObjectNode add(byte[] body) throws ControlRefusal {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        List<FaultRules.Draft> drafts;
        try {
            if (text.startsWith("{") || text.startsWith("[")) {
                JsonNode json;
                try {
                    json = Router.JSON.readTree(text);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ControlRefusal(400, "InvalidRule", "The body is not valid JSON: " + e.getOriginalMessage());
                }
                drafts = FaultRules.parseJson(json);
            } else {
                List<String> lines = new ArrayList<>();
                text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
                if (lines.isEmpty()) {
                    throw new ControlRefusal(400, "InvalidRule", "No rule given: send a JSON rule object, an array of them, or rule text "
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
            throw new ControlRefusal(400, "InvalidRule", e.getMessage(), problems);
        }
        List<Faults.Rule> added = emu.faults().register(drafts);
        ObjectNode out = Router.JSON.createObjectNode();
        ArrayNode rules = out.putArray("rules");
        added.forEach(r -> rules.add(rule(r, false)));
        return out;
    }

    ObjectNode clear() {
        int n = emu.faults().rules().size();
        emu.faults().clear();
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("removed", n);
        return out;
    }

    ObjectNode remove(String id) throws ControlRefusal {
        if (!emu.faults().remove(id)) {
            throw new ControlRefusal(404, "NotFound", "No fault rule " + id + ".");
        }
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("removed", 1);
        return out;
    }
}
