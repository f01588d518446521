package dev.wanedit.adapter.storage.inspect;

import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Public factory for code that needs an inspector without Guice (other adapters' tests, benchmarks). */
public final class ImageInspectors {

    /** Bytes fetched per ranged read: the headers of nearly every image fit in the first block. */
    static final int BLOCK = 64 * 1024;
    /** Ranged reads one inspection may make before the image is refused (headers that large are not an image's). */
    static final int MAX_READS = 16;

    private ImageInspectors() {
    }

    /** The header-only inspector; stateless and thread-safe. */
    public static ImageInspector headerOnly() {
        return new HeaderImageInspector();
    }

    /** Reads {@code length} bytes at {@code from} of something remote (fewer only at its end). */
    @FunctionalInterface
    public interface RangeReader {
        byte[] read(long from, int length) throws IOException;
    }

    /**
     * Facts of an image read through ranged reads of {@link #BLOCK} bytes (an object in a bucket),
     * as far as its headers go: format from the content, dimensions and alpha; {@code size} is the
     * object's whole size (from its metadata), and the digest is unknown. Usually one read.
     *
     * @throws UnreadableImage naming {@code label} when it is not an image or cannot be read
     */
    public static ImageFacts fromHeaders(RangeReader reader, long size, String label) {
        Map<Long, byte[]> blocks = new HashMap<>();
        int[] reads = {0};
        ByteSource src = new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(long pos, byte[] buf, int len) throws IOException {
                int done = 0;
                while (done < len && pos + done < size) {
                    long at = pos + done;
                    long start = at / BLOCK * BLOCK;
                    byte[] block = blocks.get(start);
                    if (block == null) {
                        if (++reads[0] > MAX_READS) {
                            throw new IOException("its headers run past " + (MAX_READS * (long) BLOCK) + " bytes");
                        }
                        block = reader.read(start, (int) Math.min(BLOCK, size - start));
                        blocks.put(start, block);
                    }
                    int offset = (int) (at - start);
                    if (offset >= block.length) {
                        break; // the object ended early
                    }
                    int n = Math.min(len - done, block.length - offset);
                    System.arraycopy(block, offset, buf, done, n);
                    done += n;
                }
                return done;
            }
        };
        try {
            ImageHeaders.Header h = ImageHeaders.readHeaders(src);
            return new ImageFacts(h.format(), h.width(), h.height(), size, h.alpha(), Optional.empty());
        } catch (ImageHeaders.Bad e) {
            throw new UnreadableImage(label, e.getMessage().replace("the file", "the object"));
        } catch (IOException e) {
            throw new UnreadableImage(label, "cannot be read: " + e.getMessage());
        }
    }
}
