package dev.wanedit.adapter.storage.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random access to the bytes of a file or an in-memory image, read only where the headers point. */
interface ByteSource {

    long size();

    /** Reads up to {@code len} bytes at {@code pos}; fewer only at the end of the data. */
    int read(long pos, byte[] buf, int len) throws IOException;

    static ByteSource of(byte[] data) {
        return new ByteSource() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public int read(long pos, byte[] buf, int len) {
                if (pos >= data.length) {
                    return 0;
                }
                int n = (int) Math.min(len, data.length - pos);
                System.arraycopy(data, (int) pos, buf, 0, n);
                return n;
            }
        };
    }

    static ByteSource of(FileChannel channel, long size) {
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(long pos, byte[] buf, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
                long p = pos;
                while (b.hasRemaining()) {
                    int n = channel.read(b, p);
                    if (n < 0) {
                        break;
                    }
                    p += n;
                }
                return b.position();
            }
        };
    }
}
