package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskEndpointsTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");

    static String wan25(int n) {
        return "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"make it blue\",\"images\":[" + Wire.q(PNG)
                + "]},\"parameters\":{\"n\":" + n + ",\"size\":\"768*768\"}}";
    }

    static String wanx() {
        return "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"colorization\",\"prompt\":\"blue sky\",\"base_image_url\":"
                + Wire.q(PNG) + "}}";
    }

    @Test
    void unknown_task_is_200_unknown() {
        Wire.Resp r = Wire.task(EMULATOR.emulator(), "86ecf553-d340-4e21-af6e-000000000000");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.status_()).isEqualTo("UNKNOWN");
        assertThat(r.taskId()).isEqualTo("86ecf553-d340-4e21-af6e-000000000000");
    }

    @Test
    void pending_task_can_be_cancelled_and_then_shows_canceled() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();

        Wire.Resp cancel = Wire.cancel(emu, id);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("request_id").asText()).isNotBlank();
        emu.clock().advance(Duration.ofMinutes(5));
        JsonNode out = Wire.task(emu, id).json().path("output");
        assertThat(out.path("task_status").asText()).isEqualTo("CANCELED");
        assertThat(out.has("results")).isFalse();
        assertThat(Wire.get(emu, "/tasks?status=CANCELED").json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void running_or_finished_or_unknown_tasks_cannot_be_cancelled() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofSeconds(5));

        Wire.Resp running = Wire.cancel(emu, id);
        emu.clock().advance(Duration.ofMinutes(5));
        Wire.Resp finished = Wire.cancel(emu, id);
        Wire.Resp unknown = Wire.cancel(emu, "no-such-task");

        for (Wire.Resp r : new Wire.Resp[] {running, finished, unknown}) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("UnsupportedOperation");
            assertThat(r.json().path("message").asText()).contains("PENDING");
        }
        assertThat(Wire.task(emu, id).status_()).isEqualTo("SUCCEEDED");
    }

    @Test
    void tasks_expire_after_24_hours_and_result_urls_24_hours_after_the_end() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofMinutes(2));
        String url = Wire.task(emu, id).json().path("output").path("results").get(0).path("url").asText();
        assertThat(Wire.download(url).statusCode()).isEqualTo(200);

        emu.clock().advance(Duration.ofHours(24).minusMinutes(2));
        assertThat(Wire.task(emu, id).status_()).isEqualTo("UNKNOWN");
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).isZero();
        assertThat(Wire.download(url).statusCode()).as("the URL lives until end_time + 24 h").isEqualTo(200);

        emu.clock().advance(Duration.ofMinutes(2));
        HttpResponse<byte[]> expired = Wire.download(url);
        assertThat(expired.statusCode()).isEqualTo(403);
        String xml = new String(expired.body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<Code>AccessDenied</Code>").contains("expired");
    }

    @Test
    void tampered_result_url_is_403_signature_does_not_match() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofMinutes(2));
        String url = Wire.task(emu, id).json().path("output").path("results").get(0).path("url").asText();

        HttpResponse<byte[]> r = Wire.download(url.replaceAll("Expires=\\d+", "Expires=99999999999"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("SignatureDoesNotMatch");
    }

    @Test
    void list_filters_pages_and_reports_epoch_milliseconds() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String a = Wire.create(emu, Wire.SYNTHESIS, wan25(1)).taskId();
        emu.clock().advance(Duration.ofSeconds(30));
        String b = Wire.create(emu, Wire.SYNTHESIS, wanx()).taskId();
        emu.clock().advance(Duration.ofSeconds(30));
        String c = Wire.create(emu, Wire.SYNTHESIS, wan25(2)).taskId();

        JsonNode all = Wire.get(emu, "/tasks").json();
        assertThat(all.path("total").asInt()).isEqualTo(3);
        assertThat(all.path("page_no").asInt()).isEqualTo(1);
        assertThat(all.path("page_size").asInt()).isEqualTo(10);
        assertThat(all.path("total_page").asInt()).isEqualTo(1);
        assertThat(all.path("data").get(0).path("task_id").asText()).as("newest first").isEqualTo(c);
        JsonNode first = all.path("data").get(2);
        assertThat(first.path("task_id").asText()).isEqualTo(a);
        assertThat(first.path("gmt_create").asLong()).isEqualTo(EmulatorExtension.DEFAULT_START.toEpochMilli());
        assertThat(first.path("start_time").asLong()).isEqualTo(EmulatorExtension.DEFAULT_START.plusSeconds(1).toEpochMilli());
        assertThat(first.path("status").asText()).isEqualTo("RUNNING");
        assertThat(first.path("region").asText()).isEqualTo("cn-beijing");
        assertThat(first.path("model_name").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(first.has("end_time")).isFalse();

        JsonNode wanx = Wire.get(emu, "/tasks?model_name=wanx2.1-imageedit").json();
        assertThat(wanx.path("total").asInt()).isEqualTo(1);
        assertThat(wanx.path("data").get(0).path("task_id").asText()).isEqualTo(b);
        assertThat(wanx.path("data").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(wanx.path("data").get(0).path("end_time").asLong()).isEqualTo(EmulatorExtension.DEFAULT_START.plusSeconds(41).toEpochMilli());

        JsonNode page2 = Wire.get(emu, "/tasks?page_size=2&page_no=2").json();
        assertThat(page2.path("total").asInt()).isEqualTo(3);
        assertThat(page2.path("total_page").asInt()).isEqualTo(2);
        assertThat(page2.path("data")).hasSize(1);
        assertThat(page2.path("data").get(0).path("task_id").asText()).isEqualTo(a);

        assertThat(Wire.get(emu, "/tasks?status=PENDING").json().path("data").get(0).path("task_id").asText()).isEqualTo(c);
        assertThat(Wire.get(emu, "/tasks?task_id=" + b).json().path("total").asInt()).isEqualTo(1);
        // 2025-09-23 22:14:30 UTC+8 onwards: only b and c
        assertThat(Wire.get(emu, "/tasks?start_time=20250923221430&end_time=20250923235959").json().path("total").asInt()).isEqualTo(2);
        assertThat(Wire.get(emu, "/tasks?region=ap-southeast-1").json().path("total").asInt()).isZero();
        String keyId = first.path("api_key_id").asText();
        assertThat(Wire.get(emu, "/tasks?api_key_id=" + keyId).json().path("total").asInt()).isEqualTo(3);
        assertThat(Wire.get(emu, "/tasks?api_key_id=" + keyId + "0").json().path("total").asInt()).as("another key's tasks").isZero();
    }

    @Test
    void list_rejects_bad_filters() {
        DashScopeEmulator emu = EMULATOR.emulator();

        assertThat(Wire.get(emu, "/tasks?start_time=2025-09-23").code()).isEqualTo("InvalidParameter");
        assertThat(Wire.get(emu, "/tasks?status=DONE").code()).isEqualTo("InvalidParameter");
        assertThat(Wire.get(emu, "/tasks?page_size=0").code()).isEqualTo("InvalidParameter");
        assertThat(Wire.get(emu, "/tasks?page_no=x").status()).isEqualTo(400);
    }

    @Test
    void running_task_reports_scheduled_time_and_zero_metrics() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String id = Wire.create(emu, Wire.SYNTHESIS, wan25(2)).taskId();
        JsonNode pending = Wire.task(emu, id).json().path("output");
        assertThat(pending.has("scheduled_time")).isFalse();
        assertThat(pending.path("submit_time").asText()).isEqualTo("2025-09-23 22:14:10.800");

        emu.clock().advance(Duration.ofSeconds(10));
        JsonNode running = Wire.task(emu, id).json().path("output");

        assertThat(running.path("task_status").asText()).isEqualTo("RUNNING");
        assertThat(running.path("scheduled_time").asText()).isEqualTo("2025-09-23 22:14:11.800");
        assertThat(running.has("end_time")).isFalse();
        assertThat(running.path("task_metrics").path("TOTAL").asInt()).isEqualTo(2);
        assertThat(running.path("task_metrics").path("SUCCEEDED").asInt()).isZero();
    }
}
