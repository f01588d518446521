package dev.wanedit.adapter.storage.testing;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Images generated in the tests: ImageIO writers for PNG/JPEG/BMP/TIFF, hand-made headers for WEBP and TIFF byte orders. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int w, int h, boolean alpha) {
        return write(image(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A palette PNG whose colour 0 is transparent: ImageIO writes a tRNS chunk. */
    public static byte[] pngWithTrns(int w, int h) {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        IndexColorModel cm = new IndexColorModel(1, 2, r, g, b, 0);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm);
        img.setRGB(0, 0, 0xFFFF0000);
        return write(img, "png");
    }

    public static byte[] jpeg(int w, int h) {
        return write(image(w, h, false), "jpg");
    }

    public static byte[] bmp(int w, int h) {
        return write(image(w, h, false), "bmp");
    }

    public static byte[] tiff(int w, int h) {
        return write(image(w, h, false), "tiff");
    }

    /** An uncompressed 8-bit RGB (or RGBA) TIFF in the given byte order, one strip. */
    public static byte[] tiffByHand(int w, int h, boolean little, boolean alpha) {
        int spp = alpha ? 4 : 3;
        int pixels = w * h * spp;
        int entries = alpha ? 10 : 9;
        int ifdSize = 2 + entries * 12 + 4;
        int bpsOffset = 8 + ifdSize;
        int dataOffset = bpsOffset + spp * 2;
        ByteBuffer buf = ByteBuffer.allocate(dataOffset + pixels).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        buf.put(little ? (byte) 'I' : (byte) 'M').put(little ? (byte) 'I' : (byte) 'M').putShort((short) 42).putInt(8);
        buf.putShort((short) entries);
        entry(buf, 256, 4, 1, w);
        entry(buf, 257, 4, 1, h);
        entry(buf, 258, 3, spp, bpsOffset);
        entry(buf, 259, 3, 1, 1 << (little ? 0 : 16));
        entry(buf, 262, 3, 1, 2 << (little ? 0 : 16));
        entry(buf, 273, 4, 1, dataOffset);
        entry(buf, 277, 3, 1, spp << (little ? 0 : 16));
        entry(buf, 278, 4, 1, h);
        entry(buf, 279, 4, 1, pixels);
        if (alpha) {
            entry(buf, 338, 3, 1, 2 << (little ? 0 : 16));
        }
        buf.putInt(0);
        for (int i = 0; i < spp; i++) {
            buf.putShort((short) 8);
        }
        for (int i = 0; i < pixels; i++) {
            buf.put((byte) (i * 7));
        }
        return buf.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /** The well-known smallest lossless WebP: 1x1 pixel, VP8L. */
    public static byte[] webpLossless1x1() {
        return hex("524946461a000000574542505650384c0d0000002f0000001007101111888888fe0700");
    }

    /** A RIFF/WEBP file with a VP8L header of the given size and alpha hint (header only). */
    public static byte[] webpVp8l(int w, int h, boolean alpha) {
        ByteBuffer b = riff("VP8L", 5 + 16);
        b.put((byte) 0x2F);
        int bits = (w - 1) | ((h - 1) << 14) | ((alpha ? 1 : 0) << 28);
        b.putInt(bits);
        return b.array();
    }

    /** A RIFF/WEBP file with a VP8 (lossy) key frame header of the given size (header only). */
    public static byte[] webpVp8(int w, int h) {
        ByteBuffer b = riff("VP8 ", 10 + 16);
        b.put((byte) 0x10).put((byte) 0x02).put((byte) 0x00); // key frame tag
        b.put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A);
        b.putShort((short) w).putShort((short) h);
        return b.array();
    }

    /** A RIFF/WEBP extended file: VP8X with canvas size and the alpha flag, then a VP8L chunk (header only). */
    public static byte[] webpVp8x(int w, int h, boolean alpha) {
        int vp8lSize = 5 + 16;
        int total = 12 + 8 + 10 + 8 + vp8lSize + (vp8lSize % 2);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(total - 8).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        b.put((byte) (alpha ? 0x10 : 0)).put(new byte[3]);
        put24(b, w - 1);
        put24(b, h - 1);
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(vp8lSize);
        b.put((byte) 0x2F).putInt((w - 1) | ((h - 1) << 14) | ((alpha ? 1 : 0) << 28));
        return b.array();
    }

    private static ByteBuffer riff(String chunk, int chunkSize) {
        int total = 12 + 8 + chunkSize + (chunkSize % 2);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(total - 8).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put(chunk.getBytes(StandardCharsets.US_ASCII)).putInt(chunkSize);
        return b;
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    public static BufferedImage image(int w, int h, boolean alpha) {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(alpha ? new Color(20, 120, 200, 90) : new Color(20, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
        g.dispose();
        return img;
    }

    private static BufferedImage image(int w, int h, int type) {
        return image(w, h, type == BufferedImage.TYPE_INT_ARGB);
    }

    public static byte[] write(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A structurally complete PNG (IHDR, one tiny IDAT, IEND) that claims {@code w x h} pixels:
     * a reader that decoded pixels would need gigabytes; a header reader does not care.
     */
    public static byte[] pngHeaderOnly(int w, int h, int colourType) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 14 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        b.putInt(2).put("IDAT".getBytes(StandardCharsets.US_ASCII)).put((byte) 0x78).put((byte) 0x9C).putInt(0);
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        return b.array();
    }

    /** A 32-bit BMP with a BITMAPV4HEADER and BI_BITFIELDS masks, with or without an alpha mask. */
    public static byte[] bmp32(int w, int h, boolean alphaMask) {
        int header = 14 + 108;
        int pixels = w * h * 4;
        ByteBuffer b = ByteBuffer.allocate(header + pixels).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(header + pixels).putInt(0).putInt(header);
        b.putInt(108).putInt(w).putInt(-h).putShort((short) 1).putShort((short) 32).putInt(3).putInt(pixels)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(alphaMask ? 0xFF000000 : 0);
        b.putInt(0x73524742); // 'sRGB'
        b.put(new byte[36 + 12]); // endpoints and gamma
        for (int i = 0; i < pixels; i++) {
            b.put((byte) (i % 251));
        }
        return b.array();
    }

    /** A progressive JPEG (SOF2). */
    public static byte[] progressiveJpeg(int w, int h) {
        try {
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new javax.imageio.IIOImage(image(w, h, false), null, null), param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static byte[] truncate(byte[] b, int keep) {
        return java.util.Arrays.copyOf(b, keep);
    }
}
