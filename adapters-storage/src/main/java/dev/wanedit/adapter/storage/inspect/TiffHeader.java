package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.u16;
import static dev.wanedit.adapter.storage.inspect.Bytes.u32;
import static dev.wanedit.adapter.storage.inspect.Bytes.u8;

import dev.wanedit.adapter.storage.inspect.ImageHeaders.Bad;
import dev.wanedit.adapter.storage.inspect.ImageHeaders.Header;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;

/** TIFF: the first image file directory, and the extents of its strips or tiles. */
final class TiffHeader {

    private static final int WIDTH = 256;
    private static final int LENGTH = 257;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES = 277;
    private static final int STRIP_BYTES = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTES = 325;
    private static final int EXTRA_SAMPLES = 338;

    private TiffHeader() {
    }

    static Header read(ImageHeaders in, boolean little) throws IOException, Bad {
        long size = in.size();
        byte[] b = in.need(0, 8, "TIFF", "header");
        long ifd = u32(b, 4, little);
        if (ifd < 8 || ifd + 2 > size) {
            throw new Bad(ifd + 2 > size ? "truncated TIFF: the first directory at byte " + ifd + " lies past the end of the file"
                    : "corrupt TIFF: first directory offset " + ifd);
        }
        int count = u16(in.need(ifd, 2, "TIFF", "directory"), 0, little);
        byte[] entries = in.need(ifd + 2, count * 12, "TIFF", "directory entries");
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
                    offsets = array(in, entries, e, type, n, little);
                    break;
                case STRIP_BYTES:
                case TILE_BYTES:
                    counts = array(in, entries, e, type, n, little);
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

    private static long[] array(ImageHeaders in, byte[] e, int at, int type, long n, boolean little) throws IOException, Bad {
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
            data = in.need(u32(e, at + 8, little), (int) (n * unit), "TIFF", "strip or tile table");
            base = 0;
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = unit == 2 ? u16(data, base + i * 2, little) : u32(data, base + i * 4, little);
        }
        return out;
    }
}
