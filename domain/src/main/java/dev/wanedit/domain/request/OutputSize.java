package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.SizePreset;

/** How the output size is chosen: left to the service, a preset budget, or explicit {@code W*H}. */
public sealed interface OutputSize permits OutputSize.Auto, OutputSize.Preset, OutputSize.Explicit {

    /** The wire value, or {@code null} when no size is sent. */
    String wireValue();

    /** No size sent: the service's default. */
    record Auto() implements OutputSize {
        @Override
        public String wireValue() {
            return null;
        }

        @Override
        public String toString() {
            return "auto";
        }
    }

    /** A wan2.7 preset ({@code 1K}, {@code 2K}, {@code 4K}). */
    record Preset(SizePreset preset) implements OutputSize {
        @Override
        public String wireValue() {
            return preset.label();
        }

        @Override
        public String toString() {
            return preset.label();
        }
    }

    /** An explicit {@code W*H}. */
    record Explicit(Dimensions dimensions) implements OutputSize {
        @Override
        public String wireValue() {
            return dimensions.toString();
        }

        @Override
        public String toString() {
            return dimensions.toString();
        }
    }

    static OutputSize auto() {
        return new Auto();
    }

    /** Parses {@code 1K}/{@code 2K}/{@code 4K} or {@code W*H}; blank means automatic. */
    static OutputSize parse(String text) {
        if (text == null || text.isBlank()) {
            return auto();
        }
        return SizePreset.parse(text).<OutputSize>map(Preset::new).orElseGet(() -> new Explicit(Dimensions.parse(text)));
    }
}
