package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.Region;
import java.util.List;
import java.util.Optional;

/** What a request is expected to produce ({@link ExpectedOutput}): its dimensions, image count and cost. */
final class OutputEstimate {

    private OutputEstimate() {
    }

    /** The expected output of {@code r} as if submitted in {@code pricedIn} (same dimensions, that region's price). */
    static ExpectedOutput of(EditRequest r, Region pricedIn) {
        int count = r.output().n();
        Money unit = r.model().pricePerImage(pricedIn).orElse(Money.zero(Money.CNY));
        return new ExpectedOutput(dimensions(r), count, unit.times(count));
    }

    private static Optional<Dimensions> dimensions(EditRequest r) {
        List<ImageInput> images = r.images();
        Optional<Dimensions> last = images.isEmpty() ? Optional.empty()
                : images.get(images.size() - 1).facts().map(ImageFacts::dimensions);
        OutputSize size = r.output().size();
        if (size instanceof OutputSize.Explicit e) {
            return Optional.of(e.dimensions());
        }
        ModelSpec model = r.model();
        return switch (model.wireFamily()) {
            // Default: ~1280*1280 pixels at the aspect ratio of the last input (seed 000, size).
            case IMAGES -> last.map(d -> Dimensions.ofBudget(model.size().defaultPixels(), d.aspect()));
            case FUNCTION -> last.map(d -> functionOutput(r, d));
            case MESSAGES -> {
                long budget = size instanceof OutputSize.Preset p ? p.preset().pixels() : model.size().defaultPixels();
                // Text-to-image without size: square; with images the output keeps the last input's
                // aspect ratio (protocol §2.3).
                yield images.isEmpty() ? Optional.of(Dimensions.ofBudget(budget, 1.0))
                        : last.map(d -> Dimensions.ofBudget(budget, d.aspect()));
            }
        };
    }

    /**
     * wanx2.1 output size: the base image's, except {@code expand} (each scale multiplies the half
     * extent on its side) and {@code super_resolution} (times {@code upscale_factor}). The
     * documents state no output size for imageedit: UNCONFIRMED, approximate.
     */
    private static Dimensions functionOutput(EditRequest r, Dimensions base) {
        return switch (r.function().orElseThrow()) {
            case EXPAND -> {
                double w = base.width() / 2.0 * (param(r, "left_scale") + param(r, "right_scale"));
                double h = base.height() / 2.0 * (param(r, "top_scale") + param(r, "bottom_scale"));
                yield new Dimensions((int) Math.round(w), (int) Math.round(h));
            }
            case SUPER_RESOLUTION -> {
                int factor = (int) param(r, "upscale_factor");
                yield new Dimensions(base.width() * factor, base.height() * factor);
            }
            case STYLIZATION_ALL, STYLIZATION_LOCAL, DESCRIPTION_EDIT, DESCRIPTION_EDIT_WITH_MASK, REMOVE_WATERMARK,
                    COLORIZATION, DOODLE, CONTROL_CARTOON_FEATURE -> base;
        };
    }

    private static double param(EditRequest r, String name) {
        Object v = r.functionParams().get(name);
        if (v == null) {
            v = r.function().orElseThrow().params().get(name).defaultValue();
        }
        return ((Number) v).doubleValue();
    }
}
