package dev.wanedit.adapter.dashscope;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that plays back scripted replies in order: recorded DashScope bodies,
 * gateway pages, and bodies cut short under their full {@code Content-Length} (the connection is
 * closed mid-body, as a proxy that drops it does). Every request received is kept.
 */
final class ScriptedServer implements AutoCloseable {

    /** One reply: status, content type, body, and how many bytes of it to send before closing (all when negative). */
    record Reply(int status, String contentType, String body, int cutAfter) {

        static Reply json(int status, String body) {
            return new Reply(status, "application/json;charset=UTF-8", body, -1);
        }

        static Reply cut(int status, String body, int cutAfter) {
            return new Reply(status, "application/json;charset=UTF-8", body, cutAfter);
        }

        static Reply html(int status, String body) {
            return new Reply(status, "text/html", body, -1);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> received = new ArrayList<>();

    ScriptedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-dashscope");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            Reply r;
            synchronized (this) {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                r = script.isEmpty() ? Reply.json(500, "{\"code\":\"InternalError\",\"message\":\"script ran out\"}")
                        : script.poll();
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), body.length);
            OutputStream out = exchange.getResponseBody();
            if (r.cutAfter() >= 0) {
                out.write(body, 0, Math.min(r.cutAfter(), body.length));
                out.flush();
                exchange.getHttpContext().getServer(); // keep the exchange referenced until we drop it
                // Closing the exchange with bytes missing makes the server drop the connection mid-body.
                exchange.close();
                return;
            }
            out.write(body);
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized ScriptedServer then(Reply r) {
        script.add(r);
        return this;
    }

    synchronized List<String> received() {
        return List.copyOf(received);
    }

    synchronized long count(String prefix) {
        return received.stream().filter(s -> s.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
