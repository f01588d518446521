package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.Feature;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.ParamSpec;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.SizePreset;
import dev.wanedit.domain.catalog.WireFamily;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the rules of {@link ModelCatalog} to a draft, collecting every violation: the model and
 * region, the text, the function and its parameters, and the output; the input images are
 * {@link InputImageRules}.
 */
final class RequestRules {
    private final EditRequestDraft d;
    private final List<Violation> found = new ArrayList<>();
    ModelSpec model;
    Optional<EditFunction> function = Optional.empty();
    final Map<String, Object> typedParams = new LinkedHashMap<>();

    RequestRules(EditRequestDraft d) {
        this.d = d;
    }

    List<Violation> all() {
        return List.copyOf(found);
    }

    List<Violation> errors() {
        return found.stream().filter(v -> v.isError() || d.strict).map(Violation::asError).toList();
    }

    List<Violation> warnings() {
        return found.stream().filter(v -> !v.isError()).toList();
    }

    /** The warnings that stay warnings: none in strict mode, where {@link #errors()} has them. */
    List<Violation> remainingWarnings() {
        return d.strict ? List.of() : warnings();
    }

    void error(String field, String value, String rule) {
        found.add(Violation.error(field, value, rule));
    }

    void warn(String field, String value, String rule) {
        found.add(Violation.warning(field, value, rule));
    }

    RequestRules run() {
        found.addAll(d.external);
        if (d.region == null) {
            error("region", "", "a region is required (beijing or singapore)");
        }
        Optional<ModelSpec> spec = d.catalog.find(d.modelId);
        if (spec.isEmpty()) {
            error("model", quote(d.modelId), "is not a known model; known models: "
                    + String.join(", ", d.catalog.all().stream().map(ModelSpec::id).toList()));
            return this;
        }
        model = spec.get();
        if (d.region != null && !model.offeredIn(d.region)) {
            error("model", quote(model.id()), "is not offered in " + d.region.id() + "; it is available in "
                    + String.join(", ", model.regions().stream().map(Region::id).sorted().toList()));
        }
        OutputSize size = parseSize();
        if (size != null) {
            d.size = size;
        }
        checkText();
        new InputImageRules(this, d, model).check();
        checkFunction();
        checkOutput(size);
        return this;
    }

    private OutputSize parseSize() {
        try {
            return OutputSize.parse(d.sizeText);
        } catch (IllegalArgumentException e) {
            error("size", quote(d.sizeText), "is neither a preset (1K, 2K, 4K) nor W*H with whole pixels, e.g. 1280*720");
            return null;
        }
    }

    private void checkText() {
        TextRules t = model.text();
        if (d.prompt == null || d.prompt.isBlank()) {
            if (t.promptRequired()) {
                error("prompt", "", "is required for " + model.id());
            }
        } else {
            int len = d.prompt.codePointCount(0, d.prompt.length());
            if (len > t.promptMax()) {
                String rule = "is " + len + " characters, over the " + t.promptMax() + "-character limit of " + model.id();
                if (t.serverTruncates()) {
                    warn("prompt", "", rule + "; the service silently truncates the rest");
                } else {
                    error("prompt", "", rule);
                }
            }
        }
        if (d.negativePrompt != null && !d.negativePrompt.isEmpty()) {
            if (!model.supports(Feature.NEGATIVE_PROMPT)) {
                error("negative_prompt", "", model.id() + " takes no negative prompt; describe what to avoid in the prompt");
            } else if (t.negativeMax().isPresent()) {
                int len = d.negativePrompt.codePointCount(0, d.negativePrompt.length());
                int max = t.negativeMax().getAsInt();
                if (len > max) {
                    String rule = "is " + len + " characters, over the " + max + "-character limit of " + model.id();
                    if (t.serverTruncates()) {
                        warn("negative_prompt", "", rule + "; the service silently truncates the rest");
                    } else {
                        error("negative_prompt", "", rule);
                    }
                }
            }
        }
    }

    private void checkFunction() {
        boolean functional = model.wireFamily() == WireFamily.FUNCTION;
        if (!functional) {
            if (d.function != null && !d.function.isBlank()) {
                error("function", quote(d.function), "only wanx2.1-imageedit takes a function, not " + model.id());
            }
            if (!d.params.isEmpty()) {
                error("params", String.join(",", d.params.keySet()), "function parameters apply only to wanx2.1-imageedit");
            }
            if (d.mask != null) {
                error("mask", quote(d.mask.label()), "only wanx2.1-imageedit description_edit_with_mask takes a mask");
            }
            return;
        }
        if (d.function == null || d.function.isBlank()) {
            error("function", "", "is required for " + model.id() + "; one of " + String.join(", ", EditFunction.wireNames()));
            return;
        }
        Optional<EditFunction> f = EditFunction.parse(d.function).filter(model.functions()::contains);
        if (f.isEmpty()) {
            error("function", quote(d.function), "is not one of " + String.join(", ", EditFunction.wireNames()));
            return;
        }
        function = f;
        EditFunction fn = f.get();
        if (fn.requiresMask() && d.mask == null) {
            error("mask", "", fn.wireName() + " requires a mask image (white marks the area to edit)");
        }
        if (!fn.requiresMask() && d.mask != null) {
            error("mask", quote(d.mask.label()), "only description_edit_with_mask takes a mask, not " + fn.wireName());
        }
        if (d.mask != null && !d.images.isEmpty() && d.images.get(0) != null) {
            Optional<ImageFacts> base = d.images.get(0).facts();
            Optional<ImageFacts> mask = d.mask.facts();
            if (base.isPresent() && mask.isPresent()
                    && !base.get().dimensions().equals(mask.get().dimensions())) {
                error("mask", quote(d.mask.label()), "is " + mask.get().dimensions() + " px but must have exactly the base image's resolution "
                        + base.get().dimensions());
            }
        }
        if (d.mask != null && fn.requiresMask()) {
            d.mask.facts().flatMap(ImageFacts::tones).ifPresent(t -> checkTones(t, quote(d.mask.label())));
        }
        for (Map.Entry<String, Object> e : d.params.entrySet()) {
            ParamSpec p = fn.params().get(e.getKey());
            if (p == null) {
                error("params." + e.getKey(), quote(String.valueOf(e.getValue())), fn.wireName() + " takes "
                        + (fn.params().isEmpty() ? "no parameters" : "only " + String.join(", ", fn.params().keySet())));
                continue;
            }
            try {
                typedParams.put(p.name(), p.coerce(e.getValue()));
            } catch (IllegalArgumentException ex) {
                error("params." + p.name(), quote(String.valueOf(e.getValue())), ex.getMessage() + " for " + fn.wireName());
            }
        }
    }

    /**
     * White RGB(255,255,255) marks the area to edit, black RGB(0,0,0) the area to keep (protocol
     * §1.4, IE-API): a mask with more than {@link MaskTones#GREY_WARNING_SHARE} of other pixels
     * draws a warning, before anything is paid; so does a mask with nothing white to edit.
     */
    private void checkTones(MaskTones t, String label) {
        if (t.greyShare() > MaskTones.GREY_WARNING_SHARE) {
            warn("mask", label, String.format(java.util.Locale.ROOT, "%.1f%% of its pixels are neither black nor white",
                    100 * t.greyShare()) + "; the mask must be black and white (white RGB(255,255,255) marks the area "
                    + "to edit, black RGB(0,0,0) the area to keep), and how the service treats grey is not documented");
        } else if (t.white() == 0) {
            warn("mask", label, "has no white pixels, so it marks nothing to edit (white marks the area to edit)");
        }
    }

    private void checkOutput(OutputSize size) {
        EditRequest.Mode mode = EditRequest.modeOf(model, d.images.size(), Boolean.TRUE.equals(d.sequential));
        CountRules c = model.count();
        boolean seq = Boolean.TRUE.equals(d.sequential);
        if (seq && !model.supports(Feature.SEQUENTIAL)) {
            error("enable_sequential", "", model.id() + " has no image-set mode");
        }
        if (d.n != null) {
            int max = seq && c.sequentialMax() > 0 ? c.sequentialMax() : c.max();
            if (d.n < c.min() || d.n > max) {
                error("n", String.valueOf(d.n), "must be from " + c.min() + " to " + max + " for " + model.id()
                        + (seq ? " in image-set mode" : ""));
            }
        }
        if (d.seed != null && (d.seed < 0 || d.seed > ModelCatalog.SEED_MAX)) {
            error("seed", String.valueOf(d.seed), "must be from 0 to " + ModelCatalog.SEED_MAX);
        }
        if (d.promptExtend != null && !model.supports(Feature.PROMPT_EXTEND)) {
            error("prompt_extend", "", model.id() + " has no prompt extension; the flag would have no effect");
        }
        if (d.watermark != null && !model.supports(Feature.WATERMARK)) {
            error("watermark", "", model.id() + " takes no watermark setting");
        }
        if (size != null) {
            checkSize(size, mode);
        }
        checkBoxes();
        checkPalette(seq);
        if (d.thinkingMode != null) {
            if (!model.supports(Feature.THINKING_MODE)) {
                error("thinking_mode", "", model.id() + " has no thinking mode");
            } else if (mode != EditRequest.Mode.TEXT_TO_IMAGE) {
                error("thinking_mode", "", "applies only to text-to-image without input images or an image set");
            }
        }
    }

    private void checkSize(OutputSize size, EditRequest.Mode mode) {
        SizeRules s = model.size();
        if (size instanceof OutputSize.Auto) {
            return;
        }
        if (!s.sizeSettable()) {
            error("size", quote(size.wireValue()), model.id() + " takes no size; the output follows the input and the function");
            return;
        }
        if (size instanceof OutputSize.Preset p) {
            if (!s.presets().contains(p.preset())) {
                error("size", quote(p.preset().label()), model.id() + " accepts "
                        + (s.presets().isEmpty() ? "no presets, only W*H" : "only the presets "
                        + String.join(", ", s.presets().stream().sorted().map(SizePreset::label).toList()) + " or W*H"));
            } else if (s.textToImageOnlyPresets().contains(p.preset()) && mode != EditRequest.Mode.TEXT_TO_IMAGE) {
                error("size", quote(p.preset().label()), "is allowed only for text-to-image with no input images and no image set");
            }
            return;
        }
        Dimensions dim = ((OutputSize.Explicit) size).dimensions();
        if (!s.explicitAllowed()) {
            error("size", quote(dim.toString()), model.id() + " accepts only presets");
            return;
        }
        long max = mode == EditRequest.Mode.TEXT_TO_IMAGE ? s.maxPixelsTextToImage() : s.maxPixels();
        if (dim.pixels() < s.minPixels() || dim.pixels() > max) {
            error("size", quote(dim.toString()), dim.pixels() + " pixels is outside [" + side(s.minPixels()) + ", "
                    + side(max) + "] for " + model.id() + (s.maxPixelsTextToImage() != s.maxPixels()
                    ? (mode == EditRequest.Mode.TEXT_TO_IMAGE ? " text-to-image" : " when editing or making image sets") : ""));
        }
        if (dim.aspect() < s.minAspect() - 1e-9 || dim.aspect() > s.maxAspect() + 1e-9) {
            error("size", quote(dim.toString()), "aspect ratio is outside " + ratio(s.minAspect()) + " to "
                    + ratio(s.maxAspect()) + " for " + model.id());
        }
    }

    private void checkBoxes() {
        if (d.boxes.isEmpty()) {
            return;
        }
        if (!model.supports(Feature.BBOX)) {
            error("bbox_list", "", model.id() + " takes no bounding boxes");
            return;
        }
        if (d.boxes.size() != d.images.size()) {
            error("bbox_list", d.boxes.size() + " lists", "needs one list per input image (" + d.images.size()
                    + "), in image order; use an empty list for an image without boxes");
        }
        for (int i = 0; i < d.boxes.size(); i++) {
            List<BoundingBox> list = d.boxes.get(i);
            if (list.size() > ModelCatalog.BOXES_PER_IMAGE_MAX) {
                error("bbox_list[" + i + "]", list.size() + " boxes", "at most " + ModelCatalog.BOXES_PER_IMAGE_MAX
                        + " boxes per image");
            }
            if (i < d.images.size() && d.images.get(i) != null) {
                Optional<ImageFacts> f = d.images.get(i).facts();
                for (int j = 0; j < list.size(); j++) {
                    BoundingBox b = list.get(j);
                    if (f.isPresent() && !b.fitsIn(f.get().dimensions())) {
                        error("bbox_list[" + i + "][" + j + "]", b.toString(), "lies outside image "
                                + quote(d.images.get(i).label()) + " of " + f.get().dimensions() + " px");
                    }
                }
            }
        }
    }

    private void checkPalette(boolean sequential) {
        if (d.palette.isEmpty()) {
            return;
        }
        if (!model.supports(Feature.COLOR_PALETTE)) {
            error("color_palette", "", model.id() + " takes no colour palette");
            return;
        }
        if (sequential) {
            error("color_palette", "", "applies only without image-set mode");
        }
        if (d.palette.size() < ModelCatalog.PALETTE_MIN_COLOURS || d.palette.size() > ModelCatalog.PALETTE_MAX_COLOURS) {
            error("color_palette", d.palette.size() + " colours", "needs " + ModelCatalog.PALETTE_MIN_COLOURS + " to "
                    + ModelCatalog.PALETTE_MAX_COLOURS + " colours");
        }
        BigDecimal sum = d.palette.stream().map(PaletteColor::percent).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = ModelCatalog.PALETTE_TOTAL_PERCENT;
        if (sum.compareTo(total) != 0) {
            error("color_palette", sum.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "%", "shares must sum to "
                    + total.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString() + "%");
        }
    }

    private static String side(long pixels) {
        long s = (long) Math.sqrt(pixels);
        return s * s == pixels ? s + "*" + s : String.valueOf(pixels);
    }

    static String ratio(double aspect) {
        if (aspect == 0) {
            return "any";
        }
        if (Double.isInfinite(aspect)) {
            return "any";
        }
        return aspect >= 1 ? Math.round(aspect) + ":1" : "1:" + Math.round(1 / aspect);
    }

    static String quote(String s) {
        return "\"" + (s == null ? "" : s) + "\"";
    }
}
