package dev.wanedit.bootstrap.batch;

import dev.wanedit.emulator.DashScopeEmulator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;

/**
 * The catalogue the crash and the several-processes batches run: line {@code i} is {@code sku-i},
 * wan2.5 putting product number {@code i} on one 512*384 shelf photo, 768*768 out; against an
 * emulator whose wan2.5 tasks take 1 s of real time.
 */
final class ShelfProducts {

    static final String MODEL = "wan2.5-i2i-preview";

    private ShelfProducts() {
    }

    /** The emulator's set-up: a twentieth of the real time, wan2.5 tasks of 20 s (1 s of real time). */
    static void oneSecondTasks(DashScopeEmulator.Builder b) {
        b.timeScale(0.05).taskDuration(MODEL, Duration.ofSeconds(20));
    }

    static String prompt(int line) {
        return "Put product number " + line + " on the shelf";
    }

    /** Writes {@code shelf.png} and a manifest of {@code lines} lines, {@code products.jsonl}, into {@code dir}; returns the manifest. */
    static Path write(Path dir, int lines) throws IOException {
        BufferedImage img = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * 255 / 512) << 16 | (y * 255 / 384) << 8 | 80);
            }
        }
        ImageIO.write(img, "png", dir.resolve("shelf.png").toFile());
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            b.append("{\"id\":\"sku-").append(i).append("\",\"model\":\"").append(MODEL)
                    .append("\",\"images\":[\"shelf.png\"],\"size\":\"768*768\",\"prompt\":\"").append(prompt(i)).append("\"}\n");
        }
        return Files.writeString(dir.resolve("products.jsonl"), b.toString());
    }
}
