package dev.wanedit.adapter.web.view;

import java.util.Locale;

/**
 * A wan2.7 box drawn over its input: its corners in the image's pixels and, for the overlay, its
 * position and size in percent of the image.
 */
public record BoxView(int x1, int y1, int x2, int y2, double leftPct, double topPct, double widthPct, double heightPct) {

    /** The box in pixels as the request sends it: {@code [x1,y1,x2,y2]}. */
    public String label() {
        return "[" + x1 + "," + y1 + "," + x2 + "," + y2 + "]";
    }

    /** The inline style that places the overlay (numbers only, so nothing to escape). */
    public String style() {
        return String.format(Locale.ROOT, "left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%", leftPct, topPct, widthPct,
                heightPct);
    }

    /** True when the image's size is known, so the box can be drawn over it. */
    public boolean drawable() {
        return widthPct > 0 && heightPct > 0;
    }
}
