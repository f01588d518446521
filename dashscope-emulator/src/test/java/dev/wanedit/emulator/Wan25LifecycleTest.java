package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class Wan25LifecycleTest {

    /** The "Single-image editing" curl example of the wan2.5 document, with a loopback image. */
    static String singleImageBody(String imageUrl) {
        return "{\n"
                + "  \"model\": \"wan2.5-i2i-preview\",\n"
                + "  \"input\": {\n"
                + "    \"prompt\": \"Change the floral dress to a vintage-style lace long dress with exquisite embroidery details on the collar and cuffs.\",\n"
                + "    \"images\": [" + Wire.q(imageUrl) + "]\n"
                + "  },\n"
                + "  \"parameters\": {\"prompt_extend\": true, \"n\": 1}\n"
                + "}";
    }

    @Test
    void create_then_poll_goes_pending_running_succeeded_with_a_real_png(DashScopeEmulator emu, EmulatorClock clock) {
        String url = emu.publish("dress.png", Wire.image("png", 1344, 896), "image/png").toString();

        Wire.Resp created = Wire.create(emu, Wire.SYNTHESIS, singleImageBody(url));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.status_()).isEqualTo("PENDING");
        assertThat(created.json().path("request_id").asText()).isEqualTo(created.header("x-request-id"));
        String id = created.taskId();
        assertThat(Wire.task(emu, id).status_()).isEqualTo("PENDING");

        clock.advance(Duration.ofSeconds(2));
        Wire.Resp running = Wire.task(emu, id);
        assertThat(running.status_()).isEqualTo("RUNNING");
        assertThat(running.json().path("output").has("results")).isFalse();

        clock.advance(Duration.ofMinutes(2));
        Wire.Resp done = Wire.task(emu, id);
        JsonNode out = done.json().path("output");
        assertThat(out.path("task_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.path("submit_time").asText()).isEqualTo("2025-09-23 22:14:10.800");
        assertThat(out.path("scheduled_time").asText()).isEqualTo("2025-09-23 22:14:11.800");
        assertThat(out.path("end_time").asText()).isEqualTo("2025-09-23 22:15:11.800");
        assertThat(out.path("task_metrics").path("TOTAL").asInt()).isEqualTo(1);
        assertThat(out.path("task_metrics").path("SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(done.json().path("usage").path("image_count").asInt()).isEqualTo(1);
        JsonNode result = out.path("results").get(0);
        assertThat(result.path("orig_prompt").asText()).startsWith("Change the floral dress");
        assertThat(result.path("actual_prompt").asText()).startsWith(result.path("orig_prompt").asText()).isNotEqualTo(result.path("orig_prompt").asText());
        assertThat(result.path("url").asText()).contains("Expires=");

        HttpResponse<byte[]> png = Wire.download(result.path("url").asText());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage img = Wire.decode(png.body());
        // default: about 1280*1280 pixels at the input's 3:2 aspect ratio
        assertThat(img.getWidth()).isEqualTo(1568);
        assertThat(img.getHeight()).isEqualTo(1044);
        assertThat((long) img.getWidth() * img.getHeight()).isLessThanOrEqualTo(1280L * 1280L);
    }
}
