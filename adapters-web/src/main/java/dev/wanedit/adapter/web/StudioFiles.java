package dev.wanedit.adapter.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The files the studio makes for an edit: masks painted in the page and images chosen in it.
 * They live in a private folder (owner only) under wanedit's home rather than in a temporary
 * folder, because the journal refers to them: {@code wanedit resume} re-reads the inputs of a job
 * that was never sent, and the report shows them. Names are the content's SHA-256, so the same
 * mask twice is the same file and the same request keeps the same fingerprint (never paid twice).
 */
final class StudioFiles {

    /** The largest image the page may send (wan2.7 takes up to 20 MB). */
    static final int MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

    private final Path root;

    /** @param root the studio's folder, e.g. {@code ~/.wanedit/studio} */
    StudioFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A problem with what the page sent, for the field it belongs to. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /**
     * Stores the painter's mask as a black-and-white PNG of exactly the base image's size.
     *
     * @param dataUrl {@code data:image/png;base64,...} as the page's canvas gave it
     * @param baseWidth the base image's width, or 0 when it is not known here
     * @param baseHeight the base image's height, or 0 when it is not known here
     * @return the stored mask's path
     */
    Path storeMask(String dataUrl, int baseWidth, int baseHeight) {
        if (!dataUrl.startsWith("data:image/png;base64,")) {
            throw new Refused("mask", "the painted mask must come as a PNG data URL");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()));
        } catch (IllegalArgumentException e) {
            throw new Refused("mask", "the painted mask is not valid base64");
        }
        BufferedImage img = Thumbnails.read(bytes).orElseThrow(() -> new Refused("mask", "the painted mask is not a readable PNG"));
        if (baseWidth <= 0 || baseHeight <= 0) {
            throw new Refused("mask", "the base image's size is not known here, so a mask cannot be painted for it; "
                    + "choose a local base image");
        }
        if (img.getWidth() != baseWidth || img.getHeight() != baseHeight) {
            throw new Refused("mask", "the painted mask is " + img.getWidth() + "×" + img.getHeight() + " px but the base image is "
                    + baseWidth + "×" + baseHeight + " px; they must be the same size");
        }
        return write("masks", Thumbnails.png(blackAndWhite(img)), "png");
    }

    /** Every pixel black (keep) or white (edit): white where the painted pixel is light and opaque. */
    static BufferedImage blackAndWhite(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int a = p >>> 24;
                int lum = ((p >> 16 & 0xff) * 299 + (p >> 8 & 0xff) * 587 + (p & 0xff) * 114) / 1000;
                out.getRaster().setSample(x, y, 0, a >= 128 && lum >= 128 ? 255 : 0);
            }
        }
        return out;
    }

    /**
     * Stores an image the user chose in the page.
     *
     * @return the stored file and its size
     */
    Stored storeInput(byte[] bytes) {
        Optional<String> format = Thumbnails.formatName(bytes);
        Optional<int[]> size = Thumbnails.size(bytes);
        if (format.isEmpty() || size.isEmpty()) {
            throw new Refused("image", "the file is not an image this Java runtime can read (JPEG, PNG, BMP, WebP, TIFF)");
        }
        String ext = switch (format.get().toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> "jpg";
            case "tif", "tiff" -> "tiff";
            default -> format.get().toLowerCase(Locale.ROOT);
        };
        return new Stored(write("inputs", bytes, ext), size.get()[0], size.get()[1]);
    }

    /** A stored file and its pixel size. */
    record Stored(Path path, int width, int height) {
    }

    private Path write(String folder, byte[] bytes, String ext) {
        try {
            Path dir = privateDir(root.resolve(folder));
            Path target = dir.resolve(sha256(bytes) + "." + ext);
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target; // the same content is already there
            }
            Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
            try {
                Files.write(tmp, bytes);
                ownerOnly(tmp, "rw-------");
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                } catch (FileAlreadyExistsException e) {
                    // written by a concurrent request with the same content
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a file in " + root.resolve(folder) + ": " + e.getMessage(), e);
        }
    }

    private static Path privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        ownerOnly(dir, "rwx------");
        return dir;
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
