package dev.wanedit.adapter.storage.inspect;

import java.nio.charset.StandardCharsets;

/** Unsigned and byte-ordered reads from header bytes, shared by the format readers. */
final class Bytes {

    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int be16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    static long be32(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | ((long) u8(b, i + 1) << 16) | ((long) u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    static int le16(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    static long le24(byte[] b, int i) {
        return u8(b, i) | ((long) u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16);
    }

    static long le32(byte[] b, int i) {
        return u8(b, i) | ((long) u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16) | ((long) u8(b, i + 3) << 24);
    }

    static int u16(byte[] b, int i, boolean little) {
        return little ? le16(b, i) : be16(b, i);
    }

    static long u32(byte[] b, int i, boolean little) {
        return little ? le32(b, i) : be32(b, i);
    }

    static String ascii(byte[] b, int from, int len) {
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }

    static String hex(byte[] b, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < len; i++) {
            s.append(String.format("%02X", b[i]));
        }
        return s.length() == 0 ? "nothing" : s.toString();
    }
}
