package dev.wanedit.domain.catalog;

import dev.wanedit.domain.request.CountRules;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageRules;
import dev.wanedit.domain.request.SizeRules;
import dev.wanedit.domain.request.TextRules;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The four Wan image-editing models and every rule their documents give.
 *
 * <p>Sources named in comments: "seed 000" = Wan2.5 general image editing API reference (English),
 * "seed 002" = wanx2.1-imageedit API reference (English), "seed 004" = Wan 2.7 image generation and
 * editing API reference (English); "protocol §x" = shared/dashscope-protocol.md, which names its own
 * sources (W27, PRICE, RATE, ASYNC, ...). UNCONFIRMED marks figures the documents do not settle.
 */
public final class ModelCatalog {

    public static final String WAN25_I2I = "wan2.5-i2i-preview";
    public static final String WANX21_IMAGEEDIT = "wanx2.1-imageedit";
    public static final String WAN27_IMAGE = "wan2.7-image";
    public static final String WAN27_IMAGE_PRO = "wan2.7-image-pro";

    /** Task query, list and cancel: 20 QPS per Alibaba Cloud account, sub-accounts together (protocol §4.3, ASYNC). */
    public static final int TASK_QUERIES_PER_SECOND = 20;

    /** Result URLs and task data are kept for 24 hours (seed 000, seed 002, seed 004). */
    public static final Duration RESULT_RETENTION = Duration.ofHours(24);

    /**
     * How long a task the service created may answer {@code UNKNOWN} before it is taken as gone.
     * The documents say UNKNOWN means "does not exist or has expired" (24 h, ASYNC); an overloaded or
     * lagging query can say it of a young task too (protocol, "Reconciling a create …",
     * UNCONFIRMED), which lasts seconds to minutes. A task younger than {@link #RESULT_RETENTION}
     * is expired only after it has answered UNKNOWN without a break for this long.
     */
    public static final Duration UNKNOWN_TOLERANCE = Duration.ofMinutes(30);

    /** Seeds range shared by all four models: [0, 2147483647] (seed 000; protocol §1.2, §2.2). */
    public static final long SEED_MAX = 2_147_483_647L;

    /** At most 2 bounding boxes per input image in {@code bbox_list} (protocol §2.2, W27). */
    public static final int BOXES_PER_IMAGE_MAX = 2;

    /** A {@code color_palette} has 3 to 10 colours (protocol §2.2, W27). */
    public static final int PALETTE_MIN_COLOURS = 3;

    /** See {@link #PALETTE_MIN_COLOURS}. */
    public static final int PALETTE_MAX_COLOURS = 10;

    /** The shares of a {@code color_palette} sum to 100.00% (protocol §2.2, W27). */
    public static final java.math.BigDecimal PALETTE_TOTAL_PERCENT = java.math.BigDecimal.valueOf(100);

    private static final long MB = ImageRules.MB;

    private static final ModelCatalog STANDARD = new ModelCatalog(List.of(wan25(), wanx21(), wan27(false), wan27(true)));

    private final Map<String, ModelSpec> models;

    private ModelCatalog(List<ModelSpec> specs) {
        Map<String, ModelSpec> m = new LinkedHashMap<>();
        specs.forEach(s -> m.put(s.id(), s));
        this.models = java.util.Collections.unmodifiableMap(m);
    }

    /** The catalog of the documented models. */
    public static ModelCatalog standard() {
        return STANDARD;
    }

    public List<ModelSpec> all() {
        return List.copyOf(models.values());
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id.trim()));
    }

    public ModelSpec require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown model \"" + id + "\"; known models: " + String.join(", ", models.keySet())));
    }

    private static ModelSpec wan25() {
        return new ModelSpec(
                WAN25_I2I,
                WireFamily.IMAGES,
                // Both regions (seed 000 lists Singapore and Beijing endpoints; protocol §4.4 prices both).
                EnumSet.of(Region.BEIJING, Region.SINGAPORE),
                new ImageRules(
                        1, 3, // "The array can contain up to three images", order matters (seed 000, images)
                        EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.BMP, ImageFormat.WEBP), // seed 000, image limits
                        384, 5000, // "width and height ... between 384 and 5,000 pixels" (seed 000)
                        0, Double.POSITIVE_INFINITY, // no input aspect limit in seed 000
                        10 * MB, // "No larger than 10 MB" (seed 000)
                        false), // "The alpha channel in PNG images is not supported" (seed 000)
                // prompt <= 2000 chars, negative_prompt <= 500, longer text silently truncated (seed 000, prompt/negative_prompt)
                new TextRules(true, 2000, OptionalInt.of(500), true),
                new SizeRules(true,
                        768L * 768L, 1280L * 1280L, 1280L * 1280L, // total pixels in [768*768, 1280*1280] (seed 000, size)
                        0.25, 4.0, // aspect ratio between 1:4 and 4:1 (seed 000, size)
                        Set.of(), Set.of(), Optional.empty(),
                        1280L * 1280L), // default 1280*1280 pixels at the last input's aspect ratio (seed 000)
                new CountRules(1, 4, 4, 0), // n 1-4, default 4 (seed 000, n)
                EnumSet.of(Feature.NEGATIVE_PROMPT, Feature.PROMPT_EXTEND, Feature.SEED, Feature.WATERMARK, Feature.SIZE),
                Set.of(),
                Map.of(Region.BEIJING, Money.cny("0.20"), // PRICE, protocol §4.4
                        Region.SINGAPORE, Money.cny("0.220177")), // CNY-equivalent, PRICE, protocol §4.4
                Optional.of(new Limits(5, 5, true)), // 5 RPS submit, 5 concurrent in both regions (RATE, protocol §4.3)
                Duration.ofSeconds(45)); // "about 30 to 60 seconds" (seed 000, SDK); the HTTP section says 1-2 minutes
    }

    private static ModelSpec wanx21() {
        return new ModelSpec(
                WANX21_IMAGEEDIT,
                WireFamily.FUNCTION,
                EnumSet.of(Region.BEIJING), // "for the Chinese mainland (Beijing) region only" (seed 002; protocol §1.1)
                new ImageRules(
                        1, 1, // one base image, base_image_url (seed 002; protocol §1.2)
                        EnumSet.allOf(ImageFormat.class), // JPG, JPEG, PNG, BMP, TIFF, WEBP (protocol §1.4, IE-API)
                        512, 4096, // each side in [512, 4096] px, base and mask alike (protocol §1.4)
                        0, Double.POSITIVE_INFINITY,
                        10 * MB, // at most 10 MB (protocol §1.4)
                        true, // no alpha rule is documented for imageedit
                        true), // "the URL must not contain Chinese characters", base and mask (protocol §1.2, §1.4)
                // prompt required, <= 800 characters (protocol §1.2, IE-GUIDE, IE-API; IE-T2's 75 words is older: DISAGREEMENT)
                new TextRules(true, 800, OptionalInt.empty(), false),
                // No size parameter in any parameter table; IE-GUIDE's curl sends one, effect UNCONFIRMED (protocol §1.2).
                SizeRules.none(),
                new CountRules(1, 4, 1, 0), // n 1-4, default 1 (protocol §1.2)
                EnumSet.of(Feature.SEED, Feature.WATERMARK),
                EnumSet.allOf(EditFunction.class), // the ten functions (protocol §1.3)
                Map.of(Region.BEIJING, Money.cny("0.14")), // 0.14 CNY per image (PRICE; protocol §1.7)
                Optional.of(new Limits(2, 2, true)), // 2 RPS, 2 concurrent (RATE; protocol §1.7)
                Duration.ofSeconds(10)); // "about 5 to 15 seconds" (seed 002)
    }

    private static ModelSpec wan27(boolean pro) {
        Set<SizePreset> presets = pro ? EnumSet.allOf(SizePreset.class) : EnumSet.of(SizePreset.K1, SizePreset.K2);
        return new ModelSpec(
                pro ? WAN27_IMAGE_PRO : WAN27_IMAGE,
                WireFamily.MESSAGES,
                EnumSet.of(Region.BEIJING, Region.SINGAPORE), // seed 004 lists both endpoints; KR saw both in Singapore
                new ImageRules(
                        0, 9, // 0 to 9 image items (protocol §2.2, W27)
                        EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.BMP, ImageFormat.WEBP), // protocol §2.2
                        240, 8000, // each side in [240, 8000] px (protocol §2.2, W27, SKILL)
                        1.0 / 8.0, 8.0, // aspect ratio within 1:8 to 8:1 (protocol §2.2)
                        20 * MB, // each file at most 20 MB (protocol §2.2)
                        false), // "PNG (no alpha channel)" (protocol §2.2)
                // exactly one text item of at most 5000 characters; no negative prompt (protocol §2.2, W27)
                new TextRules(true, 5000, OptionalInt.empty(), false),
                new SizeRules(true,
                        768L * 768L, // explicit W*H total pixels from 768*768 (protocol §2.3)
                        2048L * 2048L, // up to 2048*2048 except pro text-to-image (protocol §2.3)
                        pro ? 4096L * 4096L : 2048L * 2048L, // pro text-to-image up to 4096*4096 (protocol §2.3)
                        1.0 / 8.0, 8.0, // ratio within 1:8-8:1 (protocol §2.3)
                        presets,
                        pro ? EnumSet.of(SizePreset.K4) : Set.of(), // 4K: pro, text-to-image only, no image set (protocol §2.3)
                        Optional.of(SizePreset.K2), // default "2K" (protocol §2.2)
                        SizePreset.K2.pixels()),
                // n 1-4, or 1-12 with enable_sequential; default 4 / 12 (W27; MINT says 1: DISAGREEMENT, so always send n)
                new CountRules(1, 4, 4, 12),
                EnumSet.of(Feature.SEED, Feature.WATERMARK, Feature.SIZE, Feature.SEQUENTIAL, Feature.BBOX,
                        Feature.COLOR_PALETTE, Feature.THINKING_MODE, Feature.SYNC_CALL),
                Set.of(),
                pro ? Map.of(Region.BEIJING, Money.cny("0.50"), Region.SINGAPORE, Money.cny("0.562065")) // PRICE, protocol §2.5
                        : Map.of(Region.BEIJING, Money.cny("0.20"), Region.SINGAPORE, Money.cny("0.220177")), // PRICE, protocol §2.5
                // UNCONFIRMED: no wan2.7 figure found; RATE lists wan2.6-image at 5 RPS / 5 concurrent (protocol §2.5).
                Optional.of(new Limits(5, 5, false)),
                // UNCONFIRMED: no typical time documented for wan2.7; a sync qwen-image call took ~16.5 s (protocol §3.4).
                Duration.ofSeconds(pro ? 30 : 20));
    }
}
