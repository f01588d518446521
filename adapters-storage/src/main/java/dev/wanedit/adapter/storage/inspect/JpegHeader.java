package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.be16;
import static dev.wanedit.adapter.storage.inspect.Bytes.u8;

import dev.wanedit.adapter.storage.inspect.ImageHeaders.Bad;
import dev.wanedit.adapter.storage.inspect.ImageHeaders.Header;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;

/** JPEG: the segments up to the frame header and the scan, then the EOI marker at the end. */
final class JpegHeader {

    private JpegHeader() {
    }

    static Header read(ImageHeaders in) throws IOException, Bad {
        ByteSource src = in.src();
        long size = in.size();
        boolean headersOnly = in.headersOnly();
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
                byte[] f = in.need(pos + 4, 6, "JPEG", "frame header");
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
                if (!endsWithEoi(in, pos)) {
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
    private static boolean endsWithEoi(ImageHeaders in, long scanStart) throws IOException {
        ByteSource src = in.src();
        long size = in.size();
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
}
