package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request being put together from user input. Everything is optional until {@link #build()},
 * which checks all rules of the model and either returns an {@link EditRequest} or throws one
 * {@link InvalidEditRequest} listing every violation. Violations found outside the domain (an
 * unreadable file) are added with {@link #violation(Violation)} so they are reported together.
 */
public final class EditRequestDraft {
    final String modelId;
    ModelCatalog catalog = ModelCatalog.standard();
    Region region = Region.BEIJING;
    String prompt;
    String negativePrompt;
    final List<ImageInput> images = new ArrayList<>();
    ImageInput mask;
    String function;
    final Map<String, Object> params = new LinkedHashMap<>();
    OutputSize size = OutputSize.auto();
    String sizeText;
    Integer n;
    Long seed;
    Boolean watermark;
    Boolean promptExtend;
    Boolean sequential;
    List<List<BoundingBox>> boxes = List.of();
    List<PaletteColor> palette = List.of();
    Boolean thinkingMode;
    boolean strict;
    boolean localUrlsAllowed;
    final List<Violation> external = new ArrayList<>();

    EditRequestDraft(String modelId) {
        this.modelId = modelId;
    }

    public EditRequestDraft catalog(ModelCatalog catalog) {
        this.catalog = catalog;
        return this;
    }

    public EditRequestDraft region(Region region) {
        this.region = region;
        return this;
    }

    public EditRequestDraft prompt(String prompt) {
        this.prompt = prompt;
        return this;
    }

    public EditRequestDraft negativePrompt(String negativePrompt) {
        this.negativePrompt = negativePrompt;
        return this;
    }

    public EditRequestDraft image(ImageInput image) {
        images.add(image);
        return this;
    }

    /**
     * Holds the place of an input image that could not be read (its violation is added with
     * {@link #violation}), so that later images keep their positions in messages and the
     * count rules still see it.
     */
    public EditRequestDraft unreadableImage() {
        images.add(null);
        return this;
    }

    public EditRequestDraft images(List<? extends ImageInput> all) {
        images.addAll(all);
        return this;
    }

    public EditRequestDraft mask(ImageInput mask) {
        this.mask = mask;
        return this;
    }

    public EditRequestDraft function(String function) {
        this.function = function;
        return this;
    }

    /** A function parameter, as text or as a JSON value; converted and checked on build. */
    public EditRequestDraft param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** {@code 1K}/{@code 2K}/{@code 4K}, {@code W*H}, or null/blank for automatic. */
    public EditRequestDraft size(String size) {
        this.sizeText = size;
        return this;
    }

    public EditRequestDraft n(Integer n) {
        this.n = n;
        return this;
    }

    public EditRequestDraft seed(Long seed) {
        this.seed = seed;
        return this;
    }

    public EditRequestDraft watermark(Boolean watermark) {
        this.watermark = watermark;
        return this;
    }

    public EditRequestDraft promptExtend(Boolean promptExtend) {
        this.promptExtend = promptExtend;
        return this;
    }

    public EditRequestDraft sequential(Boolean sequential) {
        this.sequential = sequential;
        return this;
    }

    /** One list of boxes per input image, in image order; an empty list for an image without boxes. */
    public EditRequestDraft boxes(List<List<BoundingBox>> boxes) {
        this.boxes = boxes == null ? List.of() : boxes;
        return this;
    }

    public EditRequestDraft palette(List<PaletteColor> palette) {
        this.palette = palette == null ? List.of() : palette;
        return this;
    }

    public EditRequestDraft thinkingMode(Boolean thinkingMode) {
        this.thinkingMode = thinkingMode;
        return this;
    }

    /** In strict mode warnings (text the service would truncate) are errors. */
    public EditRequestDraft strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    /**
     * Lets input URLs name loopback, private and local hosts. Off by default: the service
     * fetches input URLs itself, from the internet (protocol §1.2: "public HTTP/HTTPS URL"),
     * so only an emulator on this machine can fetch a local one.
     */
    public EditRequestDraft localUrlsAllowed(boolean allowed) {
        this.localUrlsAllowed = allowed;
        return this;
    }

    /** A violation found outside the domain, e.g. an unreadable input file. */
    public EditRequestDraft violation(Violation violation) {
        external.add(violation);
        return this;
    }

    public String modelId() {
        return modelId;
    }

    public Region region() {
        return region;
    }

    /** Every violation without throwing; in strict mode warnings are reported as errors. */
    public List<Violation> check() {
        RequestRules c = new RequestRules(this).run();
        return strict ? c.errors() : c.all();
    }

    /**
     * Rebuilds a request that was valid when it was journaled, without re-applying today's
     * rules (a later release may tighten one; the task already exists and must still be
     * finished). Only an unknown model is refused.
     */
    public EditRequest restore() {
        RequestRules c = new RequestRules(this).run();
        if (c.model == null) {
            throw new IllegalArgumentException("the journal names an unknown model \"" + modelId + "\"");
        }
        if (size == null) {
            size = OutputSize.auto();
        }
        Map<String, Object> typed = new LinkedHashMap<>(params);
        typed.putAll(c.typedParams);
        Optional<EditFunction> fn = c.function.isPresent() ? c.function
                : Optional.ofNullable(function).flatMap(EditFunction::parse);
        return new EditRequest(this, c.model, fn, typed, c.warnings());
    }

    /**
     * Checks every rule.
     *
     * @throws InvalidEditRequest listing every error (and, in strict mode, every warning)
     */
    public EditRequest build() {
        RequestRules c = new RequestRules(this).run();
        List<Violation> errors = c.errors();
        if (!errors.isEmpty()) {
            throw new InvalidEditRequest(errors);
        }
        return new EditRequest(this, c.model, c.function, c.typedParams, c.warnings());
    }
}
