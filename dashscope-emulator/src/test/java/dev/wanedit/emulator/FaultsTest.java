package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");

    static String wan25(int n) {
        return "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"make it blue\",\"images\":[" + Wire.q(PNG)
                + "]},\"parameters\":{\"n\":" + n + ",\"size\":\"768*768\",\"seed\":7}}";
    }

    static String wan27(int n) {
        return "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a red kite\"}]}]},"
                + "\"parameters\":{\"n\":" + n + ",\"size\":\"1K\"}}";
    }

    static HttpRequest createRequest(DashScopeEmulator emu, String body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + Wire.SYNTHESIS))
                .header("X-DashScope-Async", "enable").header("Authorization", "Bearer " + emu.apiKey())
                .header("Content-Type", "application/json").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void create_500_503_and_429_are_answered_before_anything_is_created() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.internalError());
        emu.faults().onCreate().once().inject(Fault.serviceUnavailable());
        emu.faults().onCreate().once().inject(Fault.throttled().withRetryAfter(Duration.ofSeconds(3)));

        Wire.Resp e500 = Wire.create(emu, Wire.SYNTHESIS, wan25(1));
        Wire.Resp e503 = Wire.create(emu, Wire.SYNTHESIS, wan25(1));
        Wire.Resp e429 = Wire.create(emu, Wire.SYNTHESIS, wan25(1));
        Wire.Resp ok = Wire.create(emu, Wire.SYNTHESIS, wan25(1));

        assertThat(e500.status()).isEqualTo(500);
        assertThat(e500.code()).isEqualTo("InternalError");
        assertThat(e503.status()).isEqualTo(503);
        assertThat(e429.status()).isEqualTo(429);
        assertThat(e429.code()).isEqualTo("Throttling.RateQuota");
        assertThat(e429.header("Retry-After")).isEqualTo("3");
        assertThat(e500.header("Retry-After")).isNull();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(emu.journal().tasksCreatedFor(wan25(1))).isEqualTo(1);
        assertThat(emu.journal().throttled("Throttling.RateQuota")).isEqualTo(1);
    }

    @Test
    void connection_reset_on_create_creates_nothing() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.connectionReset());

        assertThatThrownBy(() -> Wire.CLIENT.send(createRequest(emu, wan25(1), Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        assertThat(emu.journal().tasksCreated()).isZero();
        assertThat(emu.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0).status()).isZero();
    }

    @Test
    void create_then_reset_creates_the_task_the_client_never_hears_about() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().model("wan2.5-i2i-preview").once().inject(Fault.createThenReset());

        assertThatThrownBy(() -> Wire.CLIENT.send(createRequest(emu, wan25(1), Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        assertThat(emu.journal().tasksCreatedFor(wan25(1))).isEqualTo(1);
        JsonNode list = Wire.get(emu, "/tasks").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("data").get(0).path("model_name").asText()).isEqualTo("wan2.5-i2i-preview");
    }

    @Test
    void create_then_stall_outlives_the_client_read_timeout_but_the_task_exists() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.createThenStall(Duration.ofSeconds(30)));
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(createRequest(emu, wan25(1), Duration.ofMillis(300)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        assertThat(emu.journal().tasksCreated()).isEqualTo(1);
        String id = Wire.get(emu, "/tasks").json().path("data").get(0).path("task_id").asText();
        assertThat(Wire.task(emu, id).status_()).isEqualTo("PENDING");
    }

    @Test
    void delay_answers_normally_afterwards() {
        DashScopeEmulator emu = EMULATOR.emulator();
        Faults.Rule rule = emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.delay(Duration.ofMillis(50)));

        Wire.Resp r = Wire.task(emu, "whatever");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.status_()).isEqualTo("UNKNOWN");
        assertThat(rule.hits()).isEqualTo(1);
        assertThat(rule.remaining()).isZero();
    }

    @Test
    void task_query_faults_apply_n_times_then_stop() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.faults().on(Endpoint.TASK_QUERY).times(2).inject(Fault.serviceUnavailable());
        emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.malformedJson());
        emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.throttled());

        Wire.Resp first = Wire.task(emu, id);
        Wire.Resp second = Wire.task(emu, id);
        Wire.Resp third = Wire.task(emu, id);
        Wire.Resp fourth = Wire.task(emu, id);
        Wire.Resp fifth = Wire.task(emu, id);

        assertThat(first.status()).isEqualTo(503);
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json()).as("a truncated body does not parse").isNull();
        assertThat(third.body()).startsWith("{");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fifth.status_()).isEqualTo("PENDING");
        assertThat(emu.journal().taskQueries(id)).isEqualTo(5);
    }

    @Test
    void task_query_reset_drops_the_connection() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().on(Endpoint.TASK_QUERY).always().inject(Fault.connectionReset());

        assertThatThrownBy(() -> Wire.task(emu, "abc")).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> Wire.task(emu, "abc")).hasCauseInstanceOf(IOException.class);
        emu.faults().clear();
        assertThat(Wire.task(emu, "abc").status()).isEqualTo(200);
    }

    @Test
    void model_specific_rules_leave_other_models_alone() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().model("wanx2.1-imageedit").inject(Fault.internalError());

        assertThat(Wire.create(emu, Wire.SYNTHESIS, wan25(1)).status()).isEqualTo(200);
        assertThat(Wire.create(emu, Wire.SYNTHESIS, "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"expand\","
                + "\"prompt\":\"x\",\"base_image_url\":" + Wire.q(PNG) + "}}").status()).isEqualTo(500);
    }

    @Test
    void data_inspection_failed_at_create() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.dataInspectionFailed());

        Wire.Resp r = Wire.create(emu, Wire.SYNTHESIS, wan25(1));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("DataInspectionFailed");
        assertThat(r.json().path("message").asText()).isEqualTo("Input data may contain inappropriate content.");
        assertThat(emu.journal().tasksCreated()).isZero();
    }

    @Test
    void whole_task_failed_reports_code_message_and_no_usage() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.taskFailed("InternalError.Algo", "algorithm failed"));
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(4)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));

        Wire.Resp r = Wire.task(emu, id);

        JsonNode out = r.json().path("output");
        assertThat(out.path("task_status").asText()).isEqualTo("FAILED");
        assertThat(out.path("code").asText()).isEqualTo("InternalError.Algo");
        assertThat(out.path("message").asText()).isEqualTo("algorithm failed");
        assertThat(out.path("task_metrics").path("TOTAL").asInt()).isEqualTo(4);
        assertThat(out.path("task_metrics").path("FAILED").asInt()).isEqualTo(4);
        assertThat(out.has("results")).isFalse();
        assertThat(r.json().has("usage")).isFalse();
    }

    @Test
    void per_image_timeout_is_a_partial_success_counting_only_successes() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.imagesTimeout(1));
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(3)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));

        Wire.Resp r = Wire.task(emu, id);

        JsonNode out = r.json().path("output");
        assertThat(out.path("task_status").asText()).isEqualTo("SUCCEEDED");
        JsonNode results = out.path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).has("url")).isTrue();
        assertThat(results.get(1).path("code").asText()).isEqualTo("InternalError.Timeout");
        assertThat(results.get(1).has("url")).isFalse();
        assertThat(results.get(2).has("url")).isTrue();
        assertThat(out.path("task_metrics").path("SUCCEEDED").asInt()).isEqualTo(2);
        assertThat(out.path("task_metrics").path("FAILED").asInt()).isEqualTo(1);
        assertThat(r.json().path("usage").path("image_count").asInt()).isEqualTo(2);
    }

    @Test
    void every_image_timing_out_fails_the_task() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().once().inject(Fault.imagesTimeout(0, 1));
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(2)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));

        JsonNode out = Wire.task(emu, id).json().path("output");

        assertThat(out.path("task_status").asText()).isEqualTo("FAILED");
        assertThat(out.path("code").asText()).isEqualTo("InternalError.Timeout");
    }

    @Test
    void wan27_partial_success_returns_only_the_successful_images() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().onCreate().model("wan2.7-image").once().inject(Fault.imagesTimeout(0, 2));
        String id = Wire.create(emu, Wire.GENERATION, wan27(4)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));

        JsonNode r = Wire.task(emu, id).json();

        assertThat(r.path("output").path("choices").get(0).path("message").path("content")).hasSize(2);
        assertThat(r.path("usage").path("image_count").asInt()).isEqualTo(2);
    }

    @Test
    void sync_call_with_a_failed_outcome_answers_the_error() {
        DashScopeEmulator emu = EMULATOR.emulator();
        emu.faults().on(Endpoint.MULTIMODAL_GENERATION).once().inject(Fault.taskFailed("InternalError.Timeout", "timed out"));

        Wire.Resp r = Wire.post(emu, Wire.MULTIMODAL, wan27(1), "Authorization", "Bearer " + emu.apiKey());

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.code()).isEqualTo("InternalError.Timeout");
    }

    @Test
    void result_download_forbidden_answers_oss_xml_403() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));
        String url = Wire.task(emu, id).json().path("output").path("results").get(0).path("url").asText();
        emu.faults().on(Endpoint.RESULT_DOWNLOAD).once().inject(Fault.downloadForbidden());

        HttpResponse<byte[]> forbidden = Wire.download(url);
        HttpResponse<byte[]> ok = Wire.download(url);

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(new String(forbidden.body(), StandardCharsets.UTF_8)).contains("<Error>").contains("<Code>AccessDenied</Code>");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(emu.journal().downloads()).isEqualTo(1);
    }

    @Test
    void result_download_500_is_xml_too() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofMinutes(5));
        String url = Wire.task(emu, id).json().path("output").path("results").get(0).path("url").asText();
        emu.faults().on(Endpoint.RESULT_DOWNLOAD).once().inject(Fault.internalError());

        HttpResponse<byte[]> r = Wire.download(url);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>InternalError</Code>");
    }

    @Test
    void faults_that_need_a_create_are_refused_elsewhere() {
        Faults faults = EMULATOR.emulator().faults();

        assertThatThrownBy(() -> faults.on(Endpoint.TASK_QUERY).inject(Fault.createThenReset()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.on(Endpoint.TASK_QUERY).inject(Fault.imagesTimeout(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.onCreate().inject(Fault.downloadForbidden()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.error(200, "x", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.rules()).isEmpty();
    }
}
