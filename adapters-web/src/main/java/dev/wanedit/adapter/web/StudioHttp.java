package dev.wanedit.adapter.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** How the studio answers: every reply with its security headers, and request bodies read with a bound. */
final class StudioHttp {

    private StudioHttp() {
    }

    static byte[] body(HttpExchange ex, int max) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IllegalArgumentException("the request is larger than " + max / (1024 * 1024) + " MB");
            }
            return bytes;
        }
    }

    static void html(HttpExchange ex, String page) throws IOException {
        // the page declares its full policy itself (meta); the header adds what a meta tag cannot say
        send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8),
                "frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
    }

    static void json(HttpExchange ex, int status, Object doc) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.write(doc).getBytes(StandardCharsets.UTF_8), "default-src 'none'");
    }

    static void empty(HttpExchange ex, int status) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, -1);
    }

    /** Every answer: no caching, no sniffing, no referrer (the token is in the path), no framing, no CORS. */
    static void send(HttpExchange ex, int status, String type, byte[] bytes, String csp) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        if (csp != null) {
            h.set("Content-Security-Policy", csp);
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
