package dev.wanedit.application.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A downloaded result body as the store reads it: it counts the bytes, and at the end of the body
 * fails the read (so that the store publishes nothing) when the body is shorter or longer than its
 * {@code Content-Length}, or when a PNG lacks its closing {@code IEND} chunk or a JPEG its
 * end-of-image marker: a result cut short by the network is never stored as if it were whole. It
 * remembers whether reading failed, which tells a download problem (try again) from a store problem
 * (the disk, the bucket).
 */
final class CheckedDownload extends FilterInputStream {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The last 12 bytes of every PNG: a zero length, {@code IEND}, and that chunk's CRC. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private final OptionalLong expectedLength;
    private final byte[] head = new byte[8];
    private final byte[] tail = new byte[12];
    private long count;
    private IOException failure;
    private boolean checked;

    CheckedDownload(InputStream in, OptionalLong expectedLength) {
        super(in);
        this.expectedLength = expectedLength;
    }

    /** The read failure (network, truncation), if reading the body failed. */
    IOException failure() {
        return failure;
    }

    long bytes() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n > 0) {
            remember(b, off, n);
            if (expectedLength.isPresent() && count > expectedLength.getAsLong()) {
                throw fail("the body is longer than its Content-Length of " + expectedLength.getAsLong() + " bytes");
            }
            return n;
        }
        if (n < 0 && !checked) {
            checked = true;
            checkComplete();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a result download is read whole, never skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void remember(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            long at = count + i;
            if (at < head.length) {
                head[(int) at] = b[off + i];
            }
        }
        if (n >= tail.length) {
            System.arraycopy(b, off + n - tail.length, tail, 0, tail.length);
        } else {
            System.arraycopy(tail, n, tail, 0, tail.length - n);
            System.arraycopy(b, off, tail, tail.length - n, n);
        }
        count += n;
    }

    private void checkComplete() throws IOException {
        if (expectedLength.isPresent() && count != expectedLength.getAsLong()) {
            throw fail("the body was cut short: " + count + " of " + expectedLength.getAsLong() + " bytes");
        }
        if (count >= PNG_MAGIC.length && startsWith(head, PNG_MAGIC) && (count < 8 + PNG_END.length || !endsWith(PNG_END))) {
            throw fail("the PNG was cut short after " + count + " bytes (no IEND chunk at its end)");
        }
        boolean jpeg = count >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF;
        if (jpeg && !((tail[10] & 0xff) == 0xFF && (tail[11] & 0xff) == 0xD9)) {
            throw fail("the JPEG was cut short after " + count + " bytes (no end-of-image marker)");
        }
    }

    private boolean endsWith(byte[] suffix) {
        for (int i = 0; i < suffix.length; i++) {
            if (tail[tail.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private IOException fail(String why) {
        failure = new IOException(why);
        return failure;
    }
}
