package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.Region;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An edit as the user states it, and the request being put together from it: the one description
 * of an edit that every adapter fills (the command line's options, a manifest line, the studio's
 * form, the Java client). Everything is optional until {@link #build()}, which checks all rules of
 * the model and either returns an {@link EditRequest} or throws one {@link InvalidEditRequest}
 * listing every violation.
 *
 * <p>Input images may be given as {@linkplain #image(String) references}, unresolved: local paths,
 * http(s) URLs, {@code data:} URIs or {@code oss://bucket/key}, kept as text (the domain does no
 * I/O). The application reads them ({@link #resolveImages}) before the rules are checked; a draft
 * with references left is not checked. Violations found outside the domain (an unreadable file)
 * are added with {@link #violation(Violation)} so they are reported together.
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
    /** Input images as the user named them, not yet read; they follow {@link #images} in order. */
    final List<String> imageReferences = new ArrayList<>();
    String maskReference;

    EditRequestDraft(String modelId) {
        this.modelId = modelId;
    }

    /** What {@link #check()} and {@link #findings()} report: errors (in strict mode every warning too) and the warnings left. */
    public record Findings(List<Violation> errors, List<Violation> warnings) {
        public Findings {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A copy to resolve or complete without changing this one (a draft stated once may be validated,
     * prepared and batched more than once).
     */
    public EditRequestDraft copy() {
        EditRequestDraft c = new EditRequestDraft(modelId);
        c.catalog = catalog;
        c.region = region;
        c.prompt = prompt;
        c.negativePrompt = negativePrompt;
        c.images.addAll(images);
        c.mask = mask;
        c.function = function;
        c.params.putAll(params);
        c.size = size;
        c.sizeText = sizeText;
        c.n = n;
        c.seed = seed;
        c.watermark = watermark;
        c.promptExtend = promptExtend;
        c.sequential = sequential;
        c.boxes = boxes;
        c.palette = palette;
        c.thinkingMode = thinkingMode;
        c.strict = strict;
        c.localUrlsAllowed = localUrlsAllowed;
        c.external.addAll(external);
        c.imageReferences.addAll(imageReferences);
        c.maskReference = maskReference;
        return c;
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
     * An input image as the user names it: a local path, an http(s) URL, a {@code data:} URI or
     * {@code oss://bucket/key}; read by {@link #resolveImages} (the application's validation).
     */
    public EditRequestDraft image(String reference) {
        imageReferences.add(reference);
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

    /** The mask as the user names it (as {@link #image(String)}); null or blank for none. */
    public EditRequestDraft mask(String reference) {
        this.maskReference = reference;
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

    /**
     * Reads every image reference with {@code resolver}, in order, each under the field the rules
     * report it by ({@code images[i]}, or {@code base_image} for a model of the function family
     * given one image), and the mask's as {@code mask}. A reference that cannot be read keeps its
     * place (later images keep their positions in messages) and its violation is added.
     *
     * @return this draft, its references replaced by the inputs they name
     */
    public EditRequestDraft resolveImages(ImageResolver resolver) {
        int count = images.size() + imageReferences.size();
        Optional<ModelSpec> model = catalog.find(modelId);
        List<String> references = List.copyOf(imageReferences);
        imageReferences.clear();
        for (String reference : references) {
            String field = InputImageRules.imageField(model, images.size(), count);
            images.add(resolver.resolve(field, reference, false, external::add).orElse(null));
        }
        String maskGiven = maskReference;
        maskReference = null;
        if (maskGiven != null && !maskGiven.isBlank()) {
            resolver.resolve("mask", maskGiven, true, external::add).ifPresent(m -> mask = m);
        }
        return this;
    }

    public String modelId() {
        return modelId;
    }

    public Region region() {
        return region;
    }

    public String prompt() {
        return prompt;
    }

    public String negativePrompt() {
        return negativePrompt;
    }

    /** The input images given as references and not yet resolved, in order. */
    public List<String> imageReferences() {
        return List.copyOf(imageReferences);
    }

    /** The mask given as a reference and not yet resolved. */
    public Optional<String> maskReference() {
        return Optional.ofNullable(maskReference);
    }

    public String function() {
        return function;
    }

    /** The function parameters as given (text or JSON values). */
    public Map<String, Object> params() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** The size as given: {@code 1K}/{@code 2K}/{@code 4K}, {@code W*H}, or null for automatic. */
    public String size() {
        return sizeText;
    }

    public Integer n() {
        return n;
    }

    public Long seed() {
        return seed;
    }

    public Boolean watermark() {
        return watermark;
    }

    public Boolean promptExtend() {
        return promptExtend;
    }

    public Boolean sequential() {
        return sequential;
    }

    public List<List<BoundingBox>> boxes() {
        return boxes;
    }

    public List<PaletteColor> palette() {
        return palette;
    }

    public Boolean thinkingMode() {
        return thinkingMode;
    }

    public boolean strict() {
        return strict;
    }

    /** Every violation without throwing; in strict mode warnings are reported as errors. */
    public List<Violation> check() {
        RequestRules c = rules();
        return strict ? c.errors() : c.all();
    }

    /** Every violation without throwing, split as {@link #build()} splits them. */
    public Findings findings() {
        RequestRules c = rules();
        return new Findings(c.errors(), c.remainingWarnings());
    }

    /**
     * Rebuilds a request that was valid when it was journaled, without re-applying today's
     * rules (a later release may tighten one; the task already exists and must still be
     * finished). Only an unknown model is refused.
     */
    public EditRequest restore() {
        RequestRules c = rules();
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
        RequestRules c = rules();
        List<Violation> errors = c.errors();
        if (!errors.isEmpty()) {
            throw new InvalidEditRequest(errors);
        }
        return new EditRequest(this, c.model, c.function, c.typedParams, c.warnings());
    }

    private RequestRules rules() {
        if (!imageReferences.isEmpty() || maskReference != null && !maskReference.isBlank()) {
            throw new IllegalStateException("the draft for " + modelId + " has image references that were not read: "
                    + "resolve them first (resolveImages; the application's ValidateEdit does)");
        }
        return new RequestRules(this).run();
    }

    /** The edit as stated, field by field (deterministic: the Java client names a batch by its edits' digest of it). */
    @Override
    public String toString() {
        return "EditRequestDraft[model=" + modelId + ", region=" + region + ", prompt=" + prompt + ", negativePrompt="
                + negativePrompt + ", images=" + images.stream().map(i -> i == null ? "(unreadable)" : i.label()).toList()
                + ", imageReferences=" + imageReferences + ", mask=" + (mask == null ? null : mask.label())
                + ", maskReference=" + maskReference + ", function=" + function + ", params=" + params + ", size="
                + sizeText + ", n=" + n + ", seed=" + seed + ", watermark=" + watermark + ", promptExtend=" + promptExtend
                + ", sequential=" + sequential + ", boxes=" + boxes + ", palette=" + palette + ", thinkingMode="
                + thinkingMode + ", strict=" + strict + "]";
    }
}
