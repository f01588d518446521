package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.WireFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A valid edit request for one model in one region: the instruction, ordered input images (plus a
 * mask for masked inpainting), a wanx2.1 {@code function} with its parameters, and the
 * {@link OutputSpec}. Instances exist only through {@link EditRequestDraft#build()}, which checks every
 * documented rule and reports every violation at once.
 */
public final class EditRequest {

    /** What a wan2.7 request does, which decides several rules; other models always edit. */
    public enum Mode { EDIT, TEXT_TO_IMAGE, IMAGE_SET }

    private final ModelSpec model;
    private final Region region;
    private final String prompt;
    private final Optional<String> negativePrompt;
    private final List<ImageInput> images;
    private final Optional<ImageInput> mask;
    private final Optional<EditFunction> function;
    private final Map<String, Object> functionParams;
    private final OutputSpec output;
    private final List<Violation> warnings;

    EditRequest(EditRequestDraft d, ModelSpec model, Optional<EditFunction> function, Map<String, Object> params,
                        List<Violation> warnings) {
        this.model = model;
        this.region = d.region;
        this.prompt = d.prompt;
        this.negativePrompt = Optional.ofNullable(d.negativePrompt).filter(s -> !s.isEmpty());
        this.images = List.copyOf(d.images);
        this.mask = Optional.ofNullable(d.mask);
        this.function = function;
        this.functionParams = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.output = new OutputSpec(d.size, d.n == null ? 1 : d.n, d.seed == null ? OptionalLong.empty() : OptionalLong.of(d.seed),
                Optional.ofNullable(d.watermark), Optional.ofNullable(d.promptExtend), Boolean.TRUE.equals(d.sequential),
                d.boxes, d.palette, Optional.ofNullable(d.thinkingMode));
        this.warnings = List.copyOf(warnings);
    }

    /** A copy with other inputs standing for the same images (see {@link #withInputsAs}). */
    private EditRequest(EditRequest r, List<ImageInput> images, Optional<ImageInput> mask) {
        this.model = r.model;
        this.region = r.region;
        this.prompt = r.prompt;
        this.negativePrompt = r.negativePrompt;
        this.images = List.copyOf(images);
        this.mask = mask;
        this.function = r.function;
        this.functionParams = r.functionParams;
        this.output = r.output;
        this.warnings = r.warnings;
        this.fingerprint = r.fingerprint();
    }

    /** A request to fill in, for the model {@code modelId}; {@link EditRequestDraft#build()} checks it. */
    public static EditRequestDraft draft(String modelId) {
        return new EditRequestDraft(modelId);
    }

    /**
     * This request with each input replaced by what {@code sameImage} returns for it: another way
     * to reach the same image (an object in the user's bucket by a signed URL of it, made just
     * before the request is sent). The rules were checked on this request, so nothing is checked
     * again, and the fingerprint stays this request's: the journal keeps the original.
     */
    public EditRequest withInputsAs(java.util.function.UnaryOperator<ImageInput> sameImage) {
        List<ImageInput> replaced = new ArrayList<>(images.size());
        boolean changed = false;
        for (ImageInput in : images) {
            ImageInput out = java.util.Objects.requireNonNull(sameImage.apply(in), "replacement input");
            changed |= out != in;
            replaced.add(out);
        }
        Optional<ImageInput> newMask = mask.map(m -> java.util.Objects.requireNonNull(sameImage.apply(m), "replacement mask"));
        changed |= newMask.isPresent() && newMask.get() != mask.get();
        return changed ? new EditRequest(this, replaced, newMask) : this;
    }

    public ModelSpec model() {
        return model;
    }

    public Region region() {
        return region;
    }

    public String prompt() {
        return prompt;
    }

    public Optional<String> negativePrompt() {
        return negativePrompt;
    }

    /** Input images in order; for wanx2.1-imageedit the single base image. */
    public List<ImageInput> images() {
        return images;
    }

    public Optional<ImageInput> mask() {
        return mask;
    }

    public Optional<EditFunction> function() {
        return function;
    }

    /** Typed function parameters (Integer, Double or Boolean), by wire name, as the caller gave them. */
    public Map<String, Object> functionParams() {
        return functionParams;
    }

    public OutputSpec output() {
        return output;
    }

    /** Rules that were bent, not broken (e.g. a prompt the service will truncate). */
    public List<Violation> warnings() {
        return warnings;
    }

    public Mode mode() {
        return modeOf(model, images.size(), output.sequential());
    }

    /** Every input that will be sent: images in order, then the mask. */
    public List<ImageInput> allInputs() {
        List<ImageInput> all = new ArrayList<>(images);
        mask.ifPresent(all::add);
        return all;
    }

    /** Expected output dimensions, image count and cost in this request's region. */
    public ExpectedOutput expectedOutput() {
        return expectedOutputIn(region);
    }

    /** Expected output as if submitted in another region (same dimensions, that region's price). */
    public ExpectedOutput expectedOutputIn(Region pricedIn) {
        return OutputEstimate.of(this, pricedIn);
    }

    /**
     * The canonical text of the request: every field that changes what the service would do, in a
     * fixed order; local and inline images by content digest when known ({@link RequestFingerprint}).
     */
    public String canonicalForm() {
        return RequestFingerprint.canonicalForm(this);
    }

    /** A stable fingerprint: the hex SHA-256 of {@link #canonicalForm()}. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) { // immutable: computed once (a racing second computation gives the same string)
            f = RequestFingerprint.of(this);
            fingerprint = f;
        }
        return f;
    }

    private String fingerprint;


    static Mode modeOf(ModelSpec model, int imageCount, boolean sequential) {
        if (model.wireFamily() != WireFamily.MESSAGES) {
            return Mode.EDIT;
        }
        if (sequential) {
            return Mode.IMAGE_SET;
        }
        return imageCount == 0 ? Mode.TEXT_TO_IMAGE : Mode.EDIT;
    }

    /** A draft that rebuilds this request (for journals that store requests, and for edits of a copy). */
    public EditRequestDraft toDraft() {
        EditRequestDraft d = draft(model.id()).region(region).prompt(prompt).negativePrompt(negativePrompt.orElse(null))
                .images(images).function(function.map(EditFunction::wireName).orElse(null))
                .size(output.size().wireValue()).n(output.n())
                .seed(output.seed().isPresent() ? output.seed().getAsLong() : null)
                .watermark(output.watermark().orElse(null)).promptExtend(output.promptExtend().orElse(null))
                .sequential(output.sequential() ? Boolean.TRUE : null).boxes(output.boxes()).palette(output.palette())
                .thinkingMode(output.thinkingMode().orElse(null));
        mask.ifPresent(d::mask);
        functionParams.forEach(d::param);
        return d;
    }

    @Override
    public String toString() {
        return "EditRequest[" + model.id() + " in " + region.id() + ", " + images.size() + " image(s), n=" + output.n() + "]";
    }
}
