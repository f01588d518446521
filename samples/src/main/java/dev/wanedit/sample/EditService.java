package dev.wanedit.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.bootstrap.client.Wanedit;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A small image-editing service on the JDK's HTTP server, built on wanedit's embedding API.
 *
 * <pre>
 * POST /edits?prompt=Put+a+clock+on+the+shelf[&amp;model=wan2.5-i2i-preview]   body: the image (PNG, JPEG, WebP, ...)
 *   200 {"job":"...","state":"STORED","results":["/srv/results/&lt;job&gt;/0.png", ...]}
 *   400 {"error":"invalid_request","violations":[...]}   every rule the upload or the prompt breaks
 *   504 {"error":"timed_out","job":"...","state":"RUNNING"}   still resumable: GET /edits/&lt;job&gt; later
 * GET /edits/&lt;job&gt;   the job as the journal holds it
 * </pre>
 *
 * <p>The prompt may also come as the {@code X-Prompt} header. A request handler does not wait for
 * the edit: it answers from {@link Wanedit#editAsync}'s completion, so a hundred waiting uploads
 * hold no hundred threads.
 */
public final class EditService implements AutoCloseable {

    /** The model used when the request names none. */
    public static final String DEFAULT_MODEL = "wan2.5-i2i-preview";
    /** The largest upload accepted: the documented 10 MB input limit, and a little room. */
    static final long MAX_UPLOAD = 11L * 1024 * 1024;

    private final Wanedit wanedit;
    private final Path uploads;
    private final Duration deadline;
    private final HttpServer server;
    private final ExecutorService handlers;

    private EditService(Wanedit wanedit, Path uploads, Duration deadline, HttpServer server, ExecutorService handlers) {
        this.wanedit = wanedit;
        this.uploads = uploads;
        this.deadline = deadline;
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts the service.
     *
     * @param wanedit the client (the caller keeps it and closes it after this service)
     * @param address where to listen, e.g. 127.0.0.1 port 0 (any free port)
     * @param uploads where uploaded images are kept (they are the edits' inputs: resume reads them again)
     * @param deadline how long an edit may take before the answer is 504 (the job goes on: resumable)
     * @return the running service
     * @throws IOException when the address cannot be bound or the folder created
     */
    public static EditService start(Wanedit wanedit, InetSocketAddress address, Path uploads, Duration deadline)
            throws IOException {
        Files.createDirectories(uploads);
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sample-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        EditService service = new EditService(wanedit, uploads, deadline, server, handlers);
        server.createContext("/edits", service::handle);
        server.start();
        return service;
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/edits")) {
                edit(exchange);
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/edits/")) {
                String id = path.substring("/edits/".length());
                reply(exchange, 200, jobJson(wanedit.status(new dev.wanedit.domain.job.JobId(id))));
            } else {
                reply(exchange, 404, "{\"error\":\"not_found\",\"message\":" + quote("POST /edits or GET /edits/<job>") + "}");
            }
        } catch (dev.wanedit.application.port.in.value.JobNotFound e) {
            reply(exchange, 404, "{\"error\":\"no_such_job\",\"message\":" + quote(e.getMessage()) + "}");
        } catch (IllegalArgumentException e) {
            reply(exchange, 400, "{\"error\":\"bad_request\",\"message\":" + quote(e.getMessage()) + "}");
        } catch (RuntimeException e) {
            reply(exchange, 500, "{\"error\":\"internal\",\"message\":" + quote(e.getMessage()) + "}");
        }
    }

    private void edit(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String prompt = Optional.ofNullable(query.get("prompt")).orElse(exchange.getRequestHeaders().getFirst("X-Prompt"));
        if (prompt == null || prompt.isBlank()) {
            reply(exchange, 400, "{\"error\":\"bad_request\",\"message\":" + quote("prompt: give it as ?prompt=... or the "
                    + "X-Prompt header") + "}");
            return;
        }
        Path upload = uploads.resolve(UUID.randomUUID() + extension(exchange.getRequestHeaders().getFirst("Content-Type")));
        try (InputStream body = exchange.getRequestBody()) {
            Files.copy(new BoundedInput(body, MAX_UPLOAD), upload, StandardCopyOption.REPLACE_EXISTING);
        } catch (BoundedInput.TooLarge e) {
            Files.deleteIfExists(upload);
            reply(exchange, 413, "{\"error\":\"too_large\",\"message\":" + quote("the upload is over " + MAX_UPLOAD + " bytes") + "}");
            return;
        }
        EditRequest request;
        try {
            request = wanedit.prepare(wanedit.command(query.getOrDefault("model", DEFAULT_MODEL))
                    .image(upload.toString()).prompt(prompt));
        } catch (InvalidEditRequest e) {
            Files.deleteIfExists(upload);
            reply(exchange, 400, "{\"error\":\"invalid_request\",\"violations\":[" + e.violations().stream()
                    .map(v -> quote(v.toString())).collect(Collectors.joining(",")) + "]}");
            return;
        }
        // no thread waits here: the answer is sent when the edit's future completes
        wanedit.editAsync(request, deadline).whenComplete((job, error) -> {
            try {
                if (error == null) {
                    reply(exchange, job.state() == dev.wanedit.domain.job.JobState.STORED ? 200 : 502, jobJson(job));
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof WaitTimedOut t) {
                        reply(exchange, 504, "{\"error\":\"timed_out\",\"job\":" + quote(t.job().id().value()) + ",\"state\":"
                                + quote(t.job().state().name()) + "}");
                    } else if (cause instanceof RemoteServiceException r) {
                        reply(exchange, 502, "{\"error\":" + quote(r.code()) + ",\"message\":" + quote(r.getMessage()) + "}");
                    } else {
                        reply(exchange, 500, "{\"error\":\"internal\",\"message\":" + quote(String.valueOf(cause.getMessage())) + "}");
                    }
                }
            } catch (IOException e) {
                exchange.close(); // the client went away; the job is journaled all the same
            }
        });
    }

    /** The job as JSON: id, state, and where each stored result is. */
    static String jobJson(EditJob job) {
        String results = job.results().stream().map(ResultImage::storedAt).flatMap(Optional::stream).map(EditService::quote)
                .collect(Collectors.joining(","));
        return "{\"job\":" + quote(job.id().value()) + ",\"state\":" + quote(job.state().name()) + ",\"results\":[" + results + "]}";
    }

    private static String extension(String contentType) {
        if (contentType == null) {
            return ".png";
        }
        return switch (contentType.toLowerCase(java.util.Locale.ROOT).split(";")[0].trim()) {
            case "image/jpeg" -> ".jpg";
            case "image/webp" -> ".webp";
            case "image/bmp" -> ".bmp";
            case "image/tiff" -> ".tiff";
            default -> ".png";
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening (answers in progress get a second to finish) and its handler threads; the client is the caller's. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the service against the real service (or an emulator: {@code WANEDIT_ENDPOINT}), configured
     * from the environment exactly as the {@code wanedit} command line is.
     *
     * @param args {@code [port]}, default 8080; it listens on 127.0.0.1
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Wanedit wanedit = Wanedit.builder().fromEnvironment().build();
        EditService service = start(wanedit, new InetSocketAddress("127.0.0.1", port),
                Path.of(System.getProperty("java.io.tmpdir"), "wanedit-sample-uploads"), Duration.ofMinutes(5));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            wanedit.close();
        }, "sample-shutdown"));
    }
}
