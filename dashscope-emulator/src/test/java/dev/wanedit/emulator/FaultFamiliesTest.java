package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fault family, set with the rule grammar ({@link Faults#add(String)}, the text that {@code
 * --fault} and the control API take) or the Java API, as a plain java.net.http client sees it.
 */
class FaultFamiliesTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    static final String PNG = FaultsTest.PNG;

    static String wan25(String prompt, int n) {
        return "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":" + Wire.q(prompt) + ",\"images\":[" + Wire.q(PNG)
                + "]},\"parameters\":{\"n\":" + n + ",\"size\":\"768*768\",\"seed\":7}}";
    }

    private static DashScopeEmulator emu() {
        return EMULATOR.emulator();
    }

    private static JsonNode finished(String taskId) {
        emu().clock().advance(Duration.ofMinutes(5));
        return Wire.task(emu(), taskId).json().path("output");
    }

    private static int listed() {
        return Wire.get(emu(), "/tasks").json().path("total").asInt();
    }

    private static Object rawCreate(String body) {
        return Wire.sendRaw(FaultsTest.createRequest(emu(), body, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
    }

    private static String resultUrl(String taskId, int i) {
        return Wire.task(emu(), taskId).json().path("output").path("results").get(i).path("url").asText();
    }

    // ------------------------------------------------------------------ task outcomes

    @Test
    void fail_matches_by_prompt_fires_times_and_records_the_request_it_fired_on() {
        Faults.Rule rule = emu().faults().add("on=create prompt=(?i)red times=1 do=fail code=InternalError.Algo message=boom");

        Wire.Resp blue = Wire.create(emu(), Wire.SYNTHESIS, wan25("make it blue", 1));
        Wire.Resp red = Wire.create(emu(), Wire.SYNTHESIS, wan25("make it RED", 1));
        Wire.Resp red2 = Wire.create(emu(), Wire.SYNTHESIS, wan25("make it red again", 1));

        JsonNode failed = finished(red.taskId());
        assertThat(failed.path("task_status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("code").asText()).isEqualTo("InternalError.Algo");
        assertThat(failed.path("message").asText()).isEqualTo("boom");
        assertThat(Wire.task(emu(), blue.taskId()).status_()).isEqualTo("SUCCEEDED");
        assertThat(Wire.task(emu(), red2.taskId()).status_()).as("times=1").isEqualTo("SUCCEEDED");
        assertThat(rule.hits()).isEqualTo(1);
        assertThat(rule.remaining()).isZero();
        assertThat(rule.firings()).singleElement().satisfies(f -> {
            assertThat(f.requestId()).isEqualTo(red.json().path("request_id").asText());
            assertThat(f.endpoint()).isEqualTo(Endpoint.IMAGE_SYNTHESIS);
        });
        assertThat(emu().journal().requests(Endpoint.IMAGE_SYNTHESIS).get(1).faults()).containsExactly(rule.id());
        assertThat(emu().journal().createdTasks().get(1).faults()).containsExactly(rule.id());
    }

    @Test
    void fail_images_fails_image_k_and_keeps_the_others() {
        emu().faults().add("on=create times=1 do=fail-images images=1");
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("two cats", 3)).taskId();

        JsonNode out = finished(id);

        assertThat(out.path("task_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.path("results").get(1).path("code").asText()).isEqualTo("InternalError.Timeout");
        assertThat(out.path("results").get(0).has("url")).isTrue();
        assertThat(out.path("results").get(2).has("url")).isTrue();
    }

    @Test
    void content_inspection_rejects_the_input_at_once_or_the_output_at_the_end() {
        emu().faults().add("on=create prompt=input times=1 do=reject-input");
        emu().faults().add("on=create prompt=whole times=1 do=reject-output");
        emu().faults().onCreate().prompt("partly").once().inject(Fault.imagesFailed("DataInspectionFailed",
                Fault.OUTPUT_INSPECTION_MESSAGE, 0));

        Wire.Resp input = Wire.create(emu(), Wire.SYNTHESIS, wan25("bad input", 1));
        String whole = Wire.create(emu(), Wire.SYNTHESIS, wan25("whole output", 1)).taskId();
        String partly = Wire.create(emu(), Wire.SYNTHESIS, wan25("partly bad", 2)).taskId();

        assertThat(input.status()).isEqualTo(400);
        assertThat(input.code()).isEqualTo("DataInspectionFailed");
        assertThat(emu().journal().tasksCreated()).isEqualTo(2);
        JsonNode w = finished(whole);
        assertThat(w.path("task_status").asText()).isEqualTo("FAILED");
        assertThat(w.path("code").asText()).isEqualTo("DataInspectionFailed");
        assertThat(w.path("message").asText()).isEqualTo("Output data may contain inappropriate content.");
        JsonNode p = Wire.task(emu(), partly).json().path("output");
        assertThat(p.path("task_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(p.path("results").get(0).path("code").asText()).isEqualTo("DataInspectionFailed");
        assertThat(p.path("results").get(1).has("url")).isTrue();
    }

    @Test
    void expire_makes_the_task_unknown_unlisted_and_its_urls_dead_after_the_given_time() {
        emu().faults().add("on=create times=1 do=expire after=10m");
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("short lived", 1)).taskId();
        emu().clock().advance(Duration.ofMinutes(2));
        String url = resultUrl(id, 0);
        assertThat(Wire.download(url).statusCode()).isEqualTo(200);

        emu().clock().advance(Duration.ofMinutes(9));

        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
        assertThat(listed()).isZero();
        HttpResponse<byte[]> dead = Wire.download(url);
        assertThat(dead.statusCode()).isEqualTo(403);
        assertThat(new String(dead.body(), StandardCharsets.UTF_8)).contains("Request has expired.");
    }

    @Test
    void a_young_task_answers_unknown_for_its_next_n_queries_then_its_real_status() {
        emu().faults().add("on=create times=1 do=unknown queries=2");
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("shy", 1)).taskId();

        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("PENDING");
        assertThat(listed()).as("the list is not affected").isEqualTo(1);
    }

    @Test
    void a_query_rule_answers_unknown_whatever_the_task() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("known", 1)).taskId();
        emu().faults().on(Endpoint.TASK_QUERY).once().inject(Fault.unknownStatus());

        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("PENDING");
    }

    @Test
    void list_lag_hides_a_new_task_for_a_while_and_combines_with_a_lost_create_answer() {
        Faults.Rule lag = emu().faults().add("on=create times=1 do=list-lag for=30s");
        Faults.Rule cut = emu().faults().add("on=create times=1 do=truncate when=after");

        Object r = rawCreate(wan25("lost", 1));

        @SuppressWarnings("unchecked")
        HttpResponse<String> cutShort = (HttpResponse<String>) r;
        assertThat(cutShort.statusCode()).isEqualTo(200);
        assertThat(cutShort.body()).isEqualTo("{\"output\":{\"task_status\":\"PEN");
        assertThat(lag.hits()).isEqualTo(1);
        assertThat(cut.hits()).isEqualTo(1);
        assertThat(emu().journal().tasksCreated()).isEqualTo(1);
        assertThat(listed()).as("one look right after the lost answer sees nothing").isZero();
        emu().clock().advance(Duration.ofSeconds(29));
        assertThat(listed()).isZero();
        emu().clock().advance(Duration.ofSeconds(1));
        assertThat(listed()).isEqualTo(1);
        String id = emu().journal().createdTasks().get(0).taskId();
        assertThat(Wire.task(emu(), id).status_()).as("queries are not affected").isEqualTo("RUNNING");
    }

    // ------------------------------------------------------------------ service errors

    @Test
    void throttling_with_retry_after_then_500_and_503_on_any_endpoint() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("ok", 1)).taskId();
        emu().faults().add("on=query times=2 do=error status=429 retry-after=2s");
        emu().faults().add("on=list times=1 do=error status=500");
        emu().faults().add("on=cancel times=1 do=error status=503");

        Wire.Resp first = Wire.task(emu(), id);
        Wire.Resp second = Wire.task(emu(), id);
        Wire.Resp third = Wire.task(emu(), id);
        Wire.Resp list = Wire.get(emu(), "/tasks");
        Wire.Resp cancel = Wire.cancel(emu(), id);

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.code()).isEqualTo("Throttling.RateQuota");
        assertThat(first.header("Retry-After")).isEqualTo("2");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
        assertThat(list.status()).isEqualTo(500);
        assertThat(list.code()).isEqualTo("InternalError");
        assertThat(cancel.status()).isEqualTo(503);
        assertThat(cancel.code()).isEqualTo("ModelUnavailable");
        assertThat(Wire.task(emu(), id).status_()).as("the cancel was refused before processing").isEqualTo("PENDING");
        assertThat(emu().journal().throttled(Endpoint.TASK_QUERY)).isEqualTo(2);
        assertThat(emu().journal().throttled(Endpoint.IMAGE_SYNTHESIS)).isZero();
    }

    @Test
    void gateway_page_before_processing_creates_nothing_after_processing_the_task_exists() {
        emu().faults().add("on=create times=1 do=gateway status=502");
        emu().faults().onCreate().once().inject(Fault.createThenGatewayError(504));

        Wire.Resp before = Wire.create(emu(), Wire.SYNTHESIS, wan25("one", 1));
        assertThat(emu().journal().tasksCreated()).isZero();
        Wire.Resp after = Wire.create(emu(), Wire.SYNTHESIS, wan25("two", 1));

        assertThat(before.status()).isEqualTo(502);
        assertThat(before.header("Content-Type")).isEqualTo("text/html");
        assertThat(before.body()).contains("<title>502 Bad Gateway</title>").contains("nginx");
        assertThat(before.header("x-request-id")).as("a gateway does not speak for the service").isNull();
        assertThat(before.json()).isNull();
        assertThat(after.status()).isEqualTo(504);
        assertThat(after.body()).contains("504 Gateway Time-out");
        assertThat(emu().journal().tasksCreated()).isEqualTo(1);
        assertThat(listed()).isEqualTo(1);
        assertThat(emu().journal().requests(Endpoint.IMAGE_SYNTHESIS)).extracting(RecordedRequest::status)
                .containsExactly(502, 504);
    }

    @Test
    void reset_before_creates_nothing_and_after_creates_the_task() {
        emu().faults().add("on=create times=1 do=reset");
        emu().faults().add("on=create times=1 do=reset when=after");

        assertThat(rawCreate(wan25("a", 1))).isInstanceOf(IOException.class);
        assertThat(emu().journal().tasksCreated()).isZero();
        assertThat(rawCreate(wan25("b", 1))).isInstanceOf(IOException.class);
        assertThat(emu().journal().tasksCreated()).isEqualTo(1);
        assertThat(emu().journal().requests(Endpoint.IMAGE_SYNTHESIS)).extracting(RecordedRequest::status)
                .containsExactly(0, 0);
    }

    @Test
    void a_cancel_processed_then_reset_has_cancelled_the_task() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("cancel me", 1)).taskId();
        emu().faults().add("on=cancel times=1 do=reset when=after");

        assertThatThrownBy(() -> Wire.cancel(emu(), id)).hasCauseInstanceOf(IOException.class);

        assertThat(Wire.task(emu(), id).status_()).isEqualTo("CANCELED");
    }

    @Test
    void stall_before_answers_normally_afterwards_and_stall_after_a_create_outlives_the_client() {
        Faults.Rule slowQuery = emu().faults().add("on=tasks times=1 do=stall for=100ms");
        emu().faults().add("on=create times=1 do=stall for=30s when=after");

        Wire.Resp q = Wire.task(emu(), "nothing");
        Object r = Wire.sendRaw(FaultsTest.createRequest(emu(), wan25("slow", 1), Duration.ofMillis(300)),
                HttpResponse.BodyHandlers.ofString());

        assertThat(q.status_()).isEqualTo("UNKNOWN");
        assertThat(slowQuery.hits()).isEqualTo(1);
        assertThat(r).isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(emu().journal().tasksCreated()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ mangled bodies

    @Test
    void create_truncated_before_the_id_without_processing_creates_nothing() {
        emu().faults().add("on=create times=1 do=truncate");

        @SuppressWarnings("unchecked")
        HttpResponse<String> r = (HttpResponse<String>) rawCreate(wan25("x", 1));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"output\":{\"task_status\":\"PEN");
        assertThat(emu().journal().tasksCreated()).isZero();
    }

    @Test
    void create_processed_then_cut_after_the_task_id_shows_the_id_of_the_task_that_exists() {
        emu().faults().onCreate().once().inject(Fault.createThenTruncatedAfterTaskId());

        @SuppressWarnings("unchecked")
        HttpResponse<String> r = (HttpResponse<String>) rawCreate(wan25("x", 1));

        String id = emu().journal().createdTasks().get(0).taskId();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"" + id + "\"");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length());
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("PENDING");
    }

    @Test
    void create_processed_then_garbled_is_a_200_that_is_not_json() {
        emu().faults().add("on=create times=1 do=garble when=after");

        Wire.Resp r = Wire.create(emu(), Wire.SYNTHESIS, wan25("x", 1));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isNull();
        assertThat(r.body().charAt(0)).isEqualTo('\u001f');
        assertThat(emu().journal().tasksCreated()).isEqualTo(1);
    }

    @Test
    void a_query_body_cut_at_a_byte_or_announced_whole_and_cut_off() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("x", 1)).taskId();
        emu().faults().add("on=query times=1 do=truncate cut=20");
        emu().faults().add("on=query times=1 do=truncate length=full");

        Wire.Resp cut = Wire.task(emu(), id);
        HttpRequest get = HttpRequest.newBuilder(URI.create(emu().apiBaseUrl() + "/tasks/" + id))
                .header("Authorization", "Bearer " + emu().apiKey()).timeout(Duration.ofSeconds(10)).build();
        Object full = Wire.sendRaw(get, HttpResponse.BodyHandlers.ofString());

        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.body()).hasSize(20);
        assertThat(cut.json()).isNull();
        assertThat(full).as("Content-Length promised more than was sent").isInstanceOf(IOException.class);
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("PENDING");
    }

    // ------------------------------------------------------------------ downloads and uploads

    @Test
    void downloads_refused_n_times_then_served() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("x", 1)).taskId();
        emu().clock().advance(Duration.ofMinutes(5));
        String url = resultUrl(id, 0);
        emu().faults().add("on=download times=2 do=error status=403");

        HttpResponse<byte[]> first = Wire.download(url);
        HttpResponse<byte[]> second = Wire.download(url);
        HttpResponse<byte[]> third = Wire.download(url);

        assertThat(first.statusCode()).isEqualTo(403);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("<Code>AccessDenied</Code>");
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(Wire.decode(third.body())).isNotNull();
        assertThat(emu().journal().requests(Endpoint.RESULT_DOWNLOAD)).extracting(RecordedRequest::status)
                .containsExactly(403, 403, 200);
        assertThat(emu().journal().downloads()).isEqualTo(1);
    }

    @Test
    void downloads_truncated_with_the_whole_length_lying_about_it_or_garbled() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("x", 1)).taskId();
        emu().clock().advance(Duration.ofMinutes(5));
        String url = resultUrl(id, 0);
        int size = Wire.download(url).body().length;
        emu().faults().on(Endpoint.RESULT_DOWNLOAD).once().inject(Fault.downloadTruncated());
        emu().faults().on(Endpoint.RESULT_DOWNLOAD).once().inject(Fault.downloadTruncatedLying());
        emu().faults().add("on=download times=1 do=garble");

        Object cutOff = Wire.sendRaw(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> lying = Wire.download(url);
        HttpResponse<byte[]> garbled = Wire.download(url);

        assertThat(cutOff).isInstanceOf(IOException.class);
        assertThat(lying.statusCode()).isEqualTo(200);
        assertThat(lying.body()).hasSize(size / 2);
        assertThat(lying.headers().firstValueAsLong("Content-Length")).hasValue(size / 2);
        assertThat(garbled.statusCode()).isEqualTo(200);
        assertThat(garbled.body()).hasSize(size);
        assertThat(Wire.decode(garbled.body())).as("not an image").isNull();
        assertThat(emu().journal().downloads()).as("only the clean download counts").isEqualTo(1);
    }

    @Test
    void upload_policy_and_form_upload_failures() {
        emu().faults().add("on=policy times=1 do=error status=500");
        emu().faults().add("on=upload times=1 do=error status=403 code=AccessDenied message=\"Invalid according to Policy: Policy expired.\"");

        Wire.Resp policy = Wire.get(emu(), "/uploads?action=getPolicy&model=wan2.5-i2i-preview");
        JsonNode p = UploadTest.policy(emu(), "wan2.5-i2i-preview");
        Map<String, String> fields = UploadTest.fields(p, p.path("upload_dir").asText() + "/photo.jpg");
        Wire.Resp refused = UploadTest.upload(p.path("upload_host").asText(), fields, UploadTest.JPEG);
        Wire.Resp accepted = UploadTest.upload(p.path("upload_host").asText(), fields, UploadTest.JPEG);

        assertThat(policy.status()).isEqualTo(500);
        assertThat(policy.code()).isEqualTo("InternalError");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).isEqualTo("application/xml");
        assertThat(refused.body()).contains("<Code>AccessDenied</Code>").contains("Policy expired.");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(emu().journal().uploads()).isEqualTo(1);
    }
}
