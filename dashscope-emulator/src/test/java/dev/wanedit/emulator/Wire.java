package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Plain java.net.http requests shaped like the documents' curl examples. */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String SYNTHESIS = "/services/aigc/image2image/image-synthesis";
    static final String GENERATION = "/services/aigc/image-generation/generation";
    static final String MULTIMODAL = "/services/aigc/multimodal-generation/generation";

    private Wire() {}

    /** A response with its body parsed as JSON when it is JSON. */
    record Resp(int status, String body, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String code() {
            return json == null ? null : json.path("code").asText(null);
        }

        String taskId() {
            return json.path("output").path("task_id").asText();
        }

        String status_() {
            return json.path("output").path("task_status").asText();
        }
    }

    /** POST an async create the way the curl examples do (bearer key, X-DashScope-Async: enable, JSON). */
    static Resp create(DashScopeEmulator emu, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + path))
                .header("X-DashScope-Async", "enable")
                .header("Authorization", "Bearer " + emu.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST to a path with only the given headers (name, value pairs) and JSON content type. */
    static Resp post(DashScopeEmulator emu, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** curl -X GET {base}/tasks/{id} --header "Authorization: Bearer $KEY". */
    static Resp task(DashScopeEmulator emu, String taskId) {
        return get(emu, "/tasks/" + taskId);
    }

    static Resp get(DashScopeEmulator emu, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + emu.apiKey()).GET());
    }

    static Resp cancel(DashScopeEmulator emu, String taskId) {
        return send(HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + "/tasks/" + taskId + "/cancel"))
                .header("Authorization", "Bearer " + emu.apiKey()).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static Resp send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Resp(r.statusCode(), r.body(), json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Downloads bytes from a URL (no auth, like an OSS signed URL). */
    static HttpResponse<byte[]> download(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage decode(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An opaque RGB test image in a format ImageIO can write (png, jpeg, bmp, tiff). */
    static byte[] image(String format, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return write(img, format);
    }

    /** A black image with a white rectangle: a wanx2.1 mask. */
    static byte[] mask(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(w / 3, h / 3, w / 3, h / 3);
        g.dispose();
        return write(img, "png");
    }

    static byte[] pngWithAlpha(int w, int h) {
        return write(new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), "png");
    }

    static byte[] write(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String dataUri(byte[] bytes, String mime) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** A minimal lossless WEBP header (VP8L) announcing w*h; enough for the emulator's header reader. */
    static byte[] webpHeader(int w, int h) {
        byte[] b = new byte[40];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        b[4] = 32;
        System.arraycopy("WEBPVP8L".getBytes(), 0, b, 8, 8);
        b[16] = 20;
        b[20] = 0x2f;
        long bits = (w - 1) | ((long) (h - 1) << 14);
        b[21] = (byte) bits;
        b[22] = (byte) (bits >> 8);
        b[23] = (byte) (bits >> 16);
        b[24] = (byte) (bits >> 24);
        return b;
    }

    /** A request to the control API under /__emulator (no key); body null for none. */
    static Resp control(DashScopeEmulator emu, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/__emulator" + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b);
    }

    /** A raw request whose IOException is returned instead of thrown, for faults that cut the connection. */
    static <T> Object sendRaw(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return CLIENT.send(request, handler);
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
