package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One received request, and the faults that fired on it. */
final class Call {
    final HttpExchange ex;
    final String method;
    final String path;
    final Map<String, String> query;
    final byte[] body;
    final JsonNode json;
    final Endpoint endpoint;
    final String requestId;
    final Instant at;
    /** Ids of the rules that fired on this request. */
    final List<String> fired = new ArrayList<>();
    /** A fault to apply to the reply once the request has been processed. */
    Fault after;
    /** A task query that must answer UNKNOWN. */
    boolean answerUnknown;

    Call(HttpExchange ex, String method, String path, Map<String, String> query, byte[] body, JsonNode json,
            Endpoint endpoint, String requestId, Instant at) {
        this.ex = ex;
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.json = json;
        this.endpoint = endpoint;
        this.requestId = requestId;
        this.at = at;
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    /** A request header without surrounding white space, or null. */
    String trimmedHeader(String name) {
        String v = header(name);
        return v == null ? null : v.trim();
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    Map<String, String> query() {
        return query;
    }

    byte[] body() {
        return body;
    }

    JsonNode json() {
        return json;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    String requestId() {
        return requestId;
    }
}
