package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gaps a new user found driving the emulator like the service: paths, bodies, limits the documents imply. */
class FidelityTest {
    static final String PNG = LimitsTest.PNG;

    private static DashScopeEmulator start(OverConcurrency mode) {
        return DashScopeEmulator.builder().port(0).clock(EmulatorClock.manual(EmulatorExtension.DEFAULT_START))
                .submissionRateLimit(false).overConcurrency(mode).start();
    }

    @Test
    void over_the_concurrency_limit_reject_refuses_with_429_and_creates_nothing() {
        try (DashScopeEmulator emu = start(OverConcurrency.REJECT)) {
            Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("a"));
            Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("b"));

            Wire.Resp third = Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("c"));

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.code()).isEqualTo("Throttling.AllocationQuota");
            assertThat(emu.journal().tasksCreated()).isEqualTo(2);
        }
    }

    @Test
    void over_the_concurrency_limit_queue_keeps_the_task_pending_until_a_running_one_ends() {
        try (DashScopeEmulator emu = start(OverConcurrency.QUEUE)) {
            // wanx2.1: 2 concurrent tasks, 1 s in the queue, 10 s running
            String a = Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("a")).taskId();
            Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("b"));
            Wire.Resp third = Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("c"));
            String c = third.taskId();

            assertThat(third.status()).isEqualTo(200);
            emu.clock().advance(Duration.ofSeconds(5));
            assertThat(Wire.task(emu, a).status_()).isEqualTo("RUNNING");
            assertThat(Wire.task(emu, c).status_()).as("no slot yet").isEqualTo("PENDING");
            emu.clock().advance(Duration.ofSeconds(6)); // t = 11 s: a and b have ended
            assertThat(Wire.task(emu, a).status_()).isEqualTo("SUCCEEDED");
            assertThat(Wire.task(emu, c).status_()).isEqualTo("RUNNING");
            assertThat(Wire.task(emu, c).json().path("output").path("scheduled_time").asText()).isEqualTo("2025-09-23 22:14:21.800");
            emu.clock().advance(Duration.ofSeconds(10));
            assertThat(Wire.task(emu, c).status_()).isEqualTo("SUCCEEDED");
            assertThat(emu.journal().throttled()).isZero();
        }
    }

    @Test
    void the_sdk_default_text2image_path_refuses_these_models_as_the_service_refuses_a_model_on_the_wrong_path() {
        try (DashScopeEmulator emu = start(OverConcurrency.REJECT)) {
            String path = "/services/aigc/text2image/image-synthesis";
            Wire.Resp wan27 = Wire.create(emu, path, "{\"model\":\"wan2.7-image\",\"input\":{\"prompt\":\"a kite\"}}");
            Wire.Resp unknown = Wire.create(emu, path, "{\"model\":\"no-such-model\",\"input\":{\"prompt\":\"a kite\"}}");
            Wire.Resp noKey = Wire.post(emu, path, "{}");

            assertThat(wan27.status()).isEqualTo(400);
            assertThat(wan27.code()).isEqualTo("InvalidParameter");
            assertThat(wan27.json().path("message").asText()).startsWith("url error, please check url！")
                    .contains("wan2.7-image").doesNotContain("No such endpoint");
            assertThat(unknown.json().path("message").asText()).isEqualTo("Model not exist.");
            assertThat(noKey.status()).isEqualTo(401);
            assertThat(emu.journal().requests(Endpoint.TEXT2IMAGE)).hasSize(3);
        }
    }

    @Test
    void a_successful_cancel_answers_the_task_as_it_now_is() {
        try (DashScopeEmulator emu = start(OverConcurrency.REJECT)) {
            String id = Wire.create(emu, Wire.SYNTHESIS, LimitsTest.wanx("a")).taskId();

            Wire.Resp r = Wire.cancel(emu, id);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id"));
            assertThat(r.json().path("output").path("task_id").asText()).isEqualTo(id);
            assertThat(r.json().path("output").path("task_status").asText()).isEqualTo("CANCELED");
        }
    }

    @Test
    void prompt_limits_wan25_truncates_wanx21_and_wan27_refuse_one_character_over() {
        try (DashScopeEmulator emu = start(OverConcurrency.REJECT)) {
            String wanx800 = "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"remove_watermark\",\"prompt\":"
                    + Wire.q("字".repeat(800)) + ",\"base_image_url\":" + Wire.q(PNG) + "}}";
            String wanx801 = wanx800.replace("字".repeat(800), "字".repeat(801));
            String wan27 = "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                    + Wire.q("a".repeat(5000)) + "}]}]},\"parameters\":{\"n\":1}}";
            String wan27Over = wan27.replace("a".repeat(5000), "a".repeat(5001));
            String wan25Over = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":" + Wire.q("b".repeat(2001))
                    + ",\"images\":[" + Wire.q(PNG) + "]},\"parameters\":{\"n\":1}}";

            assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx800).status()).isEqualTo(200);
            Wire.Resp refused = Wire.create(emu, Wire.SYNTHESIS, wanx801);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("message").asText()).contains("input.prompt").contains("800");
            emu.clock().advance(Duration.ofSeconds(2));
            assertThat(Wire.create(emu, Wire.GENERATION, wan27).status()).isEqualTo(200);
            assertThat(Wire.create(emu, Wire.GENERATION, wan27Over).json().path("message").asText()).contains("5000");
            String truncated = Wire.create(emu, Wire.SYNTHESIS, wan25Over).taskId();
            assertThat(emu.journal().createdTasks().get(2).prompt()).hasSize(2000);
            assertThat(truncated).isNotBlank();
        }
    }
}
