package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented server-side rules for the three request shapes, read from the seed documents and
 * the protocol notes: wan2.5 and wanx2.1 here, wan2.7 in {@link Wan27Rules}, and the field checks
 * they share. Each rule failure is a 400 with the documented code and a message that names
 * the field.
 */
final class RequestRules {
    /** Loads one image reference. */
    interface Loader {
        InputImage load(String ref) throws ApiError;
    }

    static final Set<String> WANX21_FUNCTIONS = Set.of("stylization_all", "stylization_local", "description_edit",
            "description_edit_with_mask", "remove_watermark", "expand", "super_resolution", "colorization", "doodle",
            "control_cartoon_feature");

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})\\*(\\d{1,5})");
    private static final Pattern CJK = Pattern.compile("[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]");
    private static final long MB = 1024L * 1024L;

    private RequestRules() {}

    // ---------------------------------------------------------------- wan2.5-i2i-preview

    static TaskSpec wan25(JsonNode body, Loader loader) throws ApiError {
        JsonNode input = requireObject(body, "input");
        String prompt = truncate(requireText(input, "prompt", "input.prompt"), 2000);
        optionalText(input, "negative_prompt", "input.negative_prompt"); // truncated to 500, unused otherwise
        JsonNode images = input.get("images");
        if (images == null || images.isNull()) {
            throw ApiError.invalid("Field required: input.images");
        }
        if (!images.isArray()) {
            throw ApiError.invalid("input.images must be an array of image URLs.");
        }
        if (images.size() < 1 || images.size() > 3) {
            throw ApiError.invalid("input.images must hold 1 to 3 images, got " + images.size() + ".");
        }
        JsonNode params = optionalObject(body, "parameters");
        int n = intParam(params, "n", 1, 4, 4);
        long seed = seedParam(params);
        boolean watermark = boolParam(params, "watermark", false);
        boolean extend = boolParam(params, "prompt_extend", true);
        int[] size = null;
        String sizeText = optionalText(params, "size", "parameters.size");
        if (sizeText != null) {
            size = parseSize(sizeText);
            checkPixels(size, 768, 1280, "parameters.size");
            checkRatio(size[0], size[1], 4, "parameters.size");
        }
        List<InputImage> loaded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode ref = images.get(i);
            if (!ref.isTextual()) {
                throw ApiError.invalid("input.images[" + i + "] must be a string URL.");
            }
            InputImage img = loader.load(ref.asText());
            String field = "input.images[" + i + "]";
            checkFormat(img, Set.of("jpeg", "png", "bmp", "webp"), field, "JPEG, JPG, PNG, BMP or WEBP");
            checkNoAlpha(img, field);
            checkSides(img, 384, 5000, field);
            checkBytes(img, 10, field);
            loaded.add(img);
        }
        if (size == null) {
            size = fit(1280L * 1280L, loaded.get(loaded.size() - 1).aspect());
        }
        String actual = extend ? extendPrompt(prompt) : null;
        return new TaskSpec(ModelSpec.WAN25_I2I, n, seed, prompt, actual, null, watermark, List.copyOf(loaded), null,
                null, size[0], size[1], 0, false);
    }

    // ---------------------------------------------------------------- wanx2.1-imageedit

    static TaskSpec wanx21(JsonNode body, Loader loader) throws ApiError {
        JsonNode input = requireObject(body, "input");
        String function = requireText(input, "function", "input.function");
        if (!WANX21_FUNCTIONS.contains(function)) {
            throw ApiError.invalid("input.function '" + function + "' is not supported; expected one of "
                    + new java.util.TreeSet<>(WANX21_FUNCTIONS) + ".");
        }
        String prompt = requireText(input, "prompt", "input.prompt");
        if (prompt.codePointCount(0, prompt.length()) > 800) {
            throw ApiError.invalid("input.prompt must be at most 800 characters, got "
                    + prompt.codePointCount(0, prompt.length()) + ".");
        }
        String baseRef = requireText(input, "base_image_url", "input.base_image_url");
        String maskRef = optionalText(input, "mask_image_url", "input.mask_image_url");
        if (function.equals("description_edit_with_mask") && maskRef == null) {
            throw ApiError.invalid("Field required: input.mask_image_url (the function description_edit_with_mask needs a mask).");
        }
        JsonNode params = optionalObject(body, "parameters");
        int n = intParam(params, "n", 1, 4, 1);
        long seed = seedParam(params);
        boolean watermark = boolParam(params, "watermark", false);
        boolean extend = boolParam(params, "prompt_extend", false);
        doubleParam(params, "strength", 0.0, 1.0, 0.5);
        double[] expand = {
            doubleParam(params, "top_scale", 1.0, 2.0, 1.0),
            doubleParam(params, "bottom_scale", 1.0, 2.0, 1.0),
            doubleParam(params, "left_scale", 1.0, 2.0, 1.0),
            doubleParam(params, "right_scale", 1.0, 2.0, 1.0)
        };
        int upscale = intParam(params, "upscale_factor", 1, 4, 1);
        boolParam(params, "is_sketch", false);
        optionalText(params, "size", "parameters.size"); // sent by the guide's curl examples; no documented effect

        InputImage base = loadWanx(loader, baseRef, "input.base_image_url");
        InputImage mask = null;
        if (maskRef != null && function.equals("description_edit_with_mask")) {
            mask = loadWanx(loader, maskRef, "input.mask_image_url");
            if (mask.width() != base.width() || mask.height() != base.height()) {
                throw ApiError.invalid("The resolution of input.mask_image_url (" + mask.width() + "*" + mask.height()
                        + ") must equal that of input.base_image_url (" + base.width() + "*" + base.height() + ").");
            }
        }
        int w = base.width();
        int h = base.height();
        if (function.equals("expand")) {
            w = (int) Math.round(base.width() * (expand[2] + expand[3]) / 2.0);
            h = (int) Math.round(base.height() * (expand[0] + expand[1]) / 2.0);
        } else if (function.equals("super_resolution")) {
            w = base.width() * upscale;
            h = base.height() * upscale;
        }
        // The documents give no ceiling for expand or super_resolution output; the emulator caps the longer side at 4096.
        double cap = Math.min(1.0, 4096.0 / Math.max(w, h));
        w = Math.max(1, (int) Math.floor(w * cap));
        h = Math.max(1, (int) Math.floor(h * cap));
        String actual = extend ? extendPrompt(prompt) : null;
        return new TaskSpec(ModelSpec.WANX21_IMAGEEDIT, n, seed, prompt, actual, function, watermark, List.of(base), mask,
                function.equals("expand") ? expand : null, w, h, 0, false);
    }

    private static InputImage loadWanx(Loader loader, String ref, String field) throws ApiError {
        if (CJK.matcher(ref).find() && !ref.regionMatches(true, 0, "data:", 0, 5)) {
            throw ApiError.invalid(field + " must not contain Chinese characters.");
        }
        InputImage img = loader.load(ref);
        checkFormat(img, Set.of("jpeg", "png", "bmp", "tiff", "webp"), field, "JPG, JPEG, PNG, BMP, TIFF or WEBP");
        checkSides(img, 512, 4096, field);
        checkBytes(img, 10, field);
        return img;
    }

    // ---------------------------------------------------------------- shared helpers

    /** The largest W*H <= budget whose ratio is closest to {@code aspect} (W = round(sqrt(budget * aspect))). */
    static int[] fit(long budget, double aspect) {
        int w = (int) Math.max(1, Math.round(Math.sqrt(budget * aspect)));
        int h = (int) Math.max(1, Math.round(w / aspect));
        while ((long) w * h > budget && h > 1) {
            h--;
        }
        return new int[] {w, h};
    }

    static int[] parseSize(String text) throws ApiError {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw ApiError.invalid("parameters.size must have the form width*height (for example 1280*1280), got '" + text + "'.");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    static void checkPixels(int[] wh, int minSide, int maxSide, String field) throws ApiError {
        long px = (long) wh[0] * wh[1];
        if (px < (long) minSide * minSide || px > (long) maxSide * maxSide) {
            throw ApiError.invalid(field + " " + wh[0] + "*" + wh[1] + " has " + px + " pixels; the total must be between "
                    + minSide + "*" + minSide + " and " + maxSide + "*" + maxSide + ".");
        }
    }

    static void checkRatio(int w, int h, int max, String field) throws ApiError {
        if (w == 0 || h == 0 || (double) w / h > max || (double) h / w > max) {
            throw ApiError.invalid(field + " " + w + "*" + h + " has an aspect ratio outside 1:" + max + " to " + max + ":1.");
        }
    }

    static void checkFormat(InputImage img, Set<String> formats, String field, String names) throws ApiError {
        if (!formats.contains(img.format())) {
            throw ApiError.invalid(field + " is " + img.format().toUpperCase(Locale.ROOT) + "; the supported formats are " + names + ".");
        }
    }

    static void checkNoAlpha(InputImage img, String field) throws ApiError {
        if (img.hasAlpha() && img.format().equals("png")) {
            throw ApiError.invalid(field + " is a PNG with an alpha channel, which is not supported.");
        }
    }

    static void checkSides(InputImage img, int min, int max, String field) throws ApiError {
        if (img.width() < min || img.width() > max || img.height() < min || img.height() > max) {
            throw ApiError.invalid(field + " is " + img.width() + "*" + img.height() + "; width and height must each be in ["
                    + min + ", " + max + "] pixels.");
        }
    }

    static void checkBytes(InputImage img, int mb, String field) throws ApiError {
        if (img.bytes() > mb * MB) {
            throw ApiError.invalid(field + " is " + img.bytes() + " bytes; the file must be at most " + mb + " MB.");
        }
    }

    static JsonNode requireObject(JsonNode body, String name) throws ApiError {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            throw new ApiError(400, "BadRequest.EmptyInput", "Required parameter '" + name + "' missing from request.");
        }
        if (!v.isObject()) {
            throw ApiError.invalid(name + " must be an object.");
        }
        return v;
    }

    static JsonNode optionalObject(JsonNode body, String name) throws ApiError {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.invalid(name + " must be an object.");
        }
        return v;
    }

    static String requireText(JsonNode obj, String name, String field) throws ApiError {
        String v = optionalText(obj, name, field);
        if (v == null || v.isBlank()) {
            throw ApiError.invalid("Field required: " + field);
        }
        return v;
    }

    static String optionalText(JsonNode obj, String name, String field) throws ApiError {
        JsonNode v = obj == null ? null : obj.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.invalid(field + " must be a string.");
        }
        return v.asText();
    }

    static int intParam(JsonNode params, String name, int min, int max, int dflt) throws ApiError {
        JsonNode v = params == null ? null : params.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw ApiError.invalid("parameters." + name + " must be an integer in [" + min + ", " + max + "].");
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw ApiError.invalid("parameters." + name + " must be in [" + min + ", " + max + "], got " + x + ".");
        }
        return (int) x;
    }

    static double doubleParam(JsonNode params, String name, double min, double max, double dflt) throws ApiError {
        JsonNode v = params == null ? null : params.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw ApiError.invalid("parameters." + name + " must be a number in [" + min + ", " + max + "].");
        }
        double x = v.asDouble();
        if (x < min || x > max) {
            throw ApiError.invalid("parameters." + name + " must be in [" + min + ", " + max + "], got " + x + ".");
        }
        return x;
    }

    static boolean boolParam(JsonNode params, String name, boolean dflt) throws ApiError {
        JsonNode v = params == null ? null : params.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalid("parameters." + name + " must be a boolean.");
        }
        return v.asBoolean();
    }

    /** The seed, or a random one; a numeric string is accepted, since the official Java sample sends one. */
    static long seedParam(JsonNode params) throws ApiError {
        JsonNode v = params == null ? null : params.get("seed");
        if (v == null || v.isNull()) {
            return ThreadLocalRandom.current().nextInt(0, Integer.MAX_VALUE);
        }
        long x;
        if (v.isIntegralNumber()) {
            x = v.asLong();
        } else if (v.isTextual() && v.asText().matches("\\d{1,10}")) {
            x = Long.parseLong(v.asText());
        } else {
            throw ApiError.invalid("parameters.seed must be an integer in [0, 2147483647].");
        }
        if (x < 0 || x > Integer.MAX_VALUE) {
            throw ApiError.invalid("parameters.seed must be in [0, 2147483647], got " + x + ".");
        }
        return x;
    }

    /** Cuts a text to {@code max} characters (code points), as the service silently does. */
    static String truncate(String text, int max) {
        if (text == null || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }

    static String extendPrompt(String prompt) {
        if (CJK.matcher(prompt).find()) {
            return prompt + " 保持主体、构图与光照和输入图像一致，细节丰富，色彩自然。";
        }
        return prompt + " Keep the subject, composition and lighting consistent with the input images; rich detail, natural colours.";
    }
}
