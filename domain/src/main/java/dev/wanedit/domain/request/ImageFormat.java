package dev.wanedit.domain.request;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An image file format, identified from the file's content (not its extension). */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg", Set.of("jpg", "jpeg")),
    PNG("image/png", "png", Set.of("png")),
    BMP("image/bmp", "bmp", Set.of("bmp")),
    WEBP("image/webp", "webp", Set.of("webp")),
    TIFF("image/tiff", "tif", Set.of("tif", "tiff"));

    private final String mimeType;
    private final String fileExtension;
    private final Set<String> extensions;

    ImageFormat(String mimeType, String fileExtension, Set<String> extensions) {
        this.mimeType = mimeType;
        this.fileExtension = fileExtension;
        this.extensions = extensions;
    }

    /** The extension a file of this format is given ({@code jpg}, {@code png}, {@code bmp}, {@code webp}, {@code tif}). */
    public String fileExtension() {
        return fileExtension;
    }

    public String mimeType() {
        return mimeType;
    }

    public Set<String> extensions() {
        return extensions;
    }

    /** The format a file name's extension claims, if any. */
    public static Optional<ImageFormat> fromFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format of a MIME type such as {@code image/png}, if it is one of ours. */
    public static Optional<ImageFormat> fromMimeType(String mimeType) {
        String m = mimeType.trim().toLowerCase(Locale.ROOT);
        if (m.equals("image/jpg")) {
            return Optional.of(JPEG);
        }
        for (ImageFormat f : values()) {
            if (f.mimeType.equals(m)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
