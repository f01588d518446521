package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/**
 * The one Feign error decoder: reads {@code code}/{@code message}/{@code request_id} (or a non-JSON
 * body) and returns the matching port exception, with {@code Retry-After} on 429 and 503. Nothing
 * is retried in the adapter: the application owns every retry, so that every try takes a permit.
 */
final class DashScopeErrorDecoder implements ErrorDecoder {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final ObjectMapper json;
    private final Clock clock;

    DashScopeErrorDecoder(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        byte[] body = readBody(response);
        DashScopeErrors.ErrorInfo info = DashScopeErrors.parse(json, body, header(response.headers(), "x-request-id"));
        return DashScopeErrors.map(response.status(), info,
                DashScopeErrors.retryAfter(header(response.headers(), "Retry-After"), clock));
    }

    private static byte[] readBody(Response response) {
        if (response.body() == null) {
            return new byte[0];
        }
        try (InputStream in = response.body().asInputStream()) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static String header(Map<String, Collection<String>> headers, String name) {
        for (Map.Entry<String, Collection<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().iterator().next();
            }
        }
        return null;
    }
}
