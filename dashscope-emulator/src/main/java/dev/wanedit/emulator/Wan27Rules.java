package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-side rules of wan2.7-image and wan2.7-image-pro (one message with text and images,
 * thinking mode, bounding boxes, colour palettes, image sets); the rules shared with the other
 * models are in {@link RequestRules}.
 */
final class Wan27Rules {
    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)%");

    private Wan27Rules() {}

    static TaskSpec check(ModelSpec model, JsonNode body, RequestRules.Loader loader) throws ApiError {
        JsonNode input = RequestRules.requireObject(body, "input");
        JsonNode messages = input.get("messages");
        if (messages == null || !messages.isArray() || messages.size() == 0) {
            throw ApiError.invalid("Field required: input.messages (one message with role user).");
        }
        if (messages.size() != 1) {
            throw ApiError.invalid("input.messages must hold exactly one message; only single-turn requests are supported.");
        }
        JsonNode message = messages.get(0);
        if (!message.isObject()) {
            throw ApiError.invalid("input.messages[0] must be an object.");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual() || !role.asText().equals("user")) {
            throw ApiError.invalid("input.messages[0].role must be user.");
        }
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            throw ApiError.invalid("input.messages[0].content must be an array of {text} and {image} items.");
        }
        String text = null;
        List<String> imageRefs = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode item = content.get(i);
            String field = "input.messages[0].content[" + i + "]";
            if (item.has("text")) {
                if (!item.get("text").isTextual()) {
                    throw ApiError.invalid(field + ".text must be a string.");
                }
                if (text != null) {
                    throw ApiError.invalid("input.messages[0].content must hold exactly one text item.");
                }
                text = item.get("text").asText();
            } else if (item.has("image")) {
                if (!item.get("image").isTextual()) {
                    throw ApiError.invalid(field + ".image must be a string URL.");
                }
                imageRefs.add(item.get("image").asText());
            } else {
                throw ApiError.invalid(field + " must be a {\"text\": ...} or {\"image\": ...} item.");
            }
        }
        if (text == null || text.isBlank()) {
            throw ApiError.invalid("input.messages[0].content must hold exactly one non-empty text item.");
        }
        int textLength = text.codePointCount(0, text.length());
        if (textLength > 5000) {
            throw ApiError.invalid("The text of input.messages[0].content must be at most 5000 characters, got " + textLength + ".");
        }
        if (imageRefs.size() > 9) {
            throw ApiError.invalid("input.messages[0].content may hold at most 9 images, got " + imageRefs.size() + ".");
        }
        JsonNode params = RequestRules.optionalObject(body, "parameters");
        boolean sequential = RequestRules.boolParam(params, "enable_sequential", false);
        int n = sequential ? RequestRules.intParam(params, "n", 1, 12, 12) : RequestRules.intParam(params, "n", 1, 4, 4);
        long seed = RequestRules.seedParam(params);
        boolean watermark = RequestRules.boolParam(params, "watermark", false);
        thinkingMode(params);
        String sizeText = RequestRules.optionalText(params, "size", "parameters.size");
        if (sizeText == null) {
            sizeText = "2K";
        }
        List<InputImage> loaded = new ArrayList<>();
        for (int i = 0; i < imageRefs.size(); i++) {
            String field = "input.messages[0].content image " + (i + 1);
            InputImage img = loader.load(imageRefs.get(i));
            RequestRules.checkFormat(img, Set.of("jpeg", "png", "bmp", "webp"), field, "JPEG, JPG, PNG, BMP or WEBP");
            RequestRules.checkNoAlpha(img, field);
            RequestRules.checkSides(img, 240, 8000, field);
            RequestRules.checkRatio(img.width(), img.height(), 8, field);
            RequestRules.checkBytes(img, 20, field);
            loaded.add(img);
        }
        boolean textToImage = loaded.isEmpty();
        int[] size = wan27Size(model, sizeText, textToImage, sequential, loaded);
        bboxList(params, loaded);
        colorPalette(params, sequential);
        int count = sequential ? Math.min(n, sentences(text)) : n;
        int tokens = (int) Math.ceil(textLength / 2.0) + 16;
        for (InputImage img : loaded) {
            tokens += (int) Math.ceil((double) img.width() * img.height() / 784.0);
        }
        return new TaskSpec(model, count, seed, text, null, null, watermark, List.copyOf(loaded), null, null, size[0],
                size[1], tokens, sequential);
    }

    private static int[] wan27Size(ModelSpec model, String sizeText, boolean textToImage, boolean sequential,
            List<InputImage> inputs) throws ApiError {
        boolean pro = model == ModelSpec.WAN27_IMAGE_PRO;
        String key = sizeText.trim().toUpperCase(Locale.ROOT);
        long budget;
        switch (key) {
            case "1K":
                budget = 1024L * 1024L;
                break;
            case "2K":
                budget = 2048L * 2048L;
                break;
            case "4K":
                if (!pro) {
                    throw ApiError.invalid("parameters.size 4K is only supported by wan2.7-image-pro; " + model.id + " accepts 1K, 2K or width*height.");
                }
                if (!textToImage || sequential) {
                    throw ApiError.invalid("parameters.size 4K is only supported for text-to-image without input images and without enable_sequential.");
                }
                budget = 4096L * 4096L;
                break;
            default: {
                int[] wh = RequestRules.parseSize(sizeText);
                int maxSide = pro && textToImage ? 4096 : 2048;
                RequestRules.checkPixels(wh, 768, maxSide, "parameters.size");
                RequestRules.checkRatio(wh[0], wh[1], 8, "parameters.size");
                return wh;
            }
        }
        double aspect = inputs.isEmpty() ? 1.0 : inputs.get(inputs.size() - 1).aspect();
        return RequestRules.fit(budget, aspect);
    }

    private static void thinkingMode(JsonNode params) throws ApiError {
        JsonNode v = params == null ? null : params.get("thinking_mode");
        if (v == null || v.isNull() || v.isBoolean()) {
            return;
        }
        if (v.isTextual() && Set.of("fast", "balanced", "quality", "true", "false").contains(v.asText())) {
            return; // UNCONFIRMED type: W27 says boolean, the SDKs send strings; both are accepted.
        }
        throw ApiError.invalid("parameters.thinking_mode must be a boolean.");
    }

    private static void bboxList(JsonNode params, List<InputImage> images) throws ApiError {
        JsonNode list = params == null ? null : params.get("bbox_list");
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw ApiError.invalid("parameters.bbox_list must be an array with one entry per input image.");
        }
        if (list.size() != images.size()) {
            throw ApiError.invalid("parameters.bbox_list must have one entry per input image (" + images.size()
                    + "), got " + list.size() + ".");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode boxes = list.get(i);
            String field = "parameters.bbox_list[" + i + "]";
            if (!boxes.isArray()) {
                throw ApiError.invalid(field + " must be an array of boxes [x1, y1, x2, y2] (use [] for none).");
            }
            if (boxes.size() > 2) {
                throw ApiError.invalid(field + " may hold at most 2 boxes, got " + boxes.size() + ".");
            }
            InputImage img = images.get(i);
            for (int b = 0; b < boxes.size(); b++) {
                JsonNode box = boxes.get(b);
                String bf = field + "[" + b + "]";
                if (!box.isArray() || box.size() != 4) {
                    throw ApiError.invalid(bf + " must be [x1, y1, x2, y2] in absolute pixels.");
                }
                int[] c = new int[4];
                for (int k = 0; k < 4; k++) {
                    if (!box.get(k).isIntegralNumber()) {
                        throw ApiError.invalid(bf + " must hold integers.");
                    }
                    c[k] = box.get(k).asInt();
                }
                if (c[0] < 0 || c[1] < 0 || c[0] >= c[2] || c[1] >= c[3] || c[2] > img.width() || c[3] > img.height()) {
                    throw ApiError.invalid(bf + " must satisfy 0 <= x1 < x2 <= " + img.width() + " and 0 <= y1 < y2 <= "
                            + img.height() + " (the image's size).");
                }
            }
        }
    }

    private static void colorPalette(JsonNode params, boolean sequential) throws ApiError {
        JsonNode palette = params == null ? null : params.get("color_palette");
        if (palette == null || palette.isNull()) {
            return;
        }
        if (sequential) {
            throw ApiError.invalid("parameters.color_palette is only supported when enable_sequential is false.");
        }
        if (!palette.isArray() || palette.size() < 3 || palette.size() > 10) {
            throw ApiError.invalid("parameters.color_palette must hold 3 to 10 colours.");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < palette.size(); i++) {
            JsonNode c = palette.get(i);
            String field = "parameters.color_palette[" + i + "]";
            JsonNode hex = c.get("hex");
            if (hex == null || !hex.isTextual() || !HEX.matcher(hex.asText()).matches()) {
                throw ApiError.invalid(field + ".hex must look like #C2D1E6.");
            }
            JsonNode ratio = c.get("ratio");
            Matcher m = ratio == null || !ratio.isTextual() ? null : PERCENT.matcher(ratio.asText());
            if (m == null || !m.matches()) {
                throw ApiError.invalid(field + ".ratio must be a percentage string such as \"60.00%\".");
            }
            sum = sum.add(new BigDecimal(m.group(1)));
        }
        if (sum.compareTo(new BigDecimal("100")) != 0) {
            throw ApiError.invalid("The ratios of parameters.color_palette must sum to 100.00%, got " + sum.toPlainString() + "%.");
        }
    }

    /** How many images an image set holds: the sentences of the prompt, as a stand-in for the model's choice. */
    static int sentences(String text) {
        int count = 0;
        for (String part : text.split("[.。!！?？;；\\n]+")) {
            if (!part.isBlank()) {
                count++;
            }
        }
        return Math.max(1, count);
    }
}
