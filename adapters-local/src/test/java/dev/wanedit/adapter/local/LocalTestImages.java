package dev.wanedit.adapter.local;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Real PNG inputs written to disk: a coloured left half and a white right half, so a flip is visible. */
final class LocalTestImages {

    private LocalTestImages() {
    }

    static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 30, 60));
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.WHITE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    static ImageInput.LocalImage write(Path file, int w, int h) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(picture(w, h), "png", out);
            byte[] png = out.toByteArray();
            Files.createDirectories(file.getParent());
            Files.write(file, png);
            return new ImageInput.LocalImage(file, new ImageFacts(ImageFormat.PNG, w, h, png.length, false, Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
