package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.adapter.dashscope.dto.TaskResponse;
import feign.FeignException;
import feign.Response;
import feign.codec.DecodeException;
import feign.codec.Decoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes 2xx replies: reads the whole body first, so that a body cut short or garbled is told
 * apart from a call that got no answer at all ({@link Unreadable}, carrying the HTTP status), and
 * so that a create reply cut short after its task id still yields the task: a complete
 * {@code "task_id":"…"} pair in what did arrive is the task the service created (the closing quote
 * shows the id itself is whole).
 */
final class ReplyDecoder implements Decoder {

    /** The largest reply read; replies carry URLs, never images. */
    static final int MAX_REPLY = 4 * 1024 * 1024;
    private static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([A-Za-z0-9_\\-]{8,128})\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\"\\s*:\\s*\"([A-Za-z0-9_\\-]{4,128})\"");

    private final ObjectMapper json;

    ReplyDecoder(ObjectMapper json) {
        this.json = json;
    }

    /** A 2xx reply whose body could not be read or parsed; the call was answered. */
    static final class Unreadable extends DecodeException {
        private static final long serialVersionUID = 1L;

        Unreadable(int status, String message, feign.Request request) {
            super(status, message, request);
        }
    }

    @Override
    public Object decode(Response response, Type type) throws IOException, FeignException {
        if (response.status() == 204 || response.status() == 404 || response.body() == null) {
            return null;
        }
        byte[] body;
        String cut = null;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = response.body().asInputStream()) {
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_REPLY) {
                    throw new IOException("the reply is larger than " + MAX_REPLY + " bytes");
                }
            }
        } catch (IOException e) {
            cut = "the body was cut short after " + buf.size() + " bytes (" + Calls.describe(e) + ")";
        }
        body = buf.toByteArray();
        if (cut == null) {
            if (body.length == 0) {
                return null;
            }
            try {
                return json.readValue(body, json.constructType(type));
            } catch (JsonProcessingException e) {
                cut = "the body is not the JSON expected (" + body.length + " bytes)";
            }
        }
        if (type == TaskResponse.class && response.request().httpMethod() == feign.Request.HttpMethod.POST) {
            Optional<TaskResponse> salvaged = salvage(body);
            if (salvaged.isPresent()) {
                return salvaged.get();
            }
        }
        throw new Unreadable(response.status(), "HTTP " + response.status() + ", but " + cut, response.request());
    }

    /** The task id (and request id) of a create reply that arrived in part. */
    static Optional<TaskResponse> salvage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher task = TASK_ID.matcher(text);
        if (!task.find()) {
            return Optional.empty();
        }
        Matcher req = REQUEST_ID.matcher(text);
        String requestId = req.find() ? req.group(1) : null;
        return Optional.of(new TaskResponse(requestId, new TaskResponse.Output(task.group(1), "PENDING", null, null, null,
                null, null, null, null, null, null, null), null, null, null));
    }
}
