package dev.wanedit.application.port.out;

import java.util.Map;

/**
 * The exact request a submission would send, for dry runs: method, URL, headers (the key masked)
 * and body (inline images abbreviated).
 */
public record RequestPreview(String method, String url, Map<String, String> headers, String body) {

    public RequestPreview {
        headers = Map.copyOf(headers);
    }
}
