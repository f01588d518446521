package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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

    private final DashScopeEmulator emu;
    private final ControlFaults faults;
    private final ControlJournal journal;
    private final ControlSettings settings;

    ControlApi(DashScopeEmulator emu) {
        this.emu = emu;
        this.faults = new ControlFaults(emu);
        this.journal = new ControlJournal(emu);
        this.settings = new ControlSettings(emu);
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

    void handle(HttpExchange ex) throws IOException {
        ObjectNode reply;
        int status = 200;
        try {
            if (!allowed(ex.getRemoteAddress())) {
                throw new ControlRefusal(403, "Forbidden", "The control API answers loopback clients only.");
            }
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getPath().substring(PREFIX.length());
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> query = Router.parseQuery(ex.getRequestURI().getRawQuery());
            Route route = route(method, path);
            reply = route.run(path, query, body);
            status = method.equals("POST") && path.equals("/faults") ? 201 : 200;
        } catch (ControlRefusal r) {
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
        ObjectNode run(String path, Map<String, String> query, byte[] body) throws ControlRefusal;
    }

    private Route route(String method, String path) throws ControlRefusal {
        switch (path) {
            case "":
            case "/":
                return only(method, "GET", (p, q, b) -> index());
            case "/faults":
                if (method.equals("GET")) {
                    return (p, q, b) -> faults.list();
                }
                if (method.equals("POST")) {
                    return (p, q, b) -> faults.add(b);
                }
                if (method.equals("DELETE")) {
                    return (p, q, b) -> faults.clear();
                }
                throw notAllowed(method, path, "GET, POST, DELETE");
            case "/requests":
                return only(method, "GET", (p, q, b) -> journal.requests(q));
            case "/tasks":
                return only(method, "GET", (p, q, b) -> journal.tasks(q));
            case "/stats":
                return only(method, "GET", (p, q, b) -> journal.stats());
            case "/clock":
                return only(method, "GET", (p, q, b) -> settings.clock());
            case "/clock/advance":
                return only(method, "POST", (p, q, b) -> settings.advance(b));
            case "/clock/set":
                return only(method, "POST", (p, q, b) -> settings.setClock(b));
            case "/settings":
                if (method.equals("GET")) {
                    return (p, q, b) -> settings.settings();
                }
                if (method.equals("POST")) {
                    return (p, q, b) -> settings.changeSettings(b);
                }
                throw notAllowed(method, path, "GET, POST");
            case "/reset":
                return only(method, "POST", (p, q, b) -> settings.reset(b));
            default:
                if (path.startsWith("/faults/")) {
                    return only(method, "DELETE", (p, q, b) -> faults.remove(p.substring("/faults/".length())));
                }
                throw new ControlRefusal(404, "NotFound", "No control route " + PREFIX + path + "; GET " + PREFIX + "/ lists them.");
        }
    }

    private static Route only(String method, String allowed, Route r) throws ControlRefusal {
        if (!method.equals(allowed)) {
            throw notAllowed(method, "", allowed);
        }
        return r;
    }

    private static ControlRefusal notAllowed(String method, String path, String allowed) {
        return new ControlRefusal(405, "MethodNotAllowed", method + " is not allowed here (allowed: " + allowed + ").");
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
}
