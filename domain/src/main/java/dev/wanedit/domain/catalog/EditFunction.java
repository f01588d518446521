package dev.wanedit.domain.catalog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ten {@code function}s of wanx2.1-imageedit (seed 002; protocol notes 1.3), each with the
 * parameters it accepts. Only {@link #DESCRIPTION_EDIT_WITH_MASK} takes a mask.
 */
public enum EditFunction {
    /** Restyle the whole image (two styles, chosen in the prompt). */
    STYLIZATION_ALL("stylization_all", false, Params.STRENGTH),
    /** Restyle a local element (eight styles). */
    STYLIZATION_LOCAL("stylization_local", false),
    /** Instruction edit without a mask. */
    DESCRIPTION_EDIT("description_edit", false, Params.STRENGTH),
    /** Inpaint the masked (white) area from the prompt. */
    DESCRIPTION_EDIT_WITH_MASK("description_edit_with_mask", true),
    /**
     * Remove text and watermarks. The official docs write {@code remove_watermark}; the Java and
     * Python SDKs write {@code remove_watermaker}. We send the documented spelling (protocol 1.3).
     */
    REMOVE_WATERMARK("remove_watermark", false),
    /** Outpaint by a multiple of the size in each direction. */
    EXPAND("expand", false, Params.TOP_SCALE, Params.BOTTOM_SCALE, Params.LEFT_SCALE, Params.RIGHT_SCALE),
    /** Upscale or sharpen. */
    SUPER_RESOLUTION("super_resolution", false, Params.UPSCALE_FACTOR),
    /** Colourise a black-and-white image. */
    COLORIZATION("colorization", false),
    /** Turn a line drawing or doodle into an image. */
    DOODLE("doodle", false, Params.IS_SKETCH),
    /** Reference-based cartoon character generation. */
    CONTROL_CARTOON_FEATURE("control_cartoon_feature", false);

    private final String wireName;
    private final boolean requiresMask;
    private final Map<String, ParamSpec> params;

    EditFunction(String wireName, boolean requiresMask, ParamSpec... params) {
        this.wireName = wireName;
        this.requiresMask = requiresMask;
        Map<String, ParamSpec> m = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            m.put(p.name(), p);
        }
        this.params = java.util.Collections.unmodifiableMap(m);
    }

    public String wireName() {
        return wireName;
    }

    public boolean requiresMask() {
        return requiresMask;
    }

    /** The parameters this function accepts, by wire name. */
    public Map<String, ParamSpec> params() {
        return params;
    }

    /** Parses a wire name; the SDKs' misspelling {@code remove_watermaker} is accepted too. */
    public static Optional<EditFunction> parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("remove_watermaker")) {
            return Optional.of(REMOVE_WATERMARK);
        }
        return Arrays.stream(values()).filter(f -> f.wireName.equalsIgnoreCase(t)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EditFunction::wireName).toList();
    }

    /** Parameter definitions (protocol notes 1.2, from IE-API, IE-T1, IE-T2, AGS). */
    private static final class Params {
        /** [0.0, 1.0], default 0.5; closer to 0 stays closer to the input. */
        static final ParamSpec STRENGTH = ParamSpec.decimal("strength", "0.0", "1.0", 0.5);
        /** [1.0, 2.0], default 1.0: a multiple of the original size in that direction. */
        static final ParamSpec TOP_SCALE = ParamSpec.decimal("top_scale", "1.0", "2.0", 1.0);
        static final ParamSpec BOTTOM_SCALE = ParamSpec.decimal("bottom_scale", "1.0", "2.0", 1.0);
        static final ParamSpec LEFT_SCALE = ParamSpec.decimal("left_scale", "1.0", "2.0", 1.0);
        static final ParamSpec RIGHT_SCALE = ParamSpec.decimal("right_scale", "1.0", "2.0", 1.0);
        /** 1–4, default 1 (QW-IE says 2: DISAGREEMENT, we follow the official table). */
        static final ParamSpec UPSCALE_FACTOR = ParamSpec.integer("upscale_factor", 1, 4, 1);
        /** Default false; in {@code parameters} (QW-IE puts it in {@code input}: DISAGREEMENT). */
        static final ParamSpec IS_SKETCH = ParamSpec.bool("is_sketch", false);

        private Params() {
        }
    }
}
