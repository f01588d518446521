package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.PaletteColor;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorExtension;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every model, every wanx2.1 function and every parameter, sent to the emulator over loopback and
 * asserted on the wire through its journal; replies mapped back and results downloaded.
 */
class WireRequestsTest extends WiredToEmulator {

    private final ObjectMapper json = new ObjectMapper();

    private RecordedRequest onlyCreate(Endpoint endpoint) {
        List<RecordedRequest> creates = emu.journal().requests(endpoint);
        assertThat(creates).hasSize(1);
        return creates.get(0);
    }

    private TaskSnapshot finish(Submission s) {
        emu.clock().advance(Duration.ofMinutes(5));
        return editing.fetch(s.task());
    }

    @Test
    void wan25_everyParameter_onTheWire_andResultsBack() {
        ImageInput a = env.published("a.png", 640, 480, 1);
        ImageInput b = env.published("b.png", 512, 512, 2);
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("put the clock from image 1 on the table")
                .negativePrompt("blurry").image(a).image(b).size("1024*1024").n(2).seed(42L).watermark(true)
                .promptExtend(false).build();

        Submission s = editing.submit(r, SubmitMode.ASYNC);

        assertThat(s.status()).isEqualTo(RemoteStatus.PENDING);
        assertThat(s.task().endpoint()).contains(emu.baseUrl());
        assertThat(s.requestId()).isNotBlank();
        RecordedRequest create = onlyCreate(Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.path()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        assertThat(create.header("X-DashScope-Async")).isEqualTo("enable");
        assertThat(create.header("X-DashScope-OssResourceResolve")).isNull();
        assertThat(create.header("Content-Type")).startsWith("application/json");
        assertThat(create.header("Authorization")).startsWith("Bearer ");
        JsonNode body = create.json();
        assertThat(body.path("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("put the clock from image 1 on the table");
        assertThat(body.path("input").path("negative_prompt").asText()).isEqualTo("blurry");
        assertThat(body.path("input").path("images")).extracting(JsonNode::asText)
                .containsExactly(a.label(), b.label());
        JsonNode p = body.path("parameters");
        assertThat(p.path("size").asText()).isEqualTo("1024*1024");
        assertThat(p.path("n").isInt()).isTrue();
        assertThat(p.path("n").asInt()).isEqualTo(2);
        assertThat(p.path("seed").asLong()).isEqualTo(42L);
        assertThat(p.path("watermark").isBoolean()).isTrue();
        assertThat(p.path("watermark").asBoolean()).isTrue();
        assertThat(p.path("prompt_extend").isBoolean()).isTrue();
        assertThat(p.path("prompt_extend").asBoolean()).isFalse();
        assertThat(p.size()).isEqualTo(5);

        TaskSnapshot done = finish(s);
        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.results()).hasSize(2).allMatch(RemoteResult::succeeded);
        assertThat(done.submitTime()).contains(EmulatorExtension.DEFAULT_START);
        assertThat(done.endTime()).isPresent();
        assertThat(done.usage().orElseThrow().imageCount()).isEqualTo(2);
        assertThat(emu.journal().requests(Endpoint.TASK_QUERY).get(0).header("X-DashScope-Async"))
                .as("never on GET").isNull();

        byte[] head = env.downloader().download(done.results().get(0).url().orElseThrow(),
                (in, type, length) -> in.readNBytes(8));
        assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void wan25_minimalRequest_alwaysSendsN() {
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit")
                .image(env.published("a.png", 512, 512, 1)).build();
        editing.submit(r, SubmitMode.ASYNC);
        JsonNode p = onlyCreate(Endpoint.IMAGE_SYNTHESIS).json().path("parameters");
        assertThat(p.path("n").asInt()).isEqualTo(1);
        assertThat(p.size()).as("nothing but n").isEqualTo(1);
        assertThat(onlyCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input").has("negative_prompt")).isFalse();
    }

    @Test
    void chinesePrompts_travelAsUtf8() {
        String prompt = "把碎花裙换成复古蕾丝长裙，领口和袖口有精致刺绣";
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt(prompt).negativePrompt("模糊")
                .image(env.published("a.png", 512, 512, 1)).build();
        editing.submit(r, SubmitMode.ASYNC);
        JsonNode in = onlyCreate(Endpoint.IMAGE_SYNTHESIS).json().path("input");
        assertThat(in.path("prompt").asText()).isEqualTo(prompt);
        assertThat(in.path("negative_prompt").asText()).isEqualTo("模糊");
    }

    private static Map<String, Object> paramsFor(EditFunction f) {
        switch (f) {
            case STYLIZATION_ALL:
            case DESCRIPTION_EDIT:
                return Map.of("strength", 0.7);
            case EXPAND:
                return Map.of("top_scale", 1.5, "bottom_scale", 1.25, "left_scale", 2.0, "right_scale", 1.0);
            case SUPER_RESOLUTION:
                return Map.of("upscale_factor", 2);
            case DOODLE:
                return Map.of("is_sketch", true);
            default:
                return Map.of();
        }
    }

    @ParameterizedTest
    @EnumSource(EditFunction.class)
    void wanx21_everyFunction_withItsParameters(EditFunction f) {
        ImageInput base = env.published("base.png", 768, 512, 3);
        EditRequestDraft d = EditRequest.draft("wanx2.1-imageedit").localUrlsAllowed(true).prompt("make it nicer").function(f.wireName())
                .image(base).n(2).seed(7L).watermark(false);
        paramsFor(f).forEach(d::param);
        ImageInput mask = null;
        if (f.requiresMask()) {
            mask = env.published("mask.png", 768, 512, 4);
            d.mask(mask);
        }
        Submission s = editing.submit(d.build(), SubmitMode.ASYNC);

        RecordedRequest create = onlyCreate(Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.header("X-DashScope-Async")).isEqualTo("enable");
        JsonNode in = create.json().path("input");
        assertThat(in.path("function").asText()).isEqualTo(f.wireName());
        assertThat(in.path("prompt").asText()).isEqualTo("make it nicer");
        assertThat(in.path("base_image_url").asText()).isEqualTo(base.label());
        if (mask != null) {
            assertThat(in.path("mask_image_url").asText()).isEqualTo(mask.label());
        } else {
            assertThat(in.has("mask_image_url")).isFalse();
        }
        JsonNode p = create.json().path("parameters");
        assertThat(p.path("n").asInt()).isEqualTo(2);
        assertThat(p.path("seed").asInt()).isEqualTo(7);
        assertThat(p.path("watermark").asBoolean(true)).isFalse();
        paramsFor(f).forEach((name, value) -> {
            JsonNode v = p.path(name);
            if (value instanceof Integer i) {
                assertThat(v.isIntegralNumber()).as(name + " is an integer").isTrue();
                assertThat(v.asInt()).isEqualTo(i);
            } else if (value instanceof Double x) {
                assertThat(v.isNumber()).as(name + " is a number").isTrue();
                assertThat(v.asDouble()).isEqualTo(x);
            } else {
                assertThat(v.isBoolean()).as(name + " is a boolean").isTrue();
                assertThat(v.asBoolean()).isEqualTo(value);
            }
        });
        assertThat(p.size()).isEqualTo(3 + paramsFor(f).size());
        assertThat(finish(s).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void wan27Pro_async_editWithBoxesPaletteSeedWatermark() {
        ImageInput a = env.published("a.png", 1024, 768, 5);
        ImageInput b = env.published("b.png", 800, 800, 6);
        EditRequest r = EditRequest.draft("wan2.7-image-pro").localUrlsAllowed(true).prompt("spray the graffiti from image 2 onto the car")
                .image(a).image(b).size("2K").n(2).seed(99L).watermark(true)
                .boxes(List.of(List.of(), List.of(new BoundingBox(10, 20, 300, 400), new BoundingBox(400, 400, 700, 700))))
                .palette(List.of(new PaletteColor("#C2D1E6", new BigDecimal("60")),
                        new PaletteColor("#112233", new BigDecimal("30")),
                        new PaletteColor("#ffeedd", new BigDecimal("10"))))
                .build();

        Submission s = editing.submit(r, SubmitMode.ASYNC);

        RecordedRequest create = onlyCreate(Endpoint.IMAGE_GENERATION);
        assertThat(create.path()).isEqualTo("/api/v1/services/aigc/image-generation/generation");
        assertThat(create.header("X-DashScope-Async")).isEqualTo("enable");
        JsonNode msg = create.json().path("input").path("messages");
        assertThat(msg).hasSize(1);
        assertThat(msg.get(0).path("role").asText()).isEqualTo("user");
        JsonNode content = msg.get(0).path("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).path("text").asText()).startsWith("spray the graffiti");
        assertThat(content.get(0).has("image")).isFalse();
        assertThat(content.get(1).path("image").asText()).isEqualTo(a.label());
        assertThat(content.get(2).path("image").asText()).isEqualTo(b.label());
        JsonNode p = create.json().path("parameters");
        assertThat(p.path("size").asText()).isEqualTo("2K");
        assertThat(p.path("n").asInt()).isEqualTo(2);
        assertThat(p.path("seed").asInt()).isEqualTo(99);
        assertThat(p.path("watermark").asBoolean()).isTrue();
        assertThat(p.path("bbox_list").toString()).isEqualTo("[[],[[10,20,300,400],[400,400,700,700]]]");
        assertThat(p.path("color_palette").toString()).isEqualTo(
                "[{\"hex\":\"#C2D1E6\",\"ratio\":\"60.00%\"},{\"hex\":\"#112233\",\"ratio\":\"30.00%\"},"
                        + "{\"hex\":\"#FFEEDD\",\"ratio\":\"10.00%\"}]");
        assertThat(p.has("enable_sequential")).isFalse();
        assertThat(p.has("thinking_mode")).isFalse();

        TaskSnapshot done = finish(s);
        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.results()).isNotEmpty().allMatch(RemoteResult::succeeded);
    }

    @Test
    void wan27Pro_textToImage_thinkingModeIsABoolean_and4K() {
        EditRequest r = EditRequest.draft("wan2.7-image-pro").localUrlsAllowed(true).prompt("a lighthouse at dawn").size("4K").n(1)
                .thinkingMode(false).build();
        editing.submit(r, SubmitMode.ASYNC);
        JsonNode create = onlyCreate(Endpoint.IMAGE_GENERATION).json();
        assertThat(create.path("input").path("messages").get(0).path("content")).hasSize(1);
        JsonNode p = create.path("parameters");
        assertThat(p.path("thinking_mode").isBoolean()).isTrue();
        assertThat(p.path("thinking_mode").asBoolean(true)).isFalse();
        assertThat(p.path("size").asText()).isEqualTo("4K");
    }

    @Test
    void wan27_explicitSize_andBoxesForOneImage() {
        ImageInput a = env.published("a.png", 1200, 900, 9);
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("turn the boxed cup red").image(a).size("1024*768")
                .n(1).boxes(List.of(List.of(new BoundingBox(100, 100, 300, 300)))).build();
        Submission s = editing.submit(r, SubmitMode.ASYNC);
        JsonNode p = onlyCreate(Endpoint.IMAGE_GENERATION).json().path("parameters");
        assertThat(p.path("size").asText()).isEqualTo("1024*768");
        assertThat(p.path("bbox_list").toString()).isEqualTo("[[[100,100,300,300]]]");
        assertThat(finish(s).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void wan27_imageSet_sendsEnableSequential() {
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("four seasons of the same cat").sequential(true).n(4)
                .build();
        Submission s = editing.submit(r, SubmitMode.ASYNC);
        JsonNode p = onlyCreate(Endpoint.IMAGE_GENERATION).json().path("parameters");
        assertThat(p.path("enable_sequential").asBoolean()).isTrue();
        assertThat(p.path("n").asInt()).isEqualTo(4);
        TaskSnapshot done = finish(s);
        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.results()).isNotEmpty().hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void wan27_sync_usesMultimodalGeneration_withoutTheAsyncHeader() {
        ImageInput a = env.published("a.png", 640, 640, 8);
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("make it night").image(a).size("1K").n(1).build();

        Submission s = editing.submit(r, SubmitMode.SYNC);

        RecordedRequest create = onlyCreate(Endpoint.MULTIMODAL_GENERATION);
        assertThat(create.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation");
        assertThat(create.header("X-DashScope-Async")).isNull();
        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        TaskSnapshot snap = s.finalSnapshot().orElseThrow();
        assertThat(snap.results()).hasSize(1).allMatch(RemoteResult::succeeded);
        assertThat(snap.usage()).isPresent();
        assertThat(emu.journal().requests(Endpoint.IMAGE_GENERATION)).isEmpty();
    }

    @Test
    void preview_isExactlyWhatSubmitSends_withoutAnyCall() throws Exception {
        ImageInput a = env.published("a.png", 640, 480, 1);
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("make it night").image(a).size("1K").n(2).seed(3L)
                .build();
        RequestPreview preview = editing.preview(r, SubmitMode.ASYNC);
        assertThat(emu.journal().requests()).as("a dry run makes no call").isEmpty();

        editing.submit(r, SubmitMode.ASYNC);
        RecordedRequest sent = onlyCreate(Endpoint.IMAGE_GENERATION);
        assertThat(json.readTree(preview.body())).isEqualTo(sent.json());
        assertThat(preview.method()).isEqualTo("POST");
        assertThat(preview.url()).isEqualTo(emu.baseUrl() + sent.path());
        assertThat(preview.headers()).containsEntry("X-DashScope-Async", "enable")
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("X-DashScope-OssResourceResolve");
        assertThat(preview.headers().get("Authorization")).startsWith("Bearer ").contains("****")
                .doesNotContain(emu.apiKey());
        assertThat(preview.headers().keySet()).allSatisfy(h -> assertThat(sent.header(h)).as(h).isNotNull());
    }

    @Test
    void singapore_usesItsOwnKey() {
        try (DashScopeEmulator sg = DashScopeEmulator.builder().port(0).region(dev.wanedit.emulator.Region.SINGAPORE)
                .limitsEnabled(false).clock(dev.wanedit.emulator.EmulatorClock.manual(EmulatorExtension.DEFAULT_START))
                .start()) {
            Emulated sgEnv = new Emulated(sg);
            EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).region(Region.SINGAPORE).prompt("a red kite").n(1).build();
            Submission s = sgEnv.editing().submit(r, SubmitMode.ASYNC);
            assertThat(s.task().region()).isEqualTo(Region.SINGAPORE);
            assertThat(sg.journal().requests(Endpoint.IMAGE_GENERATION).get(0).header("Authorization"))
                    .endsWith(sg.apiKey().substring(sg.apiKey().length() - 4));
        }
    }
}
