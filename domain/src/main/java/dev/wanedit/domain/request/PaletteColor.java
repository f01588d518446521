package dev.wanedit.domain.request;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * One entry of a wan2.7 {@code color_palette}: a colour and its share in percent. On the wire the
 * share is a string with two decimals, e.g. {@code "60.00%"} (W27, SKILL; the Java SDK's double in
 * [0,1] is a DISAGREEMENT, protocol §2.2).
 */
public record PaletteColor(String hex, BigDecimal percent) {

    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");

    public PaletteColor {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("colour \"" + hex + "\" is not #RRGGBB");
        }
        BigDecimal rounded = percent == null ? null : percent.setScale(2, RoundingMode.HALF_UP);
        if (rounded == null || rounded.signum() <= 0 || rounded.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("share of " + hex + " must be at least 0.01% and at most 100% (two decimals on the wire), got "
                    + percent);
        }
        hex = hex.toUpperCase(java.util.Locale.ROOT);
        percent = rounded;
    }

    /** Parses {@code #C2D1E6:60} or {@code #C2D1E6:60.00%}. */
    public static PaletteColor parse(String text) {
        String[] p = text.trim().split("[:=]");
        if (p.length != 2) {
            throw new IllegalArgumentException("palette entry \"" + text + "\" is not #RRGGBB:percent");
        }
        try {
            return new PaletteColor(p[0].trim(), new BigDecimal(p[1].trim().replace("%", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("palette entry \"" + text + "\" is not #RRGGBB:percent", e);
        }
    }

    /** The wire form of the share, e.g. {@code 60.00%}. */
    public String ratio() {
        return percent.toPlainString() + "%";
    }
}
