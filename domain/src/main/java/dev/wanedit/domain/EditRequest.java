package dev.wanedit.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A valid edit request for one model in one region: the instruction, ordered input images (plus a
 * mask for masked inpainting), a wanx2.1 {@code function} with its parameters, and the
 * {@link OutputSpec}. Instances exist only through {@link Draft#build()}, which checks every
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

    private EditRequest(Draft d, ModelSpec model, Optional<EditFunction> function, Map<String, Object> params,
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

    public static Draft draft(String modelId) {
        return new Draft(modelId);
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
        int count = output.n();
        Money unit = model.pricePerImage(pricedIn).orElse(Money.zero(Money.CNY));
        return new ExpectedOutput(expectedDimensions(), count, unit.times(count));
    }

    private Optional<Dimensions> expectedDimensions() {
        Optional<Dimensions> last = images.isEmpty() ? Optional.empty()
                : images.get(images.size() - 1).facts().map(ImageFacts::dimensions);
        OutputSize size = output.size();
        if (size instanceof OutputSize.Explicit e) {
            return Optional.of(e.dimensions());
        }
        switch (model.wireFamily()) {
            case IMAGES:
                // Default: ~1280*1280 pixels at the aspect ratio of the last input (seed 000, size).
                return last.map(d -> Dimensions.ofBudget(model.size().defaultPixels(), d.aspect()));
            case FUNCTION:
                return last.map(this::functionOutput);
            case MESSAGES: {
                long budget = size instanceof OutputSize.Preset p ? p.preset().pixels() : model.size().defaultPixels();
                if (images.isEmpty()) {
                    return Optional.of(Dimensions.ofBudget(budget, 1.0)); // text-to-image without size: square
                }
                // With images the output keeps the last input's aspect ratio (protocol §2.3).
                return last.map(d -> Dimensions.ofBudget(budget, d.aspect()));
            }
            default:
                throw new IllegalStateException("unknown wire family " + model.wireFamily());
        }
    }

    /**
     * wanx2.1 output size: the base image's, except {@code expand} (each scale multiplies the half
     * extent on its side) and {@code super_resolution} (times {@code upscale_factor}). The
     * documents state no output size for imageedit: UNCONFIRMED, approximate.
     */
    private Dimensions functionOutput(Dimensions base) {
        EditFunction f = function.orElseThrow();
        switch (f) {
            case EXPAND: {
                double w = base.width() / 2.0 * (param("left_scale") + param("right_scale"));
                double h = base.height() / 2.0 * (param("top_scale") + param("bottom_scale"));
                return new Dimensions((int) Math.round(w), (int) Math.round(h));
            }
            case SUPER_RESOLUTION: {
                int factor = (int) param("upscale_factor");
                return new Dimensions(base.width() * factor, base.height() * factor);
            }
            default:
                return base;
        }
    }

    private double param(String name) {
        Object v = functionParams.get(name);
        if (v == null) {
            v = function.orElseThrow().params().get(name).defaultValue();
        }
        return ((Number) v).doubleValue();
    }

    /**
     * The canonical text of the request: every field that changes what the service would do, in a
     * fixed order; local and inline images by content digest when known.
     */
    public String canonicalForm() {
        StringBuilder b = new StringBuilder();
        line(b, "model", model.id());
        line(b, "region", region.id());
        line(b, "prompt", prompt);
        line(b, "negative_prompt", negativePrompt.orElse(""));
        for (int i = 0; i < images.size(); i++) {
            line(b, "images[" + i + "]", identity(images.get(i)));
        }
        mask.ifPresent(m -> line(b, "mask", identity(m)));
        function.ifPresent(f -> line(b, "function", f.wireName()));
        new TreeMap<>(functionParams).forEach((k, v) -> line(b, "param." + k, String.valueOf(v)));
        line(b, "size", String.valueOf(output.size().wireValue()));
        line(b, "n", String.valueOf(output.n()));
        line(b, "seed", output.seed().isPresent() ? String.valueOf(output.seed().getAsLong()) : "");
        line(b, "watermark", output.watermark().map(String::valueOf).orElse(""));
        line(b, "prompt_extend", output.promptExtend().map(String::valueOf).orElse(""));
        line(b, "sequential", String.valueOf(output.sequential()));
        line(b, "bbox_list", output.boxes().toString());
        line(b, "color_palette", output.palette().stream().map(p -> p.hex() + ":" + p.ratio()).toList().toString());
        line(b, "thinking_mode", output.thinkingMode().map(String::valueOf).orElse(""));
        return b.toString();
    }

    /** A stable fingerprint: the hex SHA-256 of {@link #canonicalForm()}. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) { // immutable: computed once (a racing second computation gives the same string)
            f = sha256(canonicalForm());
            fingerprint = f;
        }
        return f;
    }

    private String fingerprint;

    private static String identity(ImageInput in) {
        Optional<String> digest = in.facts().flatMap(ImageFacts::sha256);
        if (digest.isPresent()) {
            return "sha256:" + digest.get();
        }
        if (in instanceof ImageInput.InlineImage inline) {
            return "sha256:" + sha256(inline.dataUri());
        }
        if (in instanceof ImageInput.RemoteImage remote) {
            return remote.url().toString(); // the query may address a different image
        }
        return in.reference();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }

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
    public Draft toDraft() {
        Draft d = draft(model.id()).region(region).prompt(prompt).negativePrompt(negativePrompt.orElse(null))
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

    /**
     * A request being put together from user input. Everything is optional until {@link #build()},
     * which checks all rules of the model and either returns an {@link EditRequest} or throws one
     * {@link InvalidEditRequest} listing every violation. Violations found outside the domain (an
     * unreadable file) are added with {@link #violation(Violation)} so they are reported together.
     */
    public static final class Draft {
        private final String modelId;
        private ModelCatalog catalog = ModelCatalog.standard();
        private Region region = Region.BEIJING;
        private String prompt;
        private String negativePrompt;
        private final List<ImageInput> images = new ArrayList<>();
        private ImageInput mask;
        private String function;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private OutputSize size = OutputSize.auto();
        private String sizeText;
        private Integer n;
        private Long seed;
        private Boolean watermark;
        private Boolean promptExtend;
        private Boolean sequential;
        private List<List<BoundingBox>> boxes = List.of();
        private List<PaletteColor> palette = List.of();
        private Boolean thinkingMode;
        private boolean strict;
        private boolean localUrlsAllowed;
        private final List<Violation> external = new ArrayList<>();

        private Draft(String modelId) {
            this.modelId = modelId;
        }

        public Draft catalog(ModelCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Draft region(Region region) {
            this.region = region;
            return this;
        }

        public Draft prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Draft negativePrompt(String negativePrompt) {
            this.negativePrompt = negativePrompt;
            return this;
        }

        public Draft image(ImageInput image) {
            images.add(image);
            return this;
        }

        /**
         * Holds the place of an input image that could not be read (its violation is added with
         * {@link #violation}), so that later images keep their positions in messages and the
         * count rules still see it.
         */
        public Draft unreadableImage() {
            images.add(null);
            return this;
        }

        public Draft images(List<? extends ImageInput> all) {
            images.addAll(all);
            return this;
        }

        public Draft mask(ImageInput mask) {
            this.mask = mask;
            return this;
        }

        public Draft function(String function) {
            this.function = function;
            return this;
        }

        /** A function parameter, as text or as a JSON value; converted and checked on build. */
        public Draft param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        /** {@code 1K}/{@code 2K}/{@code 4K}, {@code W*H}, or null/blank for automatic. */
        public Draft size(String size) {
            this.sizeText = size;
            return this;
        }

        public Draft n(Integer n) {
            this.n = n;
            return this;
        }

        public Draft seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Draft watermark(Boolean watermark) {
            this.watermark = watermark;
            return this;
        }

        public Draft promptExtend(Boolean promptExtend) {
            this.promptExtend = promptExtend;
            return this;
        }

        public Draft sequential(Boolean sequential) {
            this.sequential = sequential;
            return this;
        }

        /** One list of boxes per input image, in image order; an empty list for an image without boxes. */
        public Draft boxes(List<List<BoundingBox>> boxes) {
            this.boxes = boxes == null ? List.of() : boxes;
            return this;
        }

        public Draft palette(List<PaletteColor> palette) {
            this.palette = palette == null ? List.of() : palette;
            return this;
        }

        public Draft thinkingMode(Boolean thinkingMode) {
            this.thinkingMode = thinkingMode;
            return this;
        }

        /** In strict mode warnings (text the service would truncate) are errors. */
        public Draft strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Lets input URLs name loopback, private and local hosts. Off by default: the service
         * fetches input URLs itself, from the internet (protocol §1.2: "public HTTP/HTTPS URL"),
         * so only an emulator on this machine can fetch a local one.
         */
        public Draft localUrlsAllowed(boolean allowed) {
            this.localUrlsAllowed = allowed;
            return this;
        }

        /** A violation found outside the domain, e.g. an unreadable input file. */
        public Draft violation(Violation violation) {
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
            Checker c = new Checker(this).run();
            return strict ? c.errors() : c.all();
        }

        /**
         * Rebuilds a request that was valid when it was journaled, without re-applying today's
         * rules (a later release may tighten one; the task already exists and must still be
         * finished). Only an unknown model is refused.
         */
        public EditRequest restore() {
            Checker c = new Checker(this).run();
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
            Checker c = new Checker(this).run();
            List<Violation> errors = c.errors();
            if (!errors.isEmpty()) {
                throw new InvalidEditRequest(errors);
            }
            return new EditRequest(this, c.model, c.function, c.typedParams, c.warnings());
        }
    }

    /** Applies the rules of {@link ModelCatalog} to a draft, collecting every violation. */
    private static final class Checker {
        private final Draft d;
        private final List<Violation> found = new ArrayList<>();
        private ModelSpec model;
        private Optional<EditFunction> function = Optional.empty();
        private final Map<String, Object> typedParams = new LinkedHashMap<>();

        Checker(Draft d) {
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

        private void error(String field, String value, String rule) {
            found.add(Violation.error(field, value, rule));
        }

        private void warn(String field, String value, String rule) {
            found.add(Violation.warning(field, value, rule));
        }

        Checker run() {
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
            checkImages();
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

        private void checkImages() {
            ImageRules r = model.images();
            int count = d.images.size();
            String imagesField = model.wireFamily() == WireFamily.FUNCTION ? "base_image" : "images";
            if (count < r.minCount() || count > r.maxCount()) {
                String range = r.minCount() == r.maxCount() ? "exactly " + r.minCount()
                        : r.minCount() + " to " + r.maxCount();
                error(imagesField, count + " given", model.id() + " takes " + range + " input image"
                        + (r.maxCount() == 1 ? "" : "s"));
            }
            for (int i = 0; i < count; i++) {
                String field = model.wireFamily() == WireFamily.FUNCTION && count == 1 ? "base_image" : "images[" + i + "]";
                if (d.images.get(i) != null) {
                    checkImage(field, d.images.get(i), r);
                }
            }
            if (d.mask != null) {
                checkImage("mask", d.mask, r);
            }
        }

        private void checkImage(String field, ImageInput in, ImageRules r) {
            if (in instanceof ImageInput.RemoteImage remote) {
                checkUrl(field, remote, r);
            }
            Optional<ImageFacts> facts = in.facts();
            if (facts.isEmpty()) {
                return; // remote or OSS without known facts: the service checks them
            }
            ImageFacts f = facts.get();
            String label = quote(in.label());
            String m = model.id();
            checkDeclaredFormat(field, in, f, label);
            if (!r.formats().contains(f.format())) {
                error(field, label, "format " + f.format() + " is not accepted by " + m + "; accepted: "
                        + String.join(", ", r.formats().stream().map(Enum::name).sorted().toList()));
            }
            if (f.width() < r.minSide()) {
                error(field, label, "width " + f.width() + " px is below the minimum " + r.minSide() + " px for " + m);
            }
            if (f.width() > r.maxSide()) {
                error(field, label, "width " + f.width() + " px is above the maximum " + r.maxSide() + " px for " + m);
            }
            if (f.height() < r.minSide()) {
                error(field, label, "height " + f.height() + " px is below the minimum " + r.minSide() + " px for " + m);
            }
            if (f.height() > r.maxSide()) {
                error(field, label, "height " + f.height() + " px is above the maximum " + r.maxSide() + " px for " + m);
            }
            double aspect = (double) f.width() / f.height();
            if (aspect < r.minAspect() - 1e-9 || aspect > r.maxAspect() + 1e-9) {
                error(field, label, "aspect ratio " + f.width() + ":" + f.height() + " is outside "
                        + ratio(r.minAspect()) + " to " + ratio(r.maxAspect()) + " for " + m);
            }
            if (f.bytes() > r.maxBytes()) {
                error(field, label, "file is " + f.bytes() + " bytes (" + megabytes(f.bytes()) + "), over the "
                        + r.maxBytes() + "-byte (" + megabytes(r.maxBytes()) + ") limit of " + m);
            }
            if (f.alpha() && !r.alphaAllowed()) {
                error(field, label, "has an alpha channel, which " + m + " does not support; flatten it first");
            }
        }

        /**
         * What the service can fetch: a public host (protocol §1.2), no credentials in the URL, and
         * for wanx2.1 no Chinese characters (protocol §1.2, §1.4).
         */
        private void checkUrl(String field, ImageInput.RemoteImage in, ImageRules r) {
            java.net.URI u = in.url();
            String label = quote(in.label());
            if (u.getRawUserInfo() != null) {
                error(field, label, "carries user info (user:***@ before the host): the service fetches the URL itself and "
                        + "would be handed the credentials; use a signed URL or a local file instead");
            }
            HostKind kind = HostKind.of(u.getHost());
            if (kind == HostKind.INVALID) {
                String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
                boolean badPort = authority.matches(".*:[0-9]*$") && authority.substring(authority.lastIndexOf(':') + 1)
                        .chars().allMatch(Character::isDigit);
                error(field, label, badPort ? "has a port out of range (1 to 65535)" : "has no valid host name"
                        + (authority.chars().anyMatch(c -> c > 127) ? "; write an international domain name in its xn-- form" : ""));
            } else if (!kind.isPublic() && !d.localUrlsAllowed) {
                error(field, label, "host " + u.getHost() + " is " + kind.description() + ", but the service downloads input "
                        + "URLs itself, over the internet: give a public URL or a local file (local hosts work only when "
                        + "--endpoint names an emulator on this machine)");
            } else if (u.getPort() == 0 || u.getPort() > 65535) {
                error(field, label, "has a port out of range (1 to 65535)");
            }
            if (r.noChineseInUrls() && containsChinese(u.toString())) {
                error(field, label, model.id() + " refuses URLs that contain Chinese characters (protocol §1.2, §1.4); "
                        + "rename the file, or give a local file (it is uploaded under an ASCII name)");
            }
            if (u.getRawFragment() != null) {
                warn(field, label, "has a #fragment, which is never sent to the server that holds the image; it is ignored");
            }
        }

        /** Han ideographs, CJK punctuation, bopomofo and full-width forms: what "Chinese characters" covers. */
        private static boolean containsChinese(String text) {
            return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.BOPOMOFO
                    || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                    || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS);
        }

        /**
         * The content decides the format (the inspector reads it from the bytes): a file whose name
         * or a data URI whose MIME type says otherwise is sent as what it is, with a warning.
         */
        private void checkDeclaredFormat(String field, ImageInput in, ImageFacts f, String label) {
            String real = f.format().mimeType();
            if (in instanceof ImageInput.LocalImage local) {
                Optional<ImageFormat> named = ImageFormat.fromFileName(local.label());
                if (named.isPresent() && named.get() != f.format()) {
                    warn(field, label, "the file name says " + named.get() + " but the content is " + f.format()
                            + "; it is sent as " + real + " (rename it to ." + f.format().fileExtension() + " to match)");
                }
            } else if (in instanceof ImageInput.InlineImage inline) {
                String uri = inline.dataUri();
                int semi = uri.indexOf(';');
                String declared = semi > 5 ? uri.substring(5, semi).trim() : "";
                Optional<ImageFormat> claimed = ImageFormat.fromMimeType(declared);
                if (claimed.isEmpty() || claimed.get() != f.format()) {
                    warn(field, label, "the data URI declares " + (declared.isEmpty() ? "no type" : declared) + " but holds "
                            + f.format() + " data; it is sent as " + real);
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
            Mode mode = modeOf(model, d.images.size(), Boolean.TRUE.equals(d.sequential));
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
                } else if (mode != Mode.TEXT_TO_IMAGE) {
                    error("thinking_mode", "", "applies only to text-to-image without input images or an image set");
                }
            }
        }

        private void checkSize(OutputSize size, Mode mode) {
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
                } else if (s.textToImageOnlyPresets().contains(p.preset()) && mode != Mode.TEXT_TO_IMAGE) {
                    error("size", quote(p.preset().label()), "is allowed only for text-to-image with no input images and no image set");
                }
                return;
            }
            Dimensions dim = ((OutputSize.Explicit) size).dimensions();
            if (!s.explicitAllowed()) {
                error("size", quote(dim.toString()), model.id() + " accepts only presets");
                return;
            }
            long max = mode == Mode.TEXT_TO_IMAGE ? s.maxPixelsTextToImage() : s.maxPixels();
            if (dim.pixels() < s.minPixels() || dim.pixels() > max) {
                error("size", quote(dim.toString()), dim.pixels() + " pixels is outside [" + side(s.minPixels()) + ", "
                        + side(max) + "] for " + model.id() + (s.maxPixelsTextToImage() != s.maxPixels()
                        ? (mode == Mode.TEXT_TO_IMAGE ? " text-to-image" : " when editing or making image sets") : ""));
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
                if (list.size() > 2) {
                    error("bbox_list[" + i + "]", list.size() + " boxes", "at most 2 boxes per image");
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
            if (d.palette.size() < 3 || d.palette.size() > 10) {
                error("color_palette", d.palette.size() + " colours", "needs 3 to 10 colours");
            }
            BigDecimal sum = d.palette.stream().map(PaletteColor::percent).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(BigDecimal.valueOf(100)) != 0) {
                error("color_palette", sum.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "%", "shares must sum to 100.00%");
            }
        }

        private static String side(long pixels) {
            long s = (long) Math.sqrt(pixels);
            return s * s == pixels ? s + "*" + s : String.valueOf(pixels);
        }

        private static String ratio(double aspect) {
            if (aspect == 0) {
                return "any";
            }
            if (Double.isInfinite(aspect)) {
                return "any";
            }
            return aspect >= 1 ? Math.round(aspect) + ":1" : "1:" + Math.round(1 / aspect);
        }

        private static String megabytes(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) ImageRules.MB);
        }
    }

    static String quote(String s) {
        return "\"" + (s == null ? "" : s) + "\"";
    }
}
