package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the README table (each variant of a row, read by {@link ReadmeExamplesTest}), set once
 * on the command line ({@code EmulatorMain --fault RULE}), once as rule text and once as JSON over
 * {@code POST /__emulator/faults}, then observed by a plain java.net.http client doing the DashScope
 * calls: status, code, body shape, the tasks at {@code /__emulator/tasks}, the rule's hits at {@code
 * GET /__emulator/faults}. Time moves with {@code POST /__emulator/clock/advance}, never by sleeping.
 * A row added to the README without an observation here fails.
 */
class EveryFamilyFromCliAndControlApiTest {

    /** How a rule reaches the emulator. */
    enum Way { COMMAND_LINE, CONTROL_API_TEXT, CONTROL_API_JSON }

    private static final String CAT = "a cat on a red sofa";
    private DashScopeEmulator emu;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ReadmeExamplesTest.Example e : ReadmeExamplesTest.tableRules()) {
            for (Way w : Way.values()) {
                out.add(Arguments.of(e, w));
            }
        }
        return out.stream();
    }

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("cases")
    void the_rule_is_set_and_a_plain_client_sees_it_on_the_wire(ReadmeExamplesTest.Example example, Way way) {
        String rule = example.rule();
        emu = start(rule, way);
        JsonNode rules = control("GET", "/faults", null).json().path("rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).path("rule").asText()).as("the same rule whichever way it came")
                .isEqualTo(new Faults(EmulatorClock.system()).add(rule).text());
        assertThat(rules.get(0).path("hits").asInt()).isZero();

        observe(ReadmeExamplesTest.keys(rule));
    }

    // ------------------------------------------------------------------ setting the rule

    private static DashScopeEmulator start(String rule, Way way) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        if (way == Way.COMMAND_LINE) {
            return EmulatorMain.start(new String[] {"--port", "0", "--no-limits", "--fault", rule}, quiet);
        }
        DashScopeEmulator e = EmulatorMain.start(new String[] {"--port", "0", "--no-limits"}, quiet);
        String body = way == Way.CONTROL_API_TEXT ? rule : ReadmeExamplesTest.asJson(rule);
        Wire.Resp added = Wire.control(e, "POST", "/faults", body);
        assertThat(added.status()).as(body + " -> " + added.body()).isEqualTo(201);
        assertThat(added.json().at("/rules/0/id").asText()).isEqualTo("r1");
        return e;
    }

    // ------------------------------------------------------------------ observing it

    private void observe(Map<String, String> k) {
        String action = k.get("do");
        String on = k.get("on");
        boolean after = "after".equals(k.get("when"));
        int times = k.containsKey("times") ? Integer.parseInt(k.get("times")) : -1;
        switch (action) {
            case "fail":
                observeFail(k, times);
                break;
            case "fail-images":
                observeFailImages(k);
                break;
            case "reject-input":
                observeRejectInput();
                break;
            case "reject-output":
                observeRejectOutput(k);
                break;
            case "expire":
                observeExpire(k);
                break;
            case "unknown":
                observeUnknown(k, on);
                break;
            case "list-lag":
                observeListLag(k);
                break;
            case "error":
                observeError(k, on, after, times);
                break;
            case "gateway":
                observeGateway(k, after);
                break;
            case "reset":
                observeReset(after);
                break;
            case "stall":
                observeStall(on, after);
                break;
            case "truncate":
                observeTruncate(k, after);
                break;
            case "garble":
                observeGarble(on, after);
                break;
            default:
                fail("no observation for do=" + action + ": add one for the new README row");
        }
    }

    private void observeFail(Map<String, String> k, int times) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Math.max(times, 1); i++) {
            Wire.Resp r = create(CAT, 1);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            ids.add(r.taskId());
        }
        String clean = times > 0 ? create(CAT, 1).taskId() : null;
        advance(300);
        for (String id : ids) {
            JsonNode out = Wire.task(emu, id).json().path("output");
            assertThat(out.path("task_status").asText()).isEqualTo("FAILED");
            assertThat(out.path("code").asText()).isEqualTo(k.getOrDefault("code", "InternalError.Algo"));
            if (k.containsKey("message")) {
                assertThat(out.path("message").asText()).isEqualTo(k.get("message"));
            }
        }
        if (clean != null) {
            assertThat(Wire.task(emu, clean).status_()).as("after times=%s the rule is spent", times).isEqualTo("SUCCEEDED");
        }
        assertTasks(ids.size() + (clean == null ? 0 : 1));
        assertHits(ids.size());
    }

    private void observeFailImages(Map<String, String> k) {
        String dog = null;
        if (k.containsKey("prompt")) {
            dog = create("a dog on a blue sofa", 2).taskId();
            assertHits(0);
        }
        String id = create(CAT, 2).taskId();
        advance(300);
        JsonNode out = Wire.task(emu, id).json().path("output");
        assertThat(out.path("task_status").asText()).isEqualTo("SUCCEEDED");
        int failed = Integer.parseInt(k.get("images"));
        assertThat(out.path("results").get(failed).path("code").asText()).isEqualTo(k.getOrDefault("code", "InternalError.Timeout"));
        assertThat(out.path("results").get(failed).has("url")).isFalse();
        assertThat(out.path("results").get(1 - failed).path("url").asText()).startsWith(emu.baseUrl() + "/results/");
        assertThat(out.at("/task_metrics/FAILED").asInt()).isEqualTo(1);
        if (dog != null) {
            assertThat(Wire.task(emu, dog).json().at("/output/task_metrics/FAILED").asInt()).as("the prompt did not match")
                    .isZero();
        }
        assertTasks(dog == null ? 1 : 2);
        assertHits(1);
    }

    private void observeRejectInput() {
        Wire.Resp r = create(CAT, 1);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("DataInspectionFailed");
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id"));
        assertTasks(0);
        assertThat(create(CAT, 1).status()).isEqualTo(200);
        assertTasks(1);
        assertHits(1);
    }

    private void observeRejectOutput(Map<String, String> k) {
        String id = create(CAT, 2).taskId();
        advance(300);
        JsonNode out = Wire.task(emu, id).json().path("output");
        if (k.containsKey("images")) {
            assertThat(out.path("task_status").asText()).isEqualTo("SUCCEEDED");
            assertThat(out.path("results").get(Integer.parseInt(k.get("images"))).path("code").asText())
                    .isEqualTo("DataInspectionFailed");
        } else {
            assertThat(out.path("task_status").asText()).isEqualTo("FAILED");
            assertThat(out.path("code").asText()).isEqualTo("DataInspectionFailed");
        }
        assertTasks(1);
        assertHits(1);
    }

    private void observeExpire(Map<String, String> k) {
        Duration after = FaultRules.parseDuration(k.get("after"));
        String id = create(CAT, 1).taskId();
        advance(after.toSeconds() / 2);
        Wire.Resp alive = Wire.task(emu, id);
        assertThat(alive.status_()).isIn("RUNNING", "SUCCEEDED");
        String url = alive.status_().equals("SUCCEEDED") ? alive.json().at("/output/results/0/url").asText() : null;
        advance(after.toSeconds() / 2 + 1);
        assertThat(Wire.task(emu, id).status_()).as("long before the 24 h").isEqualTo("UNKNOWN");
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).isZero();
        if (url != null) {
            assertThat(Wire.download(url).statusCode()).isEqualTo(403);
        }
        assertTasks(1);
        assertHits(1);
    }

    private void observeUnknown(Map<String, String> k, String on) {
        String id = create(CAT, 1).taskId();
        int queries = on.equals("query") ? 1 : Integer.parseInt(k.getOrDefault("queries", "1"));
        for (int i = 0; i < queries; i++) {
            Wire.Resp r = Wire.task(emu, id);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.status_()).as("query %d", i + 1).isEqualTo("UNKNOWN");
        }
        assertThat(Wire.task(emu, id).status_()).isEqualTo("PENDING");
        assertTasks(1);
        assertHits(1);
    }

    private void observeListLag(Map<String, String> k) {
        Duration lag = FaultRules.parseDuration(k.get("for"));
        create(CAT, 1);
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).isZero();
        assertThat(control("GET", "/tasks", null).json().at("/tasks/0/listed").asBoolean()).isFalse();
        advance(lag.toSeconds() + 1);
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).isEqualTo(1);
        create(CAT, 1);
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).as("times=always: the next one lags too").isEqualTo(1);
        assertTasks(2);
        assertHits(2);
    }

    private void observeError(Map<String, String> k, String on, boolean after, int times) {
        int status = Integer.parseInt(k.get("status"));
        boolean oss = on.equals("download") || on.equals("upload");
        String code = k.getOrDefault("code", defaultCode(status, oss));
        int n = Math.max(times, 1);
        switch (on) {
            case "create": {
                for (int i = 0; i < n; i++) {
                    Wire.Resp r = create(CAT, 1);
                    assertJsonError(r, status, code);
                    if (k.containsKey("retry-after")) {
                        assertThat(r.header("Retry-After")).isEqualTo(String.valueOf(FaultRules.parseDuration(k.get("retry-after"))
                                .toSeconds()));
                    }
                }
                assertTasks(0);
                assertThat(create(CAT, 1).status()).isEqualTo(200);
                assertTasks(1);
                break;
            }
            case "query":
            case "tasks":
            case "list": {
                String id = create(CAT, 1).taskId();
                for (int i = 0; i < n; i++) {
                    assertJsonError(on.equals("query") ? Wire.task(emu, id) : Wire.get(emu, "/tasks"), status, code);
                }
                Wire.Resp clean = on.equals("query") ? Wire.task(emu, id) : Wire.get(emu, "/tasks");
                assertThat(clean.status()).isEqualTo(200);
                assertTasks(1);
                break;
            }
            case "cancel": {
                String id = create(CAT, 1).taskId();
                assertJsonError(Wire.cancel(emu, id), status, code);
                assertThat(Wire.task(emu, id).status_()).as(after ? "the cancel was processed" : "nothing was processed")
                        .isEqualTo(after ? "CANCELED" : "PENDING");
                assertTasks(1);
                break;
            }
            case "download": {
                String url = finishedResultUrl();
                for (int i = 0; i < n; i++) {
                    HttpResponse<byte[]> r = Wire.download(url);
                    assertThat(r.statusCode()).isEqualTo(status);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml");
                    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>" + code + "</Code>");
                }
                HttpResponse<byte[]> served = Wire.download(url);
                assertThat(served.statusCode()).isEqualTo(200);
                assertThat(Wire.decode(served.body())).isNotNull();
                assertThat(control("GET", "/stats", null).json().path("downloads").asInt()).isEqualTo(1);
                break;
            }
            case "policy": {
                assertJsonError(Wire.get(emu, "/uploads?action=getPolicy&model=wan2.5-i2i-preview"), status, code);
                assertThat(Wire.get(emu, "/uploads?action=getPolicy&model=wan2.5-i2i-preview").status()).isEqualTo(200);
                break;
            }
            case "upload": {
                JsonNode p = UploadTest.policy(emu, "wan2.5-i2i-preview");
                Map<String, String> fields = UploadTest.fields(p, p.path("upload_dir").asText() + "/photo.jpg");
                Wire.Resp refused = UploadTest.upload(p.path("upload_host").asText(), fields, UploadTest.JPEG);
                assertThat(refused.status()).isEqualTo(status);
                assertThat(refused.header("Content-Type")).isEqualTo("application/xml");
                assertThat(refused.body()).contains("<Code>" + code + "</Code>");
                if (k.containsKey("message")) {
                    assertThat(refused.body()).contains("<Message>" + k.get("message") + "</Message>");
                }
                assertThat(control("GET", "/stats", null).json().path("uploads").asInt()).isZero();
                assertThat(UploadTest.upload(p.path("upload_host").asText(), fields, UploadTest.JPEG).status()).isEqualTo(200);
                assertThat(control("GET", "/stats", null).json().path("uploads").asInt()).isEqualTo(1);
                break;
            }
            default:
                fail("no observation for do=error on=" + on + ": add one for the new README row");
        }
        assertHits(n);
        assertThat(control("GET", "/faults", null).json().at("/rules/0/remaining").asInt()).isZero();
    }

    private void observeGateway(Map<String, String> k, boolean after) {
        int status = Integer.parseInt(k.getOrDefault("status", "502"));
        Object raw = rawCreate(Duration.ofSeconds(10));
        assertThat(raw).isInstanceOf(HttpResponse.class);
        HttpResponse<?> r = (HttpResponse<?>) raw;
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(r.headers().firstValue("x-request-id")).as("a gateway page, not the service").isEmpty();
        assertThat(String.valueOf(r.body())).contains("<html").contains(String.valueOf(status));
        assertTasks(after ? 1 : 0);
        assertHits(1);
    }

    private void observeReset(boolean after) {
        assertThat(rawCreate(Duration.ofSeconds(10))).isInstanceOf(IOException.class);
        assertTasks(after ? 1 : 0);
        assertThat(control("GET", "/requests?endpoint=create", null).json().at("/requests/0/status").asInt())
                .as("the journal shows the dropped connection").isZero();
        assertThat(create(CAT, 1).status()).isEqualTo(200);
        assertHits(1);
    }

    private void observeStall(String on, boolean after) {
        if (on.equals("query")) {
            String id = create(CAT, 1).taskId();
            HttpRequest q = HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + "/tasks/" + id))
                    .header("Authorization", "Bearer " + emu.apiKey()).timeout(Duration.ofMillis(400)).GET().build();
            assertThat(Wire.sendRaw(q, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
            assertThat(Wire.task(emu, id).status_()).as("the next query is not stalled").isEqualTo("PENDING");
            assertTasks(1);
        } else {
            assertThat(rawCreate(Duration.ofMillis(400))).isInstanceOf(HttpTimeoutException.class);
            assertTasks(after ? 1 : 0);
        }
        assertHits(1);
    }

    private void observeTruncate(Map<String, String> k, boolean after) {
        assertThat(after).as("the README's truncate rules lose the answer of a create that happened").isTrue();
        Object raw = rawCreate(Duration.ofSeconds(10));
        JsonNode task = control("GET", "/tasks", null).json().at("/tasks/0");
        String id = task.path("task_id").asText();
        String full = "{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"" + id + "\"},\"request_id\":\""
                + task.path("request_id").asText() + "\"}";
        if ("full".equals(k.get("length"))) {
            assertThat(raw).as("Content-Length announced the whole body").isInstanceOf(IOException.class);
        } else {
            assertThat(raw).isInstanceOf(HttpResponse.class);
            HttpResponse<?> r = (HttpResponse<?>) raw;
            String body = String.valueOf(r.body());
            assertThat(r.statusCode()).isEqualTo(200);
            String cut = k.getOrDefault("cut", "before-id");
            switch (cut) {
                case "before-id":
                    assertThat(body).isEqualTo("{\"output\":{\"task_status\":\"PEN");
                    break;
                case "after-id":
                    assertThat(body).isEqualTo("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"" + id + "\"");
                    break;
                case "half":
                    assertThat(body).isEqualTo(full.substring(0, full.length() / 2));
                    break;
                default:
                    assertThat(body).isEqualTo(full.substring(0, Integer.parseInt(cut)));
            }
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(body.length());
        }
        assertThat(Wire.task(emu, id).status_()).as("the task exists").isEqualTo("PENDING");
        assertTasks(1);
        assertHits(1);
    }

    private void observeGarble(String on, boolean after) {
        if (on.equals("download")) {
            String url = finishedResultUrl();
            HttpResponse<byte[]> garbled = Wire.download(url);
            assertThat(garbled.statusCode()).isEqualTo(200);
            assertThat(Wire.decode(garbled.body())).as("not a PNG").isNull();
            assertThat(Wire.decode(Wire.download(url).body())).isNotNull();
        } else {
            Wire.Resp r = create(CAT, 1);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).as("neither JSON nor an image").isNull();
            assertTasks(after ? 1 : 0);
        }
        assertHits(1);
    }

    // ------------------------------------------------------------------ helpers

    private static String defaultCode(int status, boolean oss) {
        if (oss && status == 403) {
            return "AccessDenied";
        }
        switch (status) {
            case 408:
            case 504:
                return "RequestTimeOut";
            case 429:
                return "Throttling.RateQuota";
            case 500:
                return "InternalError";
            case 503:
                return "ModelUnavailable";
            default:
                throw new AssertionError("give the README rule a code= or add its default here: " + status);
        }
    }

    private static void assertJsonError(Wire.Resp r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id"));
    }

    private Wire.Resp create(String prompt, int n) {
        return Wire.create(emu, Wire.SYNTHESIS, FaultFamiliesTest.wan25(prompt, n));
    }

    private Object rawCreate(Duration timeout) {
        return Wire.sendRaw(FaultsTest.createRequest(emu, FaultFamiliesTest.wan25(CAT, 1), timeout),
                HttpResponse.BodyHandlers.ofString());
    }

    private String finishedResultUrl() {
        String id = create(CAT, 1).taskId();
        advance(300);
        Wire.Resp done = Wire.task(emu, id);
        assertThat(done.status_()).isEqualTo("SUCCEEDED");
        return done.json().at("/output/results/0/url").asText();
    }

    private void advance(long seconds) {
        Wire.Resp r = control("POST", "/clock/advance", "{\"seconds\": " + seconds + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private Wire.Resp control(String method, String path, String body) {
        return Wire.control(emu, method, path, body);
    }

    private void assertTasks(int n) {
        assertThat(control("GET", "/tasks", null).json().path("total").asInt()).as("tasks at /__emulator/tasks").isEqualTo(n);
    }

    private void assertHits(int n) {
        assertThat(control("GET", "/faults", null).json().at("/rules/0/hits").asInt()).as("hits at /__emulator/faults")
                .isEqualTo(n);
    }
}
