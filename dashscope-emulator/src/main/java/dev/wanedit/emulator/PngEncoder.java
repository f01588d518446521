package dev.wanedit.emulator;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A PNG writer for the emulator's own renders (8-bit RGB, no interlace): rows filtered with "Up"
 * and deflated at the fastest level. The JDK's ImageIO writer copies every row through a sample
 * model and was most of the emulator's CPU in batch runs; this reads the int raster directly and
 * is several times faster. The output is an ordinary PNG any decoder reads.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {}

    /** Encodes a {@link BufferedImage#TYPE_INT_RGB} image. */
    static byte[] encodeRgb(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expected TYPE_INT_RGB, got type " + img.getType());
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream(w * h / 2 + 1024);
        try {
            out.write(SIGNATURE);
            byte[] ihdr = new byte[13];
            putInt(ihdr, 0, w);
            putInt(ihdr, 4, h);
            ihdr[8] = 8; // bit depth
            ihdr[9] = 2; // colour type: truecolour
            chunk(out, "IHDR", ihdr, ihdr.length);
            ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 2 + 1024);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] row = new byte[1 + 3 * w];
                byte[] prev = new byte[3 * w];
                byte[] cur = new byte[3 * w];
                for (int y = 0; y < h; y++) {
                    int base = y * w;
                    for (int x = 0, i = 0; x < w; x++, i += 3) {
                        int p = px[base + x];
                        cur[i] = (byte) (p >> 16);
                        cur[i + 1] = (byte) (p >> 8);
                        cur[i + 2] = (byte) p;
                    }
                    row[0] = 2; // filter "Up": the difference to the row above
                    for (int i = 0; i < cur.length; i++) {
                        row[i + 1] = (byte) (cur[i] - prev[i]);
                    }
                    z.write(row);
                    byte[] t = prev;
                    prev = cur;
                    cur = t;
                }
            } finally {
                deflater.end();
            }
            chunk(out, "IDAT", idat.toByteArray(), idat.size());
            chunk(out, "IEND", new byte[0], 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, 4, 4);
        out.write(head);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
