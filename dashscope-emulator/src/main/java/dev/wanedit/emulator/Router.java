package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Classifies every request, hands it to its endpoint's handler, applies the faults that act after
 * processing, records the exchange in the journal and sends the reply.
 * Paths under {@code /__emulator/} go to the {@link ControlApi} instead: never journaled, never
 * faulted, and unreachable from any {@code /api/v1/...} path.
 */
final class Router implements HttpHandler {
    private static final java.util.regex.Pattern TASK_PATH = java.util.regex.Pattern.compile("/tasks/[^/]+");
    private static final java.util.regex.Pattern CANCEL_PATH = java.util.regex.Pattern.compile("/tasks/[^/]+/cancel");

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/api/v1";

    private final DashScopeEmulator emu;
    private final ControlApi control;
    private final RequestFaults faults;
    private final EndpointHandler create;
    private final EndpointHandler query;
    private final EndpointHandler cancel;
    private final EndpointHandler list;
    private final EndpointHandler policy;
    private final EndpointHandler upload;
    private final EndpointHandler download;
    private final EndpointHandler publicFile;

    Router(DashScopeEmulator emu) {
        this.emu = emu;
        this.control = new ControlApi(emu);
        this.faults = new RequestFaults(emu);
        Gate gate = new Gate(emu);
        TaskJson taskJson = new TaskJson(emu);
        OssUploads uploads = new OssUploads(JSON);
        this.create = new CreateTaskHandler(emu, gate, faults, taskJson, new InputImages(emu.fetcher(), emu.state::objectBytes));
        this.query = new QueryTaskHandler(emu, gate, faults, taskJson);
        this.cancel = new CancelTaskHandler(emu, gate, faults);
        this.list = new ListTasksHandler(emu, gate, faults);
        this.policy = new UploadPolicyHandler(emu, gate, faults, uploads);
        this.upload = new OssUploadHandler(emu, faults, uploads);
        this.download = new ResultDownloadHandler(emu, faults);
        this.publicFile = new PublicFileHandler(emu, faults);
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
            emu.journal().recordArrival(endpoint, endpoint.isCreate() ? CreateTaskHandler.modelOf(json) : null, arrived);
            Call call = new Call(ex, method, path, parseQuery(rawQuery), body, json, endpoint, UUID.randomUUID().toString(), at);
            Reply reply;
            try {
                reply = handler(endpoint).handle(call);
            } catch (ApiError e) {
                reply = Replies.error(call, e.status(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                reply = Replies.error(call, 500, "InternalError", "The emulator failed: " + e);
            }
            reply = faults.applyAfter(call, reply);
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

    /** The handler of an endpoint; exhaustive, so a new endpoint does not compile until it has one. */
    private EndpointHandler handler(Endpoint endpoint) {
        return switch (endpoint) {
            case IMAGE_SYNTHESIS, IMAGE_GENERATION, MULTIMODAL_GENERATION, TEXT2IMAGE -> create;
            case TASK_QUERY -> query;
            case TASK_CANCEL -> cancel;
            case TASK_LIST -> list;
            case UPLOAD_POLICY -> policy;
            case OSS_UPLOAD -> upload;
            case RESULT_DOWNLOAD -> download;
            case PUBLIC_FILE -> publicFile;
            case OTHER -> Router::notFound;
        };
    }

    private static Reply notFound(Call c) throws ApiError {
        if (c.path().startsWith(API + "/")) {
            throw ApiError.badUrl("No such endpoint: " + c.method() + " " + c.path());
        }
        return new Reply(404, "text/plain;charset=UTF-8", "Not Found\n".getBytes(StandardCharsets.UTF_8));
    }

    static String apiKeyId(String apiKey) {
        return OssUploads.hex32(apiKey).substring(0, 16);
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
}
