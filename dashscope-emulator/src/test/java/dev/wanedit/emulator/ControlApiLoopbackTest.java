package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control API is the emulator's own: loopback clients only, no key, not in the request journal,
 * and no DashScope path (dot segments, encoded dots or underscores, a prefix under {@code /api/v1} or
 * {@code /compatible-mode}) reaches it. The server listens on loopback only, so a remote peer is
 * simulated with an exchange whose remote address is a documentation address (192.0.2.10, never
 * contacted) handed to the same router the server uses.
 */
class ControlApiLoopbackTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    private static final String RULE = "on=create times=1 do=fail code=Hijacked.Rule";

    private static DashScopeEmulator emu() {
        return EMULATOR.emulator();
    }

    // ------------------------------------------------------------------ loopback only

    @Test
    void the_check_admits_loopback_peers_only() throws Exception {
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 50000))).isTrue();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("127.8.9.10"), 50000))).isTrue();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("::1"), 50000))).isTrue();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 50000))).isFalse();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 50000))).isFalse();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 50000))).isFalse();
        assertThat(ControlApi.allowed(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 50000))).isFalse();
        assertThat(ControlApi.allowed(InetSocketAddress.createUnresolved("localhost", 50000))).isFalse();
        assertThat(ControlApi.allowed(null)).isFalse();
    }

    @Test
    void a_remote_peer_is_refused_403_and_no_rule_is_added_while_the_same_request_from_loopback_works()
            throws Exception {
        FakeExchange remote = new FakeExchange("POST", "/__emulator/faults", RULE, "192.0.2.10");
        FakeExchange remoteRead = new FakeExchange("GET", "/__emulator/requests", null, "192.0.2.10");
        FakeExchange local = new FakeExchange("POST", "/__emulator/faults", RULE, "127.0.0.1");

        new Router(emu()).handle(remote);
        new Router(emu()).handle(remoteRead);

        assertThat(remote.status).isEqualTo(403);
        assertThat(Wire.json(remote.body()).path("code").asText()).isEqualTo("Forbidden");
        assertThat(Wire.json(remote.body()).path("message").asText()).contains("loopback clients only");
        assertThat(remoteRead.status).isEqualTo(403);
        assertThat(emu().faults().rules()).isEmpty();

        new Router(emu()).handle(local);

        assertThat(local.status).as(local.body()).isEqualTo(201);
        assertThat(emu().faults().rules()).hasSize(1);
        assertThat(emu().journal().requests()).as("control requests are not journaled, refused or not").isEmpty();
    }

    @Test
    void the_server_listens_on_loopback_only() throws Exception {
        assertThat(emu().baseUrl()).startsWith("http://127.0.0.1:");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), emu().port())) {
            assertThat(s.isConnected()).isTrue();
        }
        Wire.Resp faults = Wire.control(emu(), "GET", "/faults", null);
        assertThat(faults.status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ no key, not journaled

    @Test
    void it_needs_no_key_ignores_a_wrong_one_and_is_not_in_the_journal_even_when_every_endpoint_is_faulted() {
        emu().faults().add("on=any do=reset");

        Wire.Resp noKey = Wire.control(emu(), "GET", "/faults", null);
        Wire.Resp wrongKey = Wire.send(java.net.http.HttpRequest.newBuilder(URI.create(emu().baseUrl() + "/__emulator/tasks"))
                .header("Authorization", "Bearer sk-not-the-key").GET());
        Wire.Resp clock = Wire.control(emu(), "POST", "/clock/advance", "{\"seconds\": 1}");

        assertThat(noKey.status()).isEqualTo(200);
        assertThat(noKey.json().path("rules")).hasSize(1);
        assertThat(noKey.json().at("/rules/0/hits").asInt()).as("a rule on=any never fires on the control API").isZero();
        assertThat(wrongKey.status()).isEqualTo(200);
        assertThat(clock.status()).isEqualTo(200);
        assertThat(emu().journal().requests()).isEmpty();
        assertThat(emu().journal().requestsPerEndpoint()).isEmpty();
        assertThat(Wire.control(emu(), "GET", "/requests", null).json().path("total").asInt()).isZero();
    }

    // ------------------------------------------------------------------ unreachable through DashScope paths

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/../__emulator/faults", "/api/v1/%2e%2e/__emulator/faults",
            "/api/v1/%2E%2E/%2E%2E/__emulator/faults", "/api/v1/__emulator/faults", "/api/v1/__emulator",
            "/api/v1/services/aigc/image2image/image-synthesis/../../../../__emulator/faults",
            "/api/v1/tasks/..%2f..%2f__emulator%2ffaults"})
    void a_path_under_the_api_gets_the_dashscope_url_error_and_touches_no_rule(String path) {
        Wire.Resp r = raw("POST", path, RULE, true);

        assertThat(r.status()).as(r.body()).isIn(400, 401, 404);
        if (r.status() == 400) {
            assertThat(r.code()).isEqualTo("InvalidParameter");
            assertThat(r.json().path("message").asText()).startsWith("url error");
        }
        assertThat(r.json().path("request_id").asText()).as("a DashScope answer, not the control API's").isNotBlank();
        assertThat(r.body()).doesNotContain("\"rules\"");
        assertUntouched();
        assertThat(emu().journal().requests()).as("a DashScope path is journaled").hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/compatible-mode/__emulator", "/compatible-mode/__emulator/faults",
            "/compatible-mode/v1/../../__emulator/faults", "/%5F%5Femulator/faults", "/%5f%5femulator/faults",
            "//__emulator/faults", "/x/../__emulator/faults"})
    void other_paths_get_a_plain_404_and_touch_no_rule(String path) {
        Wire.Resp r = raw("POST", path, RULE, false);

        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("\"rules\"");
        assertUntouched();
    }

    @Test
    void the_list_endpoint_with_a_control_looking_query_is_just_the_task_list() {
        Wire.Resp r = Wire.get(emu(), "/tasks?__emulator=faults&page_size=1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("data")).isTrue();
        assertUntouched();
    }

    private static void assertUntouched() {
        assertThat(emu().faults().rules()).isEmpty();
        Wire.Resp rules = Wire.control(emu(), "GET", "/faults", null);
        assertThat(rules.json().path("rules")).isEmpty();
    }

    /**
     * A request with the path sent exactly as written (java.net.URI would keep it too, but a raw
     * socket makes sure no client normalises the dot segments or the encoding).
     */
    private static Wire.Resp raw(String method, String path, String body, boolean withKey) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + emu().port() + "\r\n"
                + (withKey ? "Authorization: Bearer " + emu().apiKey() + "\r\nX-DashScope-Async: enable\r\n" : "")
                + "Content-Type: text/plain\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), emu().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(9, 12));
            String text = reply.substring(reply.indexOf("\r\n\r\n") + 4);
            JsonNode json = null;
            try {
                json = text.isBlank() ? null : Wire.JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
            return new Wire.Resp(status, text, json == null ? Wire.JSON.createObjectNode() : json, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An exchange as the JDK server hands it to the router, from a chosen peer address. */
    static final class FakeExchange extends HttpExchange {
        private final String method;
        private final URI uri;
        private final InputStream in;
        private final InetSocketAddress peer;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = -1;

        FakeExchange(String method, String path, String body, String peer) throws IOException {
            this.method = method;
            this.uri = URI.create(path);
            this.in = new ByteArrayInputStream(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            this.peer = new InetSocketAddress(InetAddress.getByName(peer), 40000);
            requestHeaders.add("Content-Type", "text/plain");
        }

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public InputStream getRequestBody() {
            return in;
        }

        @Override
        public OutputStream getResponseBody() {
            return out;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return peer;
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 8089);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
            // unused
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            // unused
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
