package dev.wanedit.adapter.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Scaled copies of images for pages, and image sizes read from headers, with ImageIO. */
final class Thumbnails {

    private Thumbnails() {
    }

    /** Width and height from the image's header (nothing is decoded), or empty when ImageIO cannot read it. */
    static Optional<int[]> size(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return size(in);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<int[]> size(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return size(in);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The image format's name as ImageIO reads it ({@code png}, {@code JPEG}, ...), or empty when it is not an image. */
    static Optional<String> formatName(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            return readers.hasNext() ? Optional.of(readers.next().getFormatName()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<int[]> size(ImageInputStream in) throws IOException {
        if (in == null) {
            return Optional.empty();
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return Optional.empty();
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            return Optional.of(new int[] {reader.getWidth(0), reader.getHeight(0)});
        } finally {
            reader.dispose();
        }
    }

    /** Decodes a file, or empty when it is missing or not an image ImageIO reads. */
    static Optional<BufferedImage> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.ofNullable(ImageIO.read(in));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<BufferedImage> read(byte[] bytes) {
        try {
            return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The image scaled to fit {@code maxSide} (never enlarged). */
    static BufferedImage scaled(BufferedImage src, int maxSide, boolean keepGrey) {
        double f = Math.min(1.0, (double) maxSide / Math.max(src.getWidth(), src.getHeight()));
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, keepGrey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE); // transparent areas of an input show on white, as most viewers show them
            g.fillRect(0, 0, w, h);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A {@code data:} URI of the image scaled to {@code maxSide}: JPEG for pictures (small), PNG
     * for masks (black and white must stay exact).
     */
    static String dataUri(BufferedImage src, int maxSide, boolean mask) {
        BufferedImage small = scaled(src, maxSide, mask);
        byte[] bytes = mask ? png(small) : jpeg(small, 0.85f);
        return "data:" + (mask ? "image/png" : "image/jpeg") + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a PNG in memory", e);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
