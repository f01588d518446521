package dev.wanedit.adapter.web;

import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A real inspector for the tests (the header-only one lives in adapters-storage): ImageIO reads the size. */
final class ImageIoInspector implements ImageInspector {

    @Override
    public ImageFacts inspect(Path file) {
        try {
            return inspect(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UnreadableImage(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    @Override
    public ImageFacts inspect(byte[] content, String label) {
        int[] size = Thumbnails.size(content).orElseThrow(() -> new UnreadableImage(label, "not an image"));
        String format = Thumbnails.formatName(content).orElse("png").toLowerCase(Locale.ROOT);
        ImageFormat f = format.startsWith("jp") ? ImageFormat.JPEG : ImageFormat.PNG;
        return new ImageFacts(f, size[0], size[1], content.length, false)
                .withSha256(sha256(content));
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
