package dev.wanedit.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Input images generated at run time: nothing is downloaded. */
final class Images {

    private Images() {
    }

    /** A small, compressible picture (a few kB as PNG): an ordinary edit input. */
    static Path scene(Path file, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xD8C8A8));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x6B4F3A));
        g.fillRect(width / 8, height / 2, width * 3 / 4, height / 12);
        g.setColor(new Color(0x3C6E8F));
        g.fillOval(width / 3, height / 4, width / 6, height / 4);
        g.dispose();
        write(img, "png", file);
        return file;
    }

    /** Random RGB noise: incompressible, so a PNG or BMP of {@code side}² pixels is about 3·side² bytes. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        new SplittableRandom(seed).nextBytes(data);
        return img;
    }

    static Path write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }
}
