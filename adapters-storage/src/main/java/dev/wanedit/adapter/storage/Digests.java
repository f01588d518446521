package dev.wanedit.adapter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content digests used by the stores and the inspector: one implementation for the whole module. */
public final class Digests {

    private Digests() {
    }

    /** A fresh digest for an algorithm every Java platform must have (SHA-256, MD5). */
    public static MessageDigest of(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }

    public static MessageDigest sha256() {
        return of("SHA-256");
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** Reads the stream to its end; the caller closes it. */
    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return hex(md);
    }

    public static String sha256Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256Hex(in);
        }
    }
}
