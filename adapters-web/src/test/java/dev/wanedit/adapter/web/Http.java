package dev.wanedit.adapter.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over a socket, so that tests can send exactly the headers a hostile page
 * or a rebinding attack would ({@code Host}, {@code Origin}), which {@code java.net.http} refuses to set.
 */
final class Http {

    /** A response: status, headers (lower-case names) and body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Http() {
    }

    static Response send(String host, int port, String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", "127.0.0.1:" + port);
            h.put("Connection", "close");
            h.putAll(headers);
            if (body != null) {
                h.put("Content-Length", String.valueOf(body.length));
            }
            h.forEach((k, v) -> {
                if (v != null) {
                    req.append(k).append(": ").append(v).append("\r\n");
                }
            });
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response get(int port, String path) {
        return send("127.0.0.1", port, "GET", path, Map.of(), null);
    }

    static Response postForm(int port, String path, String form) {
        return send("127.0.0.1", port, "POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Origin", "http://127.0.0.1:" + port), form.getBytes(StandardCharsets.UTF_8));
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                b.write(in.readNBytes(n));
                line(in);
            }
            body = b.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
