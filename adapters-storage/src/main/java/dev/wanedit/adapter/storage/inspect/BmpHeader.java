package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.le16;
import static dev.wanedit.adapter.storage.inspect.Bytes.le32;

import dev.wanedit.adapter.storage.inspect.ImageHeaders.Bad;
import dev.wanedit.adapter.storage.inspect.ImageHeaders.Header;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;

/** BMP: the file and DIB headers, and the extent of the pixel array. */
final class BmpHeader {

    private BmpHeader() {
    }

    static Header read(ImageHeaders in) throws IOException, Bad {
        long size = in.size();
        byte[] b = in.need(0, 30, "BMP", "file and DIB headers");
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
            byte[] d = in.need(14, (int) dib, "BMP", "DIB header");
            w = (int) le32(d, 4);
            h = Math.abs((int) le32(d, 8));
            bits = le16(d, 14);
            compression = le32(d, 16);
            if (bits == 32 && (compression == 3 || compression == 6) && dib >= 56) {
                alpha = le32(d, 52) != 0; // alpha mask of BITMAPV3INFOHEADER and later
            }
            if (compression == 6 && dib == 40) {
                byte[] masks = in.need(54, 16, "BMP", "bit masks");
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
}
