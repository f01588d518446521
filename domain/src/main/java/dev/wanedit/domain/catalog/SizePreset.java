package dev.wanedit.domain.catalog;

/** wan2.7 size presets: a pixel budget, kept at the last input image's aspect ratio (protocol notes 2.3). */
public enum SizePreset {
    K1("1K", 1024L * 1024L),
    K2("2K", 2048L * 2048L),
    K4("4K", 4096L * 4096L);

    private final String label;
    private final long pixels;

    SizePreset(String label, long pixels) {
        this.label = label;
        this.pixels = pixels;
    }

    public String label() {
        return label;
    }

    public long pixels() {
        return pixels;
    }

    public static java.util.Optional<SizePreset> parse(String text) {
        for (SizePreset p : values()) {
            if (p.label.equalsIgnoreCase(text.trim())) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
