package dev.wanedit.domain.testdata;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.util.Optional;

/**
 * Test-data builder for {@link ImageFacts}: {@code Facts.png(1024, 768).withAlpha().bytes(42).build()}.
 * Defaults: 200 000 bytes, no alpha, no digest. Immutable: every method returns a new builder.
 */
public final class Facts {

    /** The default file size: far below every model's limit. */
    public static final long DEFAULT_BYTES = 200_000L;

    private final ImageFormat format;
    private final int width;
    private final int height;
    private final long bytes;
    private final boolean alpha;
    private final Optional<String> sha256;

    private Facts(ImageFormat format, int width, int height, long bytes, boolean alpha, Optional<String> sha256) {
        this.format = format;
        this.width = width;
        this.height = height;
        this.bytes = bytes;
        this.alpha = alpha;
        this.sha256 = sha256;
    }

    public static Facts of(ImageFormat format, int width, int height) {
        return new Facts(format, width, height, DEFAULT_BYTES, false, Optional.empty());
    }

    public static Facts png(int width, int height) {
        return of(ImageFormat.PNG, width, height);
    }

    public static Facts jpeg(int width, int height) {
        return of(ImageFormat.JPEG, width, height);
    }

    public static Facts webp(int width, int height) {
        return of(ImageFormat.WEBP, width, height);
    }

    public static Facts bmp(int width, int height) {
        return of(ImageFormat.BMP, width, height);
    }

    public static Facts tiff(int width, int height) {
        return of(ImageFormat.TIFF, width, height);
    }

    public Facts format(ImageFormat f) {
        return new Facts(f, width, height, bytes, alpha, sha256);
    }

    public Facts size(int w, int h) {
        return new Facts(format, w, h, bytes, alpha, sha256);
    }

    public Facts withAlpha() {
        return new Facts(format, width, height, bytes, true, sha256);
    }

    public Facts bytes(long n) {
        return new Facts(format, width, height, n, alpha, sha256);
    }

    /** A content digest; any text works for tests, e.g. {@code "a1"}. */
    public Facts sha256(String digest) {
        return new Facts(format, width, height, bytes, alpha, Optional.of(digest));
    }

    public ImageFacts build() {
        return new ImageFacts(format, width, height, bytes, alpha, sha256);
    }

    @Override
    public String toString() {
        return format + " " + width + "x" + height + (alpha ? " alpha" : "") + " " + bytes + "B";
    }
}
