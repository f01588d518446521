package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.SizePreset;
import java.util.Optional;
import java.util.Set;

/**
 * How a model's output size may be chosen.
 *
 * @param explicitAllowed whether {@code W*H} may be given
 * @param minPixels smallest total pixels for an explicit size
 * @param maxPixels largest total pixels for an explicit size (editing and image sets)
 * @param maxPixelsTextToImage largest total pixels for an explicit size in text-to-image mode
 * @param minAspect smallest width/height ratio of an explicit size
 * @param maxAspect largest width/height ratio of an explicit size
 * @param presets the presets the model accepts
 * @param textToImageOnlyPresets presets allowed only for text-to-image without an image set
 * @param defaultPreset the preset the service uses when no size is sent, if the model has presets
 * @param defaultPixels the pixel budget used when no size is sent
 */
public record SizeRules(boolean explicitAllowed, long minPixels, long maxPixels, long maxPixelsTextToImage,
                        double minAspect, double maxAspect, Set<SizePreset> presets,
                        Set<SizePreset> textToImageOnlyPresets, Optional<SizePreset> defaultPreset,
                        long defaultPixels) {

    public SizeRules {
        presets = Set.copyOf(presets);
        textToImageOnlyPresets = Set.copyOf(textToImageOnlyPresets);
    }

    /** A model that takes no size parameter: the output follows the input. */
    public static SizeRules none() {
        return new SizeRules(false, 0, 0, 0, 0, Double.POSITIVE_INFINITY, Set.of(), Set.of(), Optional.empty(), 0);
    }

    public boolean sizeSettable() {
        return explicitAllowed || !presets.isEmpty();
    }
}
