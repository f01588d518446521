package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented server-side rule answers 400 with the documented code and a message naming the field. */
class ValidationTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");
    static final String PNG_600x800 = Wire.dataUri(Wire.image("png", 600, 800), "image/png");
    static final String SMALL = Wire.dataUri(Wire.image("png", 300, 400), "image/png");
    static final String TALL = Wire.dataUri(Wire.image("png", 384, 5001), "image/png");
    static final String WIDE_4097 = Wire.dataUri(Wire.image("png", 4097, 512), "image/png");
    static final String NARROW_500 = Wire.dataUri(Wire.image("png", 500, 600), "image/png");
    static final String ALPHA = Wire.dataUri(Wire.pngWithAlpha(512, 512), "image/png");
    static final String GIF = Wire.dataUri(Wire.image("gif", 512, 512), "image/gif");
    static final String SIDE_239 = Wire.dataUri(Wire.image("png", 239, 600), "image/png");
    static final String RATIO_9 = Wire.dataUri(Wire.image("png", 2250, 250), "image/png");
    static final String MASK_WRONG = Wire.dataUri(Wire.mask(600, 600), "image/png");

    static String wan25(String input, String params) {
        return "{\"model\":\"wan2.5-i2i-preview\",\"input\":" + input + (params == null ? "" : ",\"parameters\":" + params) + "}";
    }

    static String wan25Params(String params) {
        return wan25("{\"prompt\":\"make it red\",\"images\":[" + Wire.q(PNG) + "]}", params);
    }

    static String wan25Image(String image) {
        return wan25("{\"prompt\":\"make it red\",\"images\":[" + Wire.q(image) + "]}", "{\"n\":1}");
    }

    static String wanx(String function, String prompt, String base, String mask, String params) {
        return "{\"model\":\"wanx2.1-imageedit\",\"input\":{"
                + (function == null ? "" : "\"function\":" + Wire.q(function) + ",")
                + "\"prompt\":" + Wire.q(prompt)
                + (base == null ? "" : ",\"base_image_url\":" + Wire.q(base))
                + (mask == null ? "" : ",\"mask_image_url\":" + Wire.q(mask))
                + "}" + (params == null ? "" : ",\"parameters\":" + params) + "}";
    }

    static String wanxParams(String function, String params) {
        return wanx(function, "a green fairy", PNG, null, params);
    }

    static String wan27(String model, String content, String params) {
        return "{\"model\":\"" + model + "\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}"
                + (params == null ? "" : ",\"parameters\":" + params) + "}";
    }

    static String text(String t) {
        return "{\"text\":" + Wire.q(t) + "}";
    }

    static String img(String ref) {
        return "{\"image\":" + Wire.q(ref) + "}";
    }

    static String withImages(int count) {
        List<String> items = new ArrayList<>();
        items.add(text("edit"));
        items.addAll(Collections.nCopies(count, img(PNG)));
        return "[" + String.join(",", items) + "]";
    }

    static Stream<Arguments> rules() {
        String s = Wire.SYNTHESIS;
        String g = Wire.GENERATION;
        String pro = "wan2.7-image-pro";
        String std = "wan2.7-image";
        String one = "[" + text("edit it") + "," + img(PNG) + "]";
        String t2i = "[" + text("a cat") + "]";
        return Stream.of(
                // ---- wan2.5-i2i-preview
                rule("wan2.5 input missing", s, "{\"model\":\"wan2.5-i2i-preview\"}", "BadRequest.EmptyInput", "input"),
                rule("wan2.5 prompt missing", s, wan25("{\"images\":[" + Wire.q(PNG) + "]}", null), "InvalidParameter", "input.prompt"),
                rule("wan2.5 images missing", s, wan25("{\"prompt\":\"x\"}", null), "InvalidParameter", "input.images"),
                rule("wan2.5 images not an array", s, wan25("{\"prompt\":\"x\",\"images\":" + Wire.q(PNG) + "}", null), "InvalidParameter", "array"),
                rule("wan2.5 no images", s, wan25("{\"prompt\":\"x\",\"images\":[]}", null), "InvalidParameter", "1 to 3"),
                rule("wan2.5 four images", s, wan25("{\"prompt\":\"x\",\"images\":[" + String.join(",", Collections.nCopies(4, Wire.q(PNG))) + "]}", null), "InvalidParameter", "1 to 3"),
                rule("wan2.5 image not a string", s, wan25("{\"prompt\":\"x\",\"images\":[42]}", null), "InvalidParameter", "input.images[0]"),
                rule("wan2.5 n 0", s, wan25Params("{\"n\":0}"), "InvalidParameter", "parameters.n"),
                rule("wan2.5 n 5", s, wan25Params("{\"n\":5}"), "InvalidParameter", "parameters.n"),
                rule("wan2.5 n as text", s, wan25Params("{\"n\":\"2\"}"), "InvalidParameter", "parameters.n"),
                rule("wan2.5 seed negative", s, wan25Params("{\"seed\":-1}"), "InvalidParameter", "parameters.seed"),
                rule("wan2.5 seed too big", s, wan25Params("{\"seed\":2147483648}"), "InvalidParameter", "parameters.seed"),
                rule("wan2.5 watermark not boolean", s, wan25Params("{\"watermark\":\"yes\"}"), "InvalidParameter", "parameters.watermark"),
                rule("wan2.5 prompt_extend not boolean", s, wan25Params("{\"prompt_extend\":1}"), "InvalidParameter", "parameters.prompt_extend"),
                rule("wan2.5 size with x", s, wan25Params("{\"size\":\"1280x1280\"}"), "InvalidParameter", "width*height"),
                rule("wan2.5 size too few pixels", s, wan25Params("{\"size\":\"700*700\"}"), "InvalidParameter", "768*768"),
                rule("wan2.5 size too many pixels", s, wan25Params("{\"size\":\"1300*1300\"}"), "InvalidParameter", "1280*1280"),
                rule("wan2.5 size ratio 5:1", s, wan25Params("{\"size\":\"2000*400\"}"), "InvalidParameter", "aspect ratio"),
                rule("wan2.5 image side 300", s, wan25Image(SMALL), "InvalidParameter", "[384, 5000]"),
                rule("wan2.5 image side 5001", s, wan25Image(TALL), "InvalidParameter", "[384, 5000]"),
                rule("wan2.5 PNG with alpha", s, wan25Image(ALPHA), "InvalidParameter", "alpha"),
                rule("wan2.5 GIF", s, wan25Image(GIF), "InvalidParameter", "GIF"),
                rule("wan2.5 not an image", s, wan25Image(Wire.dataUri("hello".getBytes(), "image/png")), "InvalidParameter", "not supported"),
                rule("wan2.5 broken data URI", s, wan25Image("data:image/png;base64,%%%"), "InvalidParameter", "Base64"),
                rule("wan2.5 data URI not base64", s, wan25Image("data:image/png,abc"), "InvalidParameter", "Base64"),
                rule("wan2.5 public internet URL", s, wan25Image("https://img.alicdn.com/imgextra/i2/x.webp"), "InvalidParameter", "url error"),
                rule("wan2.5 local file", s, wan25Image("file:///tmp/x.png"), "InvalidParameter", "url error"),
                rule("wan2.5 oss without resolve header", s, wan25Image("oss://dashscope-instant/x/y.png"), "InvalidParameter", "X-DashScope-OssResourceResolve"),
                // ---- wanx2.1-imageedit
                rule("wanx2.1 function missing", s, wanx(null, "x", PNG, null, null), "InvalidParameter", "input.function"),
                rule("wanx2.1 unknown function", s, wanx("paint", "x", PNG, null, null), "InvalidParameter", "not supported"),
                rule("wanx2.1 SDK misspelling remove_watermaker", s, wanx("remove_watermaker", "x", PNG, null, null), "InvalidParameter", "remove_watermaker"),
                rule("wanx2.1 prompt missing", s, wanx("expand", "", PNG, null, null), "InvalidParameter", "input.prompt"),
                rule("wanx2.1 prompt over 800", s, wanx("expand", "a".repeat(801), PNG, null, null), "InvalidParameter", "800"),
                rule("wanx2.1 base missing", s, wanx("expand", "x", null, null, null), "InvalidParameter", "input.base_image_url"),
                rule("wanx2.1 mask missing", s, wanx("description_edit_with_mask", "x", PNG, null, null), "InvalidParameter", "mask_image_url"),
                rule("wanx2.1 mask resolution", s, wanx("description_edit_with_mask", "x", PNG, MASK_WRONG, null), "InvalidParameter", "must equal"),
                rule("wanx2.1 base side 500", s, wanx("expand", "x", NARROW_500, null, null), "InvalidParameter", "[512, 4096]"),
                rule("wanx2.1 base side 4097", s, wanx("expand", "x", WIDE_4097, null, null), "InvalidParameter", "[512, 4096]"),
                rule("wanx2.1 GIF base", s, wanx("expand", "x", GIF, null, null), "InvalidParameter", "TIFF"),
                rule("wanx2.1 Chinese characters in URL", s, wanx("expand", "x", "http://127.0.0.1:1/图片.png", null, null), "InvalidParameter", "Chinese"),
                rule("wanx2.1 n 5", s, wanxParams("expand", "{\"n\":5}"), "InvalidParameter", "parameters.n"),
                rule("wanx2.1 strength 1.5", s, wanxParams("description_edit", "{\"strength\":1.5}"), "InvalidParameter", "parameters.strength"),
                rule("wanx2.1 top_scale 0.5", s, wanxParams("expand", "{\"top_scale\":0.5}"), "InvalidParameter", "parameters.top_scale"),
                rule("wanx2.1 right_scale 2.5", s, wanxParams("expand", "{\"right_scale\":2.5}"), "InvalidParameter", "parameters.right_scale"),
                rule("wanx2.1 upscale_factor 5", s, wanxParams("super_resolution", "{\"upscale_factor\":5}"), "InvalidParameter", "parameters.upscale_factor"),
                rule("wanx2.1 upscale_factor 2.5", s, wanxParams("super_resolution", "{\"upscale_factor\":2.5}"), "InvalidParameter", "parameters.upscale_factor"),
                rule("wanx2.1 is_sketch not boolean", s, wanxParams("doodle", "{\"is_sketch\":\"true\"}"), "InvalidParameter", "parameters.is_sketch"),
                // ---- wan2.7-image(-pro)
                rule("wan2.7 messages missing", g, "{\"model\":\"wan2.7-image\",\"input\":{}}", "InvalidParameter", "input.messages"),
                rule("wan2.7 two messages", g, "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[" + text("a") + "]},{\"role\":\"user\",\"content\":[" + text("b") + "]}]}}", "InvalidParameter", "exactly one message"),
                rule("wan2.7 role assistant", g, "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"assistant\",\"content\":[" + text("a") + "]}]}}", "InvalidParameter", "role"),
                rule("wan2.7 two texts", g, wan27(std, "[" + text("a") + "," + text("b") + "]", null), "InvalidParameter", "exactly one text"),
                rule("wan2.7 no text", g, wan27(std, "[" + img(PNG) + "]", null), "InvalidParameter", "text item"),
                rule("wan2.7 unknown item", g, wan27(std, "[" + text("a") + ",{\"video\":\"x\"}]", null), "InvalidParameter", "content[1]"),
                rule("wan2.7 text over 5000", g, wan27(std, "[" + text("a".repeat(5001)) + "]", null), "InvalidParameter", "5000"),
                rule("wan2.7 ten images", g, wan27(std, withImages(10), null), "InvalidParameter", "at most 9"),
                rule("wan2.7 n 5 without sequential", g, wan27(std, t2i, "{\"n\":5}"), "InvalidParameter", "[1, 4]"),
                rule("wan2.7 n 13 with sequential", g, wan27(std, t2i, "{\"n\":13,\"enable_sequential\":true}"), "InvalidParameter", "[1, 12]"),
                rule("wan2.7-image 4K", g, wan27(std, t2i, "{\"n\":1,\"size\":\"4K\"}"), "InvalidParameter", "4K"),
                rule("wan2.7-image-pro 4K with an image", g, wan27(pro, one, "{\"n\":1,\"size\":\"4K\"}"), "InvalidParameter", "text-to-image"),
                rule("wan2.7-image-pro 4K with sequential", g, wan27(pro, t2i, "{\"n\":1,\"size\":\"4K\",\"enable_sequential\":true}"), "InvalidParameter", "enable_sequential"),
                rule("wan2.7-image 3000*3000", g, wan27(std, t2i, "{\"n\":1,\"size\":\"3000*3000\"}"), "InvalidParameter", "2048*2048"),
                rule("wan2.7-image-pro edit 3000*3000", g, wan27(pro, one, "{\"n\":1,\"size\":\"3000*3000\"}"), "InvalidParameter", "2048*2048"),
                rule("wan2.7 700*700", g, wan27(pro, t2i, "{\"n\":1,\"size\":\"700*700\"}"), "InvalidParameter", "768*768"),
                rule("wan2.7 ratio 9:1", g, wan27(pro, t2i, "{\"n\":1,\"size\":\"2700*300\"}"), "InvalidParameter", "aspect ratio"),
                rule("wan2.7 size 3K", g, wan27(pro, t2i, "{\"n\":1,\"size\":\"3K\"}"), "InvalidParameter", "width*height"),
                rule("wan2.7 image side 239", g, wan27(std, "[" + text("e") + "," + img(SIDE_239) + "]", "{\"n\":1}"), "InvalidParameter", "[240, 8000]"),
                rule("wan2.7 image ratio 9:1", g, wan27(std, "[" + text("e") + "," + img(RATIO_9) + "]", "{\"n\":1}"), "InvalidParameter", "1:8"),
                rule("wan2.7 PNG with alpha", g, wan27(std, "[" + text("e") + "," + img(ALPHA) + "]", "{\"n\":1}"), "InvalidParameter", "alpha"),
                rule("wan2.7 thinking_mode number", g, wan27(std, t2i, "{\"n\":1,\"thinking_mode\":3}"), "InvalidParameter", "thinking_mode"),
                rule("wan2.7 bbox_list entries != images", g, wan27(std, one, "{\"n\":1,\"bbox_list\":[[],[]]}"), "InvalidParameter", "one entry per input image"),
                rule("wan2.7 bbox_list three boxes", g, wan27(std, one, "{\"n\":1,\"bbox_list\":[[[0,0,1,1],[0,0,2,2],[0,0,3,3]]]}"), "InvalidParameter", "at most 2"),
                rule("wan2.7 bbox outside the image", g, wan27(std, one, "{\"n\":1,\"bbox_list\":[[[0,0,600,10]]]}"), "InvalidParameter", "bbox_list[0][0]"),
                rule("wan2.7 bbox x1 >= x2", g, wan27(std, one, "{\"n\":1,\"bbox_list\":[[[50,0,50,10]]]}"), "InvalidParameter", "x1 < x2"),
                rule("wan2.7 bbox not four numbers", g, wan27(std, one, "{\"n\":1,\"bbox_list\":[[[1,2,3]]]}"), "InvalidParameter", "[x1, y1, x2, y2]"),
                rule("wan2.7 palette of 2", g, wan27(std, t2i, "{\"n\":1,\"color_palette\":[{\"hex\":\"#000000\",\"ratio\":\"50.00%\"},{\"hex\":\"#FFFFFF\",\"ratio\":\"50.00%\"}]}"), "InvalidParameter", "3 to 10"),
                rule("wan2.7 palette sum 90", g, wan27(std, t2i, "{\"n\":1,\"color_palette\":[{\"hex\":\"#000000\",\"ratio\":\"30.00%\"},{\"hex\":\"#FFFFFF\",\"ratio\":\"30.00%\"},{\"hex\":\"#C2D1E6\",\"ratio\":\"30.00%\"}]}"), "InvalidParameter", "100.00%"),
                rule("wan2.7 palette ratio number", g, wan27(std, t2i, "{\"n\":1,\"color_palette\":[{\"hex\":\"#000000\",\"ratio\":0.3},{\"hex\":\"#FFFFFF\",\"ratio\":0.3},{\"hex\":\"#C2D1E6\",\"ratio\":0.4}]}"), "InvalidParameter", "percentage"),
                rule("wan2.7 palette bad hex", g, wan27(std, t2i, "{\"n\":1,\"color_palette\":[{\"hex\":\"red\",\"ratio\":\"30.00%\"},{\"hex\":\"#FFFFFF\",\"ratio\":\"30.00%\"},{\"hex\":\"#C2D1E6\",\"ratio\":\"40.00%\"}]}"), "InvalidParameter", "hex"),
                rule("wan2.7 palette with sequential", g, wan27(std, t2i, "{\"n\":1,\"enable_sequential\":true,\"color_palette\":[{\"hex\":\"#000000\",\"ratio\":\"30.00%\"},{\"hex\":\"#FFFFFF\",\"ratio\":\"30.00%\"},{\"hex\":\"#C2D1E6\",\"ratio\":\"40.00%\"}]}"), "InvalidParameter", "enable_sequential"),
                rule("wan2.7 on the sync endpoint too", Wire.MULTIMODAL, wan27(std, t2i, "{\"n\":9}"), "InvalidParameter", "parameters.n"));
    }

    private static Arguments rule(String name, String path, String body, String code, String fragment) {
        return Arguments.of(name, path, body, code, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule_violation_answers_400_with_the_documented_code(String name, String path, String body, String code, String fragment) {
        DashScopeEmulator emu = EMULATOR.emulator();

        Wire.Resp r = path.equals(Wire.MULTIMODAL)
                ? Wire.post(emu, path, body, "Authorization", "Bearer " + emu.apiKey())
                : Wire.create(emu, path, body);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(fragment);
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("x-request-id")).isNotBlank();
        assertThat(emu.journal().tasksCreated()).isZero();
    }
}
