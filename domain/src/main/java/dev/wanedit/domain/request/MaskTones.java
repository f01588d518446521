package dev.wanedit.domain.request;

/**
 * How black-and-white a mask is, counted from its pixels (every pixel, or an even grid of them for a
 * large mask): the document's rule is that white RGB(255,255,255) marks the area to edit and black
 * RGB(0,0,0) the area to keep (protocol §1.4, IE-API, IE-GUIDE). A pixel within {@link #TOLERANCE}
 * levels of pure black or white in every channel counts as black or white, so that JPEG noise and
 * anti-aliased edges are not held against a mask; anything else is grey (or a colour).
 *
 * @param sampled pixels counted
 * @param black pixels counted as black
 * @param white pixels counted as white
 */
public record MaskTones(long sampled, long black, long white) {

    /** Levels (of 255) a channel may be off pure black or white and still count as it. */
    public static final int TOLERANCE = 8;

    /**
     * Above this share of grey pixels a mask draws a warning before anything is paid: a mask that
     * is not black and white edits an area nobody meant (the service's reading of grey is not
     * documented). One percent leaves room for the soft edge of a painted mask.
     */
    public static final double GREY_WARNING_SHARE = 0.01;

    public MaskTones {
        if (sampled <= 0 || black < 0 || white < 0 || black + white > sampled) {
            throw new IllegalArgumentException("bad mask counts: " + black + " black and " + white + " white of " + sampled);
        }
    }

    public static boolean isBlack(int r, int g, int b) {
        return Math.max(r, Math.max(g, b)) <= TOLERANCE;
    }

    public static boolean isWhite(int r, int g, int b) {
        return Math.min(r, Math.min(g, b)) >= 255 - TOLERANCE;
    }

    /** The share of pixels that are neither black nor white, 0 to 1. */
    public double greyShare() {
        return (double) (sampled - black - white) / sampled;
    }

    /** The share of pixels that will be edited (white), 0 to 1. */
    public double whiteShare() {
        return (double) white / sampled;
    }
}
