package dev.wanedit.domain.request;

import java.util.Optional;

/**
 * What is known about an input image without decoding its pixels: format, dimensions,
 * size in bytes, whether it carries an alpha channel, and optionally a content digest
 * (hex SHA-256) used for fingerprints and upload caching. For a mask, the inspector may also count
 * its {@link MaskTones} (the one fact read from pixels), so the mask rules can tell a black-and-white
 * mask from a grey one.
 */
public record ImageFacts(ImageFormat format, int width, int height, long bytes, boolean alpha, Optional<String> sha256,
                         Optional<MaskTones> tones) {

    public ImageFacts {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
        sha256 = sha256 == null ? Optional.empty() : sha256;
        tones = tones == null ? Optional.empty() : tones;
    }

    public ImageFacts(ImageFormat format, int width, int height, long bytes, boolean alpha, Optional<String> sha256) {
        this(format, width, height, bytes, alpha, sha256, Optional.empty());
    }

    public ImageFacts(ImageFormat format, int width, int height, long bytes, boolean alpha) {
        this(format, width, height, bytes, alpha, Optional.empty());
    }

    public ImageFacts withSha256(String digest) {
        return new ImageFacts(format, width, height, bytes, alpha, Optional.of(digest), tones);
    }

    public ImageFacts withTones(MaskTones counted) {
        return new ImageFacts(format, width, height, bytes, alpha, sha256, Optional.of(counted));
    }

    public Dimensions dimensions() {
        return new Dimensions(width, height);
    }
}
