package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each model produces: counts, seeds, prompts, sizes, and real PNGs of those sizes. */
class ModelOutputTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    static final String PNG_600x800 = Wire.dataUri(Wire.image("png", 600, 800), "image/png");

    static JsonNode finish(DashScopeEmulator emu, Wire.Resp created) {
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        emu.clock().advance(Duration.ofMinutes(3));
        Wire.Resp done = Wire.task(emu, created.taskId());
        assertThat(done.status_()).as(done.body()).isEqualTo("SUCCEEDED");
        return done.json();
    }

    static BufferedImage fetch(String url) {
        var r = Wire.download(url);
        assertThat(r.statusCode()).isEqualTo(200);
        return Wire.decode(r.body());
    }

    // ------------------------------------------------------------ wan2.5

    @Test
    void wan25_multi_image_fusion_keeps_the_last_images_aspect_ratio() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String clock = emu.publish("clock.png", Wire.image("png", 1104, 1472), "image/png").toString();
        String table = emu.publish("table.jpg", Wire.image("jpg", 1696, 960), "image/jpeg").toString();
        String body = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"Place the alarm clock from Image 1 next to the vase on the dining table in Image 2.\","
                + "\"images\":[" + Wire.q(clock) + "," + Wire.q(table) + "]},\"parameters\":{\"n\":1}}";

        JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));

        BufferedImage img = fetch(done.path("output").path("results").get(0).path("url").asText());
        assertThat((double) img.getWidth() / img.getHeight()).isCloseTo(1696.0 / 960.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat((long) img.getWidth() * img.getHeight()).isBetween(1270L * 1270L, 1280L * 1280L);
        assertThat(emu.journal().requests("GET", "/public/")).hasSize(2);
    }

    @Test
    void wan25_defaults_to_four_images_with_distinct_seeds_and_explicit_size() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String body = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"a hat\",\"images\":[" + Wire.q(PNG_600x800)
                + "]},\"parameters\":{\"size\":\"960*1280\",\"seed\":\"12345\",\"prompt_extend\":false}}";

        JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));

        JsonNode results = done.path("output").path("results");
        assertThat(results).hasSize(4);
        assertThat(done.path("usage").path("image_count").asInt()).isEqualTo(4);
        assertThat(results.get(0).has("actual_prompt")).isFalse();
        assertThat(results.get(0).path("orig_prompt").asText()).isEqualTo("a hat");
        BufferedImage first = fetch(results.get(0).path("url").asText());
        BufferedImage second = fetch(results.get(1).path("url").asText());
        assertThat(first.getWidth()).isEqualTo(960);
        assertThat(first.getHeight()).isEqualTo(1280);
        // seeds 12345 and 12346 tint differently
        assertThat(first.getRGB(480, 300)).isNotEqualTo(second.getRGB(480, 300));
    }

    @Test
    void wan25_truncates_long_prompts_instead_of_rejecting_them() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String longPrompt = "猫".repeat(2100);
        String body = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":" + Wire.q(longPrompt) + ",\"negative_prompt\":"
                + Wire.q("x".repeat(600)) + ",\"images\":[" + Wire.q(PNG_600x800) + "]},\"parameters\":{\"n\":1}}";

        JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));

        JsonNode r = done.path("output").path("results").get(0);
        assertThat(r.path("orig_prompt").asText()).isEqualTo("猫".repeat(2000));
        assertThat(r.path("actual_prompt").asText()).startsWith("猫".repeat(2000)).contains("保持主体");
    }

    @Test
    void the_same_result_is_rendered_once_and_served_identically() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String body = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"x\",\"images\":[" + Wire.q(PNG_600x800)
                + "]},\"parameters\":{\"n\":1,\"size\":\"768*768\",\"watermark\":true}}";
        String url = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body)).path("output").path("results").get(0).path("url").asText();

        long before = emu.state.renders();
        byte[] a = Wire.download(url).body();
        byte[] b = Wire.download(url).body();

        assertThat(a).isEqualTo(b);
        assertThat(emu.state.renders() - before).as("rendered once, the second download from the cache").isEqualTo(1);
        assertThat(emu.journal().downloadedBytes()).isEqualTo(2L * a.length);
    }

    @Test
    void image_i_is_drawn_with_seed_plus_i_so_seeds_reproduce_across_tasks() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String two = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"a hat\",\"images\":[" + Wire.q(PNG_600x800)
                + "]},\"parameters\":{\"n\":2,\"size\":\"768*768\",\"seed\":100}}";
        String one = two.replace("\"n\":2", "\"n\":1").replace("\"seed\":100", "\"seed\":101");
        JsonNode pair = finish(emu, Wire.create(emu, Wire.SYNTHESIS, two)).path("output").path("results");
        JsonNode single = finish(emu, Wire.create(emu, Wire.SYNTHESIS, one)).path("output").path("results");

        BufferedImage second = fetch(pair.get(1).path("url").asText());
        BufferedImage seed101 = fetch(single.get(0).path("url").asText());

        // the caption differs ("#2/2" vs "#1/1"), the seed-driven tint does not
        assertThat(second.getRGB(5, 5)).isEqualTo(seed101.getRGB(5, 5));
        assertThat(fetch(pair.get(0).path("url").asText()).getRGB(5, 5)).isNotEqualTo(second.getRGB(5, 5));
    }

    // ------------------------------------------------------------ wanx2.1

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "stylization_all, '\"strength\":0.3', 600, 800",
        "stylization_local, '\"n\":1', 600, 800",
        "description_edit, '\"strength\":0.8', 600, 800",
        "remove_watermark, '\"n\":1', 600, 800",
        "expand, '\"top_scale\":1.5,\"bottom_scale\":1.5,\"left_scale\":2.0,\"right_scale\":1.0', 900, 1200",
        "super_resolution, '\"upscale_factor\":2', 1200, 1600",
        "colorization, '\"n\":1', 600, 800",
        "doodle, '\"is_sketch\":true', 600, 800",
        "control_cartoon_feature, '\"n\":1', 600, 800"
    })
    void wanx21_functions_produce_their_documented_size(String function, String params, int width, int height) {
        DashScopeEmulator emu = EMULATOR.emulator();
        String body = "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"" + function + "\",\"prompt\":\"A green fairy.\","
                + "\"base_image_url\":" + Wire.q(PNG_600x800) + "},\"parameters\":{" + params + "}}";

        JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));

        JsonNode results = done.path("output").path("results");
        assertThat(results).as("n defaults to 1 for wanx2.1").hasSize(1);
        assertThat(results.get(0).has("actual_prompt")).isFalse();
        BufferedImage img = fetch(results.get(0).path("url").asText());
        assertThat(img.getWidth()).isEqualTo(width);
        assertThat(img.getHeight()).isEqualTo(height);
    }

    @Test
    void wanx21_inpainting_with_a_mask_from_a_loopback_url() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String base = emu.publish("rabbit.jpeg", Wire.image("jpg", 800, 600), "image/jpeg").toString();
        String mask = emu.publish("rabbit_mask.png", Wire.mask(800, 600), "image/png").toString();
        String body = "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"description_edit_with_mask\","
                + "\"prompt\":\"A ceramic rabbit holding a ceramic flower.\",\"base_image_url\":" + Wire.q(base)
                + ",\"mask_image_url\":" + Wire.q(mask) + "},\"parameters\":{\"n\":2,\"prompt_extend\":true}}";

        JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));

        JsonNode results = done.path("output").path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("actual_prompt").asText()).startsWith("A ceramic rabbit");
        BufferedImage img = fetch(results.get(1).path("url").asText());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(600);
        // the masked centre is tinted differently from the unmasked corner
        assertThat(img.getRGB(400, 300)).isNotEqualTo(img.getRGB(780, 20));

        // and it is the mask that does it: the same request (same seed) with an empty mask leaves the centre as it was
        String seeded = ",\"parameters\":{\"n\":1,\"seed\":7}}";
        String withMask = body.substring(0, body.indexOf(",\"parameters\"")) + seeded;
        java.io.ByteArrayOutputStream black = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB), "png", black);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String empty = emu.publish("empty_mask.png", black.toByteArray(), "image/png").toString();
        BufferedImage masked = fetch(finish(emu, Wire.create(emu, Wire.SYNTHESIS, withMask))
                .path("output").path("results").get(0).path("url").asText());
        BufferedImage unmasked = fetch(finish(emu, Wire.create(emu, Wire.SYNTHESIS, withMask.replace(Wire.q(mask), Wire.q(empty))))
                .path("output").path("results").get(0).path("url").asText());
        assertThat(masked.getRGB(400, 300)).as("centre, masked vs empty mask").isNotEqualTo(unmasked.getRGB(400, 300));
        assertThat(masked.getRGB(780, 20)).as("corner, outside the mask either way").isEqualTo(unmasked.getRGB(780, 20));
    }

    @Test
    void wanx21_accepts_tiff_bmp_and_webp_bases() {
        DashScopeEmulator emu = EMULATOR.emulator();
        List<String> bases = List.of(
                Wire.dataUri(Wire.image("tiff", 640, 512), "image/tiff"),
                Wire.dataUri(Wire.image("bmp", 640, 512), "image/bmp"),
                Wire.dataUri(Wire.webpHeader(640, 512), "image/webp"));
        for (String base : bases) {
            String body = "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"colorization\",\"prompt\":\"blue\","
                    + "\"base_image_url\":" + Wire.q(base) + "}}";
            JsonNode done = finish(emu, Wire.create(emu, Wire.SYNTHESIS, body));
            BufferedImage img = fetch(done.path("output").path("results").get(0).path("url").asText());
            assertThat(img.getWidth()).isEqualTo(640);
            assertThat(img.getHeight()).isEqualTo(512);
        }
    }

    // ------------------------------------------------------------ wan2.7

    static String wan27(String model, List<String> images, String text, String params) {
        List<String> items = new ArrayList<>();
        items.add("{\"text\":" + Wire.q(text) + "}");
        images.forEach(i -> items.add("{\"image\":" + Wire.q(i) + "}"));
        return "{\"model\":\"" + model + "\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[" + String.join(",", items)
                + "]}]},\"parameters\":{" + params + "}}";
    }

    @Test
    void wan27_sync_edit_answers_choices_with_usage_at_the_last_images_aspect() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String car = emu.publish("car.png", Wire.image("png", 1200, 800), "image/png").toString();
        String paint = emu.publish("paint.png", Wire.image("png", 1000, 500), "image/png").toString();
        String body = wan27("wan2.7-image-pro", List.of(car, paint), "Spray the graffiti from image 2 onto the car in image 1",
                "\"n\":1,\"size\":\"1K\",\"watermark\":false");

        Wire.Resp r = Wire.post(emu, Wire.MULTIMODAL, body, "Authorization", "Bearer " + emu.apiKey());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode out = r.json().path("output");
        assertThat(out.path("finished").asBoolean()).isTrue();
        assertThat(out.has("task_id")).isFalse();
        JsonNode content = out.path("choices").get(0).path("message").path("content");
        assertThat(out.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(out.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(content).hasSize(1);
        assertThat(content.get(0).path("type").asText()).isEqualTo("image");
        JsonNode usage = r.json().path("usage");
        assertThat(usage.path("image_count").asInt()).isEqualTo(1);
        assertThat(usage.path("size").asText()).isEqualTo("1448*724");
        assertThat(usage.path("input_tokens").asInt()).isPositive();
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
        BufferedImage img = fetch(content.get(0).path("image").asText());
        assertThat(img.getWidth() + "*" + img.getHeight()).isEqualTo("1448*724");
        assertThat(emu.journal().tasksCreated()).isEqualTo(1);
        assertThat(Wire.get(emu, "/tasks").json().path("total").asInt()).as("sync calls are not listed").isZero();
    }

    @Test
    void wan27_async_text_to_image_defaults_to_four_square_2k_images() {
        DashScopeEmulator emu = EMULATOR.emulator();
        Wire.Resp created = Wire.create(emu, Wire.GENERATION, wan27("wan2.7-image", List.of(), "a lighthouse at dawn", "\"seed\":1"));
        assertThat(created.status_()).isEqualTo("PENDING");
        emu.clock().advance(Duration.ofSeconds(5));
        JsonNode running = Wire.task(emu, created.taskId()).json().path("output");
        assertThat(running.path("task_status").asText()).isEqualTo("RUNNING");
        assertThat(running.path("finished").asBoolean()).isFalse();
        assertThat(running.has("choices")).isFalse();

        JsonNode done = finish(emu, created);

        JsonNode out = done.path("output");
        assertThat(out.path("finished").asBoolean()).isTrue();
        assertThat(out.path("end_time").asText()).isEqualTo("2025-09-23 22:14:26.800");
        assertThat(out.path("choices").get(0).path("message").path("content")).hasSize(4);
        assertThat(done.path("usage").path("size").asText()).isEqualTo("2048*2048");
        assertThat(done.path("usage").path("image_count").asInt()).isEqualTo(4);
    }

    @Test
    void wan27_pro_allows_4k_for_text_to_image_and_explicit_sizes() {
        DashScopeEmulator emu = EMULATOR.emulator();
        Wire.Resp k4 = Wire.post(emu, Wire.MULTIMODAL, wan27("wan2.7-image-pro", List.of(), "a map", "\"n\":1,\"size\":\"4K\""),
                "Authorization", "Bearer " + emu.apiKey());
        Wire.Resp explicit = Wire.post(emu, Wire.MULTIMODAL, wan27("wan2.7-image", List.of(), "a map", "\"n\":1,\"size\":\"1024*768\""),
                "Authorization", "Bearer " + emu.apiKey());

        assertThat(k4.json().path("usage").path("size").asText()).isEqualTo("4096*4096");
        assertThat(explicit.json().path("usage").path("size").asText()).isEqualTo("1024*768");
        BufferedImage img = fetch(explicit.json().path("output").path("choices").get(0).path("message").path("content").get(0).path("image").asText());
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(768);
    }

    @Test
    void wan27_image_set_returns_up_to_n_images() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String story = "A cinematic image set documenting the same stray orange cat, with consistent features throughout. "
                + "First image: Spring, the orange cat weaves through blooming cherry blossom trees. "
                + "Second image: Summer, the orange cat cools off in the shade of a tree on an old street. "
                + "Third image: Autumn, the orange cat walks on a carpet of golden fallen leaves. "
                + "Fourth image: Winter, the orange cat leaves footprints in the snow.";

        JsonNode four = finish(emu, Wire.create(emu, Wire.GENERATION, wan27("wan2.7-image-pro", List.of(), story,
                "\"enable_sequential\":true,\"n\":4,\"size\":\"1K\"")));
        JsonNode upTo12 = finish(emu, Wire.create(emu, Wire.GENERATION, wan27("wan2.7-image-pro", List.of(), story,
                "\"enable_sequential\":true,\"size\":\"1K\"")));

        assertThat(four.path("output").path("choices").get(0).path("message").path("content")).hasSize(4);
        assertThat(upTo12.path("usage").path("image_count").asInt()).as("the model chooses at most n").isEqualTo(5);
    }

    @Test
    void wan27_accepts_valid_bbox_list_palette_and_thinking_mode() {
        DashScopeEmulator emu = EMULATOR.emulator();
        String a = Wire.dataUri(Wire.image("png", 640, 480), "image/png");
        String b = Wire.dataUri(Wire.image("jpg", 1200, 900), "image/jpeg");
        String edit = wan27("wan2.7-image", List.of(a, b), "move the kite", "\"n\":2,\"size\":\"1K\",\"bbox_list\":[[],[[989,515,1138,681]]]");
        String palette = wan27("wan2.7-image", List.of(), "a poster", "\"n\":1,\"thinking_mode\":true,\"color_palette\":["
                + "{\"hex\":\"#C2D1E6\",\"ratio\":\"60.00%\"},{\"hex\":\"#112233\",\"ratio\":\"25.50%\"},{\"hex\":\"#FFFFFF\",\"ratio\":\"14.50%\"}]");

        JsonNode editDone = finish(emu, Wire.create(emu, Wire.GENERATION, edit));
        JsonNode paletteDone = finish(emu, Wire.create(emu, Wire.GENERATION, palette));

        assertThat(editDone.path("usage").path("image_count").asInt()).isEqualTo(2);
        assertThat(editDone.path("usage").path("size").asText()).isEqualTo("1182*887");
        assertThat(paletteDone.path("usage").path("size").asText()).isEqualTo("2048*2048");
    }
}
