package dev.wanedit.domain.request;

/**
 * A box {@code [x1, y1, x2, y2]} in absolute pixels of its input image, origin top-left
 * (wan2.7 {@code bbox_list}, protocol §2.2).
 */
public record BoundingBox(int x1, int y1, int x2, int y2) {

    public BoundingBox {
        if (x1 < 0 || y1 < 0) {
            throw new IllegalArgumentException("box [" + x1 + "," + y1 + "," + x2 + "," + y2 + "] has a negative corner");
        }
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("box [" + x1 + "," + y1 + "," + x2 + "," + y2 + "] needs x1 < x2 and y1 < y2");
        }
    }

    /** Parses one image's boxes, {@code x1,y1,x2,y2;x1,y1,x2,y2} (empty parts skipped; "" is no box). */
    public static java.util.List<BoundingBox> parseList(String text) {
        java.util.List<BoundingBox> boxes = new java.util.ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                boxes.add(parse(part));
            }
        }
        return boxes;
    }

    /** Parses {@code x1,y1,x2,y2}. */
    public static BoundingBox parse(String text) {
        String[] p = text.trim().replace("[", "").replace("]", "").split("\\s*,\\s*", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("box \"" + text + "\" is not x1,y1,x2,y2");
        }
        try {
            return new BoundingBox(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("box \"" + text + "\" is not x1,y1,x2,y2 in whole pixels", e);
        }
    }

    public boolean fitsIn(Dimensions d) {
        return x2 <= d.width() && y2 <= d.height();
    }

    @Override
    public String toString() {
        return "[" + x1 + "," + y1 + "," + x2 + "," + y2 + "]";
    }
}
