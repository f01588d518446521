package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented server-side rules for the three request shapes, read from the seed documents and
 * the protocol notes. Each rule failure is a 400 with the documented code and a message that names
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
  private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)%");
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

  // ---------------------------------------------------------------- wan2.7-image(-pro)

  static TaskSpec wan27(ModelSpec model, JsonNode body, Loader loader) throws ApiError {
    JsonNode input = requireObject(body, "input");
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
    JsonNode params = optionalObject(body, "parameters");
    boolean sequential = boolParam(params, "enable_sequential", false);
    int n = sequential ? intParam(params, "n", 1, 12, 12) : intParam(params, "n", 1, 4, 4);
    long seed = seedParam(params);
    boolean watermark = boolParam(params, "watermark", false);
    thinkingMode(params);
    String sizeText = optionalText(params, "size", "parameters.size");
    if (sizeText == null) {
      sizeText = "2K";
    }
    List<InputImage> loaded = new ArrayList<>();
    for (int i = 0; i < imageRefs.size(); i++) {
      String field = "input.messages[0].content image " + (i + 1);
      InputImage img = loader.load(imageRefs.get(i));
      checkFormat(img, Set.of("jpeg", "png", "bmp", "webp"), field, "JPEG, JPG, PNG, BMP or WEBP");
      checkNoAlpha(img, field);
      checkSides(img, 240, 8000, field);
      checkRatio(img.width(), img.height(), 8, field);
      checkBytes(img, 20, field);
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
        int[] wh = parseSize(sizeText);
        int maxSide = pro && textToImage ? 4096 : 2048;
        checkPixels(wh, 768, maxSide, "parameters.size");
        checkRatio(wh[0], wh[1], 8, "parameters.size");
        return wh;
      }
    }
    double aspect = inputs.isEmpty() ? 1.0 : inputs.get(inputs.size() - 1).aspect();
    return fit(budget, aspect);
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

  private static void checkPixels(int[] wh, int minSide, int maxSide, String field) throws ApiError {
    long px = (long) wh[0] * wh[1];
    if (px < (long) minSide * minSide || px > (long) maxSide * maxSide) {
      throw ApiError.invalid(field + " " + wh[0] + "*" + wh[1] + " has " + px + " pixels; the total must be between "
          + minSide + "*" + minSide + " and " + maxSide + "*" + maxSide + ".");
    }
  }

  private static void checkRatio(int w, int h, int max, String field) throws ApiError {
    if (w == 0 || h == 0 || (double) w / h > max || (double) h / w > max) {
      throw ApiError.invalid(field + " " + w + "*" + h + " has an aspect ratio outside 1:" + max + " to " + max + ":1.");
    }
  }

  private static void checkFormat(InputImage img, Set<String> formats, String field, String names) throws ApiError {
    if (!formats.contains(img.format())) {
      throw ApiError.invalid(field + " is " + img.format().toUpperCase(Locale.ROOT) + "; the supported formats are " + names + ".");
    }
  }

  private static void checkNoAlpha(InputImage img, String field) throws ApiError {
    if (img.hasAlpha() && img.format().equals("png")) {
      throw ApiError.invalid(field + " is a PNG with an alpha channel, which is not supported.");
    }
  }

  private static void checkSides(InputImage img, int min, int max, String field) throws ApiError {
    if (img.width() < min || img.width() > max || img.height() < min || img.height() > max) {
      throw ApiError.invalid(field + " is " + img.width() + "*" + img.height() + "; width and height must each be in ["
          + min + ", " + max + "] pixels.");
    }
  }

  private static void checkBytes(InputImage img, int mb, String field) throws ApiError {
    if (img.bytes() > mb * MB) {
      throw ApiError.invalid(field + " is " + img.bytes() + " bytes; the file must be at most " + mb + " MB.");
    }
  }

  private static JsonNode requireObject(JsonNode body, String name) throws ApiError {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new ApiError(400, "BadRequest.EmptyInput", "Required parameter '" + name + "' missing from request.");
    }
    if (!v.isObject()) {
      throw ApiError.invalid(name + " must be an object.");
    }
    return v;
  }

  private static JsonNode optionalObject(JsonNode body, String name) throws ApiError {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiError.invalid(name + " must be an object.");
    }
    return v;
  }

  private static String requireText(JsonNode obj, String name, String field) throws ApiError {
    String v = optionalText(obj, name, field);
    if (v == null || v.isBlank()) {
      throw ApiError.invalid("Field required: " + field);
    }
    return v;
  }

  private static String optionalText(JsonNode obj, String name, String field) throws ApiError {
    JsonNode v = obj == null ? null : obj.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.invalid(field + " must be a string.");
    }
    return v.asText();
  }

  private static int intParam(JsonNode params, String name, int min, int max, int dflt) throws ApiError {
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

  private static double doubleParam(JsonNode params, String name, double min, double max, double dflt) throws ApiError {
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

  private static boolean boolParam(JsonNode params, String name, boolean dflt) throws ApiError {
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
  private static long seedParam(JsonNode params) throws ApiError {
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
