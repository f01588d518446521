package dev.wanedit.domain.request;

import java.util.Set;

/**
 * Rules for input images of one model: how many, which formats, side range, aspect range,
 * maximum file size, and whether an alpha channel is accepted.
 *
 * @param minAspect smallest width/height ratio accepted, or 0 when the documents give none
 * @param maxAspect largest width/height ratio accepted, or {@code Double.POSITIVE_INFINITY}
 * @param noChineseInUrls input URLs must not contain Chinese characters (wanx2.1-imageedit)
 */
public record ImageRules(int minCount, int maxCount, Set<ImageFormat> formats, int minSide, int maxSide,
                         double minAspect, double maxAspect, long maxBytes, boolean alphaAllowed, boolean noChineseInUrls) {

    public static final long MB = 1024L * 1024L;

    public ImageRules {
        if (minCount < 0 || maxCount < minCount) {
            throw new IllegalArgumentException("bad image count range " + minCount + ".." + maxCount);
        }
        if (minSide <= 0 || maxSide < minSide) {
            throw new IllegalArgumentException("bad side range " + minSide + ".." + maxSide);
        }
        formats = Set.copyOf(formats);
    }

    /** Rules without a URL character rule. */
    public ImageRules(int minCount, int maxCount, Set<ImageFormat> formats, int minSide, int maxSide,
                      double minAspect, double maxAspect, long maxBytes, boolean alphaAllowed) {
        this(minCount, maxCount, formats, minSide, maxSide, minAspect, maxAspect, maxBytes, alphaAllowed, false);
    }
}
