package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.ascii;
import static dev.wanedit.adapter.storage.inspect.Bytes.le16;
import static dev.wanedit.adapter.storage.inspect.Bytes.le24;
import static dev.wanedit.adapter.storage.inspect.Bytes.le32;
import static dev.wanedit.adapter.storage.inspect.Bytes.u8;

import dev.wanedit.adapter.storage.inspect.ImageHeaders.Bad;
import dev.wanedit.adapter.storage.inspect.ImageHeaders.Header;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;

/** WebP: the RIFF length, then the VP8, VP8L or VP8X chunk for size and alpha. */
final class WebpHeader {

    private WebpHeader() {
    }

    static Header read(ImageHeaders in) throws IOException, Bad {
        long size = in.size();
        byte[] b = in.need(0, 30, "WEBP", "RIFF and image headers");
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
}
