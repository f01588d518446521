package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.PaletteColor;
import java.util.List;
import java.util.Map;

/**
 * An edit as a user states it, before any file is read: images as local paths, http(s) URLs,
 * {@code data:} URIs or {@code oss://bucket/key}. Nullable fields are "not given".
 */
public record EditCommand(String model, Region region, String prompt, String negativePrompt, List<String> images,
                          String mask, String function, Map<String, String> params, String size, Integer n, Long seed,
                          Boolean watermark, Boolean promptExtend, Boolean sequential, List<List<BoundingBox>> boxes,
                          List<PaletteColor> palette, Boolean thinkingMode, boolean strict) {

    public EditCommand {
        images = images == null ? List.of() : List.copyOf(images);
        params = params == null ? Map.of() : Map.copyOf(params);
        boxes = boxes == null ? List.of() : boxes.stream().map(List::copyOf).toList();
        palette = palette == null ? List.of() : List.copyOf(palette);
    }

    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** A fluent way to state a command. */
    public static final class Builder {
        private final String model;
        private Region region = Region.BEIJING;
        private String prompt;
        private String negativePrompt;
        private final java.util.ArrayList<String> images = new java.util.ArrayList<>();
        private String mask;
        private String function;
        private final java.util.LinkedHashMap<String, String> params = new java.util.LinkedHashMap<>();
        private String size;
        private Integer n;
        private Long seed;
        private Boolean watermark;
        private Boolean promptExtend;
        private Boolean sequential;
        private List<List<BoundingBox>> boxes = List.of();
        private List<PaletteColor> palette = List.of();
        private Boolean thinkingMode;
        private boolean strict;

        private Builder(String model) {
            this.model = model;
        }

        public Builder region(Region v) { region = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder negativePrompt(String v) { negativePrompt = v; return this; }
        public Builder image(String v) { images.add(v); return this; }
        public Builder mask(String v) { mask = v; return this; }
        public Builder function(String v) { function = v; return this; }
        public Builder param(String k, String v) { params.put(k, v); return this; }
        public Builder size(String v) { size = v; return this; }
        public Builder n(Integer v) { n = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder watermark(Boolean v) { watermark = v; return this; }
        public Builder promptExtend(Boolean v) { promptExtend = v; return this; }
        public Builder sequential(Boolean v) { sequential = v; return this; }
        public Builder boxes(List<List<BoundingBox>> v) { boxes = v; return this; }
        public Builder palette(List<PaletteColor> v) { palette = v; return this; }
        public Builder thinkingMode(Boolean v) { thinkingMode = v; return this; }
        public Builder strict(boolean v) { strict = v; return this; }

        public EditCommand build() {
            return new EditCommand(model, region, prompt, negativePrompt, images, mask, function, params, size, n, seed,
                    watermark, promptExtend, sequential, boxes, palette, thinkingMode, strict);
        }
    }
}
