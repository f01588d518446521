package dev.wanedit.adapter.storage.inspect;

import dev.wanedit.domain.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads format, dimensions and alpha from image headers, never decoding pixels. It follows the
 * container structure far enough to tell a complete file from a truncated one: PNG chunks up to
 * IEND (skipped by length), JPEG segments up to the scan plus the EOI marker at the end, the BMP
 * pixel array extent, the RIFF length of WebP and the strip or tile extents of TIFF.
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
                return png();
            case JPEG:
                return jpeg();
            case BMP:
                return bmp();
            case WEBP:
                return webp();
            case TIFF:
                return tiff(head[0] == 'I');
            default:
                throw new Bad("unsupported format " + format);
        }
    }

    // ---- PNG ----

    private Header png() throws IOException, Bad {
        byte[] b = need(8, 25, "PNG", "IHDR chunk");
        if (be32(b, 0) != 13 || !ascii(b, 4, 4).equals("IHDR")) {
            throw new Bad("corrupt PNG: the first chunk is not a 13-byte IHDR");
        }
        long w = be32(b, 8);
        long h = be32(b, 12);
        int colourType = u8(b, 17);
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new Bad("corrupt PNG: IHDR gives " + w + "x" + h + " pixels");
        }
        if (colourType != 0 && colourType != 2 && colourType != 3 && colourType != 4 && colourType != 6) {
            throw new Bad("corrupt PNG: colour type " + colourType + " does not exist");
        }
        boolean alpha = colourType == 4 || colourType == 6;
        long pos = 8;
        boolean sawData = false;
        byte[] ch = new byte[8];
        while (true) {
            if (src.read(pos, ch, 8) < 8) {
                throw new Bad("truncated PNG: it ends at byte " + size + " before the IEND chunk");
            }
            long len = be32(ch, 0);
            String type = ascii(ch, 4, 4);
            if (!type.chars().allMatch(Character::isLetter)) {
                throw new Bad("corrupt PNG: invalid chunk type at byte " + pos);
            }
            long end = pos + 12 + len;
            if (end > size) {
                throw new Bad("truncated PNG: chunk " + type + " at byte " + pos + " needs " + (end - size)
                        + " more bytes than the file has");
            }
            switch (type) {
                case "tRNS":
                    alpha = true;
                    break;
                case "IDAT":
                    if (headersOnly) { // tRNS, the last fact, must come before the first IDAT
                        return new Header(ImageFormat.PNG, (int) w, (int) h, alpha);
                    }
                    sawData = true;
                    break;
                case "IEND":
                    if (!sawData) {
                        throw new Bad("corrupt PNG: no IDAT image data before IEND");
                    }
                    return new Header(ImageFormat.PNG, (int) w, (int) h, alpha);
                default:
                    break;
            }
            pos = end;
        }
    }

    // ---- JPEG ----

    private Header jpeg() throws IOException, Bad {
        long pos = 2;
        byte[] m = new byte[4];
        Header frame = null;
        while (true) {
            if (src.read(pos, m, 4) < 4) {
                throw new Bad("truncated JPEG: it ends at byte " + size + " inside the headers");
            }
            if (u8(m, 0) != 0xFF) {
                throw new Bad("corrupt JPEG: expected a marker at byte " + pos);
            }
            int marker = u8(m, 1);
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;
                continue;
            }
            if (marker == 0xD9) {
                throw new Bad("corrupt JPEG: end-of-image marker before any image data");
            }
            int len = be16(m, 2);
            if (len < 2) {
                throw new Bad("corrupt JPEG: segment length " + len + " at byte " + pos);
            }
            if (pos + 2 + len > size) {
                throw new Bad("truncated JPEG: segment FF" + String.format("%02X", marker) + " at byte " + pos
                        + " runs past the end of the file");
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                byte[] f = need(pos + 4, 6, "JPEG", "frame header");
                int h = be16(f, 1);
                int w = be16(f, 3);
                if (w == 0 || h == 0) {
                    throw new Bad("corrupt or unsupported JPEG: frame header gives " + w + "x" + h + " pixels");
                }
                frame = new Header(ImageFormat.JPEG, w, h, false);
                if (headersOnly) {
                    return frame;
                }
            }
            if (marker == 0xDA) { // start of scan: entropy-coded data follows
                if (frame == null) {
                    throw new Bad("corrupt JPEG: image data starts before any frame header");
                }
                if (!endsWithEoi(pos)) {
                    throw new Bad("truncated JPEG: the end-of-image marker (FFD9) is missing at the end of the file");
                }
                return frame;
            }
            pos += 2 + len;
        }
    }

    /**
     * True when an end-of-image marker (FFD9) follows the scan. Inside entropy-coded data every FF
     * is followed by 00 or a restart marker, so FFD9 after the scan starts can only be an EOI; the
     * search runs backwards from the end, so trailing data some cameras append is tolerated.
     */
    private boolean endsWithEoi(long scanStart) throws IOException {
        int chunk = 64 * 1024;
        byte[] buf = new byte[chunk + 1];
        long end = size;
        while (end > scanStart) {
            long from = Math.max(scanStart, end - chunk);
            int len = (int) (end - from) + (end < size ? 1 : 0); // overlap one byte with the previous chunk
            int n = src.read(from, buf, len);
            for (int i = n - 2; i >= 0; i--) {
                if (u8(buf, i) == 0xFF && u8(buf, i + 1) == 0xD9) {
                    return true;
                }
            }
            end = from;
        }
        return false;
    }

    // ---- BMP ----

    private Header bmp() throws IOException, Bad {
        byte[] b = need(0, 30, "BMP", "file and DIB headers");
        long declared = le32(b, 2);
        long dataOffset = le32(b, 10);
        long dib = le32(b, 14);
        int w;
        int h;
        int bits;
        long compression = 0;
        boolean alpha = false;
        if (dib == 12) {
            w = le16(b, 18);
            h = le16(b, 20);
            bits = le16(b, 24);
        } else if (dib >= 40 && dib <= 124) {
            byte[] d = need(14, (int) dib, "BMP", "DIB header");
            w = (int) le32(d, 4);
            h = Math.abs((int) le32(d, 8));
            bits = le16(d, 14);
            compression = le32(d, 16);
            if (bits == 32 && (compression == 3 || compression == 6) && dib >= 56) {
                alpha = le32(d, 52) != 0; // alpha mask of BITMAPV3INFOHEADER and later
            }
            if (compression == 6 && dib == 40) {
                byte[] masks = need(54, 16, "BMP", "bit masks");
                alpha = le32(masks, 12) != 0;
            }
        } else {
            throw new Bad("corrupt BMP: unknown DIB header size " + dib);
        }
        if (w <= 0 || h <= 0) {
            throw new Bad("corrupt BMP: header gives " + w + "x" + h + " pixels");
        }
        if (declared > size) {
            throw new Bad("truncated BMP: the header declares " + declared + " bytes but the file has " + size);
        }
        if (compression == 0 || compression == 3 || compression == 6) {
            long row = ((long) bits * w + 31) / 32 * 4;
            long end = dataOffset + row * h;
            if (end > size) {
                throw new Bad("truncated BMP: the pixel array needs " + end + " bytes but the file has " + size);
            }
        }
        return new Header(ImageFormat.BMP, w, h, alpha);
    }

    // ---- WEBP ----

    private Header webp() throws IOException, Bad {
        byte[] b = need(0, 30, "WEBP", "RIFF and image headers");
        long riff = le32(b, 4) + 8;
        if (riff > size) {
            throw new Bad("truncated WEBP: the RIFF header declares " + riff + " bytes but the file has " + size);
        }
        String chunk = ascii(b, 12, 4);
        switch (chunk) {
            case "VP8 ": {
                if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
                    throw new Bad("corrupt WEBP: the VP8 key frame start code is missing");
                }
                int w = le16(b, 26) & 0x3FFF;
                int h = le16(b, 28) & 0x3FFF;
                return webpHeader(w, h, false);
            }
            case "VP8L": {
                if (u8(b, 20) != 0x2F) {
                    throw new Bad("corrupt WEBP: the VP8L signature byte is missing");
                }
                long bits = le32(b, 21);
                int w = (int) (bits & 0x3FFF) + 1;
                int h = (int) ((bits >> 14) & 0x3FFF) + 1;
                boolean alpha = ((bits >> 28) & 1) == 1;
                return webpHeader(w, h, alpha);
            }
            case "VP8X": {
                boolean alpha = (u8(b, 20) & 0x10) != 0;
                int w = (int) (le24(b, 24) + 1);
                int h = (int) (le24(b, 27) + 1);
                return webpHeader(w, h, alpha);
            }
            default:
                throw new Bad("corrupt WEBP: unknown first chunk \"" + chunk.strip() + "\" (expected VP8, VP8L or VP8X)");
        }
    }

    private static Header webpHeader(int w, int h, boolean alpha) throws Bad {
        if (w <= 0 || h <= 0) {
            throw new Bad("corrupt WEBP: header gives " + w + "x" + h + " pixels");
        }
        return new Header(ImageFormat.WEBP, w, h, alpha);
    }

    // ---- TIFF ----

    private static final int WIDTH = 256;
    private static final int LENGTH = 257;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES = 277;
    private static final int STRIP_BYTES = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTES = 325;
    private static final int EXTRA_SAMPLES = 338;

    private Header tiff(boolean little) throws IOException, Bad {
        byte[] b = need(0, 8, "TIFF", "header");
        long ifd = u32(b, 4, little);
        if (ifd < 8 || ifd + 2 > size) {
            throw new Bad(ifd + 2 > size ? "truncated TIFF: the first directory at byte " + ifd + " lies past the end of the file"
                    : "corrupt TIFF: first directory offset " + ifd);
        }
        int count = u16(need(ifd, 2, "TIFF", "directory"), 0, little);
        byte[] entries = need(ifd + 2, count * 12, "TIFF", "directory entries");
        long w = -1;
        long h = -1;
        boolean alpha = false;
        long[] offsets = null;
        long[] counts = null;
        for (int i = 0; i < count; i++) {
            int e = i * 12;
            int tag = u16(entries, e, little);
            int type = u16(entries, e + 2, little);
            long n = u32(entries, e + 4, little);
            switch (tag) {
                case WIDTH:
                    w = value(entries, e, type, little);
                    break;
                case LENGTH:
                    h = value(entries, e, type, little);
                    break;
                case EXTRA_SAMPLES:
                    alpha = true; // any extra sample with 1 (associated) or 2 (unassociated) alpha; 0 is rare
                    if (n == 1 && value(entries, e, type, little) == 0) {
                        alpha = false;
                    }
                    break;
                case STRIP_OFFSETS:
                case TILE_OFFSETS:
                    offsets = array(entries, e, type, n, little);
                    break;
                case STRIP_BYTES:
                case TILE_BYTES:
                    counts = array(entries, e, type, n, little);
                    break;
                case SAMPLES:
                default:
                    break;
            }
        }
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new Bad("corrupt TIFF: no valid ImageWidth/ImageLength (" + w + "x" + h + ")");
        }
        if (offsets == null || counts == null || offsets.length != counts.length) {
            throw new Bad("corrupt TIFF: strip or tile offsets and byte counts are missing or do not match");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + counts[i] > size) {
                throw new Bad("truncated TIFF: image data block " + i + " ends at byte " + (offsets[i] + counts[i])
                        + " but the file has " + size);
            }
        }
        return new Header(ImageFormat.TIFF, (int) w, (int) h, alpha);
    }

    private static long value(byte[] e, int at, int type, boolean little) throws Bad {
        switch (type) {
            case 3: // SHORT
                return u16(e, at + 8, little);
            case 4: // LONG
                return u32(e, at + 8, little);
            case 1: // BYTE
                return u8(e, at + 8);
            default:
                throw new Bad("corrupt TIFF: unexpected field type " + type);
        }
    }

    private long[] array(byte[] e, int at, int type, long n, boolean little) throws IOException, Bad {
        int unit = type == 3 ? 2 : type == 4 ? 4 : -1;
        if (unit < 0) {
            throw new Bad("corrupt TIFF: unexpected field type " + type + " for offsets or byte counts");
        }
        if (n <= 0 || n > 1_000_000) {
            throw new Bad("corrupt TIFF: " + n + " strips or tiles");
        }
        byte[] data;
        int base;
        if (n * unit <= 4) {
            data = e;
            base = at + 8;
        } else {
            data = need(u32(e, at + 8, little), (int) (n * unit), "TIFF", "strip or tile table");
            base = 0;
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = unit == 2 ? u16(data, base + i * 2, little) : u32(data, base + i * 4, little);
        }
        return out;
    }

    // ---- helpers ----

    private byte[] need(long pos, int len, String format, String what) throws IOException, Bad {
        byte[] b = new byte[len];
        if (pos + len > size || src.read(pos, b, len) < len) {
            throw new Bad("truncated " + format + ": the file ends at byte " + size + " inside the " + what);
        }
        return b;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static long be32(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | ((long) u8(b, i + 1) << 16) | ((long) u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    private static int le16(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    private static long le24(byte[] b, int i) {
        return u8(b, i) | ((long) u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16);
    }

    private static long le32(byte[] b, int i) {
        return u8(b, i) | ((long) u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16) | ((long) u8(b, i + 3) << 24);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? le16(b, i) : be16(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? le32(b, i) : be32(b, i);
    }

    private static String ascii(byte[] b, int from, int len) {
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] b, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < len; i++) {
            s.append(String.format("%02X", b[i]));
        }
        return s.length() == 0 ? "nothing" : s.toString();
    }
}
