package dev.wanedit.adapter.storage.inspect;

import static dev.wanedit.adapter.storage.inspect.Bytes.ascii;
import static dev.wanedit.adapter.storage.inspect.Bytes.be32;
import static dev.wanedit.adapter.storage.inspect.Bytes.u8;

import dev.wanedit.adapter.storage.inspect.ImageHeaders.Bad;
import dev.wanedit.adapter.storage.inspect.ImageHeaders.Header;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;

/** PNG: the IHDR chunk, then every chunk skipped by its length up to IEND (tRNS gives alpha to a palette). */
final class PngHeader {

    private PngHeader() {
    }

    static Header read(ImageHeaders in) throws IOException, Bad {
        ByteSource src = in.src();
        long size = in.size();
        boolean headersOnly = in.headersOnly();
        byte[] b = in.need(8, 25, "PNG", "IHDR chunk");
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
}
