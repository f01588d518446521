package dev.wanedit.adapter.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local files the studio may serve: only those it put into a page itself (a job's inputs,
 * mask and stored results, and the images the user chose in the edit form), each under an opaque
 * id, so that no request can name an arbitrary path.
 */
final class ImageRegistry {

    private final Map<String, Path> files = new ConcurrentHashMap<>();

    /** The id under which {@code file} is served from now on. */
    String register(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String id = id(abs);
        files.put(id, abs);
        return id;
    }

    Optional<Path> lookup(String id) {
        return Optional.ofNullable(files.get(id));
    }

    private static String id(Path abs) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(abs.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
