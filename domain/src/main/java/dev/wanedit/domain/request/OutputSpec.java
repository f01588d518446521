package dev.wanedit.domain.request;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the caller asks to get back: size, number of images, seed, watermark, prompt extension,
 * image-set mode, boxes per input image, colour palette and thinking mode. An empty optional
 * means "not sent" (the service's default applies). Model rules are checked by
 * {@link EditRequestDraft}; {@link EditRequest#expectedOutput()} computes dimensions and cost.
 */
public record OutputSpec(OutputSize size, int n, OptionalLong seed, Optional<Boolean> watermark,
                         Optional<Boolean> promptExtend, boolean sequential, List<List<BoundingBox>> boxes,
                         List<PaletteColor> palette, Optional<Boolean> thinkingMode) {

    public OutputSpec {
        size = size == null ? OutputSize.auto() : size;
        seed = seed == null ? OptionalLong.empty() : seed;
        watermark = watermark == null ? Optional.empty() : watermark;
        promptExtend = promptExtend == null ? Optional.empty() : promptExtend;
        boxes = boxes == null ? List.of() : boxes.stream().map(List::copyOf).toList();
        palette = palette == null ? List.of() : List.copyOf(palette);
        thinkingMode = thinkingMode == null ? Optional.empty() : thinkingMode;
    }
}
