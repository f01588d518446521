package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class AuthAndRoutingTest {
    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");
    static final String BODY = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"x\",\"images\":[" + Wire.q(PNG)
            + "]},\"parameters\":{\"n\":1}}";

    @Test
    void no_key_is_401_no_api_key_provided(DashScopeEmulator emu) {
        Wire.Resp r = Wire.post(emu, Wire.SYNTHESIS, BODY, "X-DashScope-Async", "enable");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("InvalidApiKey");
        assertThat(r.json().path("message").asText()).isEqualTo("No API-key provided.");
    }

    @Test
    void singapore_key_against_beijing_is_401_invalid_api_key(DashScopeEmulator emu) {
        Wire.Resp r = Wire.post(emu, Wire.SYNTHESIS, BODY, "X-DashScope-Async", "enable",
                "Authorization", "Bearer " + emu.apiKey(Region.SINGAPORE));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("InvalidApiKey");
        assertThat(r.json().path("message").asText()).isEqualTo("Invalid API-key provided.");
        assertThat(emu.journal().tasksCreated()).isZero();
    }

    @Test
    void task_query_needs_the_key_too(DashScopeEmulator emu) {
        Wire.Resp r = Wire.send(HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + "/tasks/abc")).GET());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("InvalidApiKey");
    }

    @Test
    void missing_async_header_on_an_async_endpoint_is_refused(DashScopeEmulator emu) {
        Wire.Resp r = Wire.post(emu, Wire.SYNTHESIS, BODY, "Authorization", "Bearer " + emu.apiKey());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("AccessDenied");
        assertThat(r.json().path("message").asText()).isEqualTo("current user api does not support synchronous calls");
    }

    @Test
    void wan27_async_endpoint_also_needs_the_async_header(DashScopeEmulator emu) {
        Wire.Resp r = Wire.post(emu, Wire.GENERATION,
                "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a cat\"}]}]}}",
                "Authorization", "Bearer " + emu.apiKey());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("synchronous");
    }

    @Test
    void unknown_model_is_model_not_exist(DashScopeEmulator emu) {
        Wire.Resp r = Wire.create(emu, Wire.SYNTHESIS, BODY.replace("wan2.5-i2i-preview", "wan9-fake"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.json().path("message").asText()).isEqualTo("Model not exist.");
    }

    @Test
    void model_on_the_wrong_endpoint_is_a_url_error(DashScopeEmulator emu) {
        Wire.Resp r = Wire.create(emu, Wire.GENERATION, BODY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.json().path("message").asText()).startsWith("url error");
    }

    @Test
    void missing_model_empty_body_and_bad_json_are_400(DashScopeEmulator emu) {
        assertThat(Wire.create(emu, Wire.SYNTHESIS, "{\"input\":{}}").code()).isEqualTo("BadRequest.EmptyModel");
        assertThat(Wire.create(emu, Wire.SYNTHESIS, "").code()).isEqualTo("BadRequest.EmptyParameters");
        Wire.Resp bad = Wire.create(emu, Wire.SYNTHESIS, "{not json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("InvalidParameter");
    }

    @Test
    void unknown_api_path_is_a_url_error_with_a_request_id(DashScopeEmulator emu) {
        Wire.Resp r = Wire.get(emu, "/services/aigc/text2image/nothing");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).startsWith("url error");
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id"));
    }

    @Test
    void every_reply_carries_x_request_id_equal_to_the_body(DashScopeEmulator emu) {
        Wire.Resp created = Wire.create(emu, Wire.SYNTHESIS, BODY);
        Wire.Resp query = Wire.task(emu, created.taskId());
        Wire.Resp list = Wire.get(emu, "/tasks");

        for (Wire.Resp r : new Wire.Resp[] {created, query, list}) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-request-id")).isNotBlank().isEqualTo(r.json().path("request_id").asText());
            assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        }
    }

    @Test
    void singapore_instance_accepts_only_its_key_and_does_not_offer_wanx21() {
        try (DashScopeEmulator sg = DashScopeEmulator.builder().region(Region.SINGAPORE).start()) {
            Wire.Resp beijingKey = Wire.post(sg, Wire.SYNTHESIS, BODY, "X-DashScope-Async", "enable",
                    "Authorization", "Bearer " + sg.apiKey(Region.BEIJING));
            assertThat(beijingKey.status()).isEqualTo(401);

            Wire.Resp wanx = Wire.create(sg, Wire.SYNTHESIS,
                    "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"expand\",\"prompt\":\"x\",\"base_image_url\":" + Wire.q(PNG) + "}}");
            assertThat(wanx.status()).isEqualTo(400);
            assertThat(wanx.json().path("message").asText()).isEqualTo("Model not exist.");

            Wire.Resp ok = Wire.create(sg, Wire.SYNTHESIS, BODY);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(sg.apiKey()).isEqualTo("sk-emulator-singapore");
            assertThat(Wire.get(sg, "/tasks").json().path("data").get(0).path("region").asText()).isEqualTo("ap-southeast-1");
        }
    }

    @Test
    void custom_keys_replace_the_defaults() {
        try (DashScopeEmulator emu = DashScopeEmulator.builder().apiKey(Region.BEIJING, "sk-custom-1").start()) {
            assertThat(emu.apiKey()).isEqualTo("sk-custom-1");
            assertThat(Wire.create(emu, Wire.SYNTHESIS, BODY).status()).isEqualTo(200);
            Wire.Resp old = Wire.post(emu, Wire.SYNTHESIS, BODY, "X-DashScope-Async", "enable",
                    "Authorization", "Bearer sk-emulator-beijing");
            assertThat(old.status()).isEqualTo(401);
        }
    }
}
