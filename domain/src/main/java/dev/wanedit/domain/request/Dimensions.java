package dev.wanedit.domain.request;

/** A width and height in pixels. */
public record Dimensions(int width, int height) {

    public Dimensions {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, got " + width + "*" + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Width over height. */
    public double aspect() {
        return (double) width / height;
    }

    /**
     * The dimensions with about {@code pixelBudget} pixels at the given aspect ratio, each side
     * rounded to a whole pixel. The seed's wan2.7 example returns 2985*1405 for "2K" (4,193,925
     * pixels against a budget of 4,194,304), so the service does not round to coarser steps; the
     * exact rule is not documented and callers treat the result as approximate.
     */
    public static Dimensions ofBudget(long pixelBudget, double aspect) {
        double h = Math.sqrt(pixelBudget / aspect);
        double w = h * aspect;
        return new Dimensions(Math.max(1, (int) Math.round(w)), Math.max(1, (int) Math.round(h)));
    }

    /** Parses {@code W*H} (the separator is {@code *}, not {@code x}; protocol notes 2.3). */
    public static Dimensions parse(String text) {
        String[] parts = text.trim().split("\\*", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("size \"" + text + "\" is not of the form W*H, e.g. 1280*720");
        }
        try {
            return new Dimensions(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is not of the form W*H, e.g. 1280*720", e);
        }
    }

    @Override
    public String toString() {
        return width + "*" + height;
    }
}
