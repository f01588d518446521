package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.ascii;
import static dev.wanedit.adapter.storage.inspect.Bytes.hex;
import static dev.wanedit.adapter.storage.inspect.Bytes.u8;

import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads format, dimensions and alpha from image headers, never decoding pixels. It follows the
 * container structure far enough to tell a complete file from a truncated one: PNG chunks up to
 * IEND (skipped by length), JPEG segments up to the scan plus the EOI marker at the end, the BMP
 * pixel array extent, the RIFF length of WebP and the strip or tile extents of TIFF. Each format
 * has its reader ({@link PngHeader}, {@link JpegHeader}, {@link BmpHeader}, {@link WebpHeader},
 * {@link TiffHeader}); this class sniffs the format and holds what they share.
 */
final class ImageHeaders {

    /** What the header says. */
    record Header(ImageFormat format, int width, int height, boolean alpha) {
    }

    /** The data is not a readable image; {@code reason} says why, for the user. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ByteSource src;
    private final long size;
    /** Only the headers: stop once format, size and alpha are known, without walking to the end (remote objects). */
    private final boolean headersOnly;

    private ImageHeaders(ByteSource src, boolean headersOnly) {
        this.src = src;
        this.size = src.size();
        this.headersOnly = headersOnly;
    }

    /** The format from the magic bytes alone, if it is one we know. */
    static Optional<ImageFormat> sniff(byte[] head, int len) {
        if (len >= 8 && u8(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            return Optional.of(ImageFormat.PNG);
        }
        if (len >= 2 && u8(head, 0) == 0xFF && u8(head, 1) == 0xD8) {
            return Optional.of(ImageFormat.JPEG);
        }
        if (len >= 2 && head[0] == 'B' && head[1] == 'M') {
            return Optional.of(ImageFormat.BMP);
        }
        if (len >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return Optional.of(ImageFormat.WEBP);
        }
        if (len >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return Optional.of(ImageFormat.TIFF);
        }
        return Optional.empty();
    }

    static Header read(ByteSource src) throws IOException, Bad {
        return new ImageHeaders(src, false).parse();
    }

    /**
     * Reads only as far as format, dimensions and alpha: the PNG chunks up to the first IDAT, the
     * JPEG segments up to the frame header, and so on, without checking that the data runs to its
     * end marker; for an object read through ranged requests, whose size is known from its headers.
     */
    static Header readHeaders(ByteSource src) throws IOException, Bad {
        return new ImageHeaders(src, true).parse();
    }

    private Header parse() throws IOException, Bad {
        if (size == 0) {
            throw new Bad("the file is empty");
        }
        byte[] head = new byte[16];
        int n = src.read(0, head, head.length);
        ImageFormat format = sniff(head, n).orElseThrow(() -> new Bad(
                "unknown format: the content is not JPEG, PNG, BMP, WEBP or TIFF (starts with " + hex(head, Math.min(n, 8)) + ")"));
        switch (format) {
            case PNG:
                return PngHeader.read(this);
            case JPEG:
                return JpegHeader.read(this);
            case BMP:
                return BmpHeader.read(this);
            case WEBP:
                return WebpHeader.read(this);
            case TIFF:
                return TiffHeader.read(this, head[0] == 'I');
            default:
                throw new Bad("unsupported format " + format);
        }
    }

    ByteSource src() {
        return src;
    }

    long size() {
        return size;
    }

    boolean headersOnly() {
        return headersOnly;
    }

    /** {@code len} bytes at {@code pos}, or a "truncated" Bad naming the format and the part that is cut. */
    byte[] need(long pos, int len, String format, String what) throws IOException, Bad {
        byte[] b = new byte[len];
        if (pos + len > size || src.read(pos, b, len) < len) {
            throw new Bad("truncated " + format + ": the file ends at byte " + size + " inside the " + what);
        }
        return b;
    }
}
