package dev.wanedit.application.port.out;

import dev.wanedit.domain.request.ImageFacts;
import java.nio.file.Path;

/**
 * Outgoing port: reads {@link ImageFacts} (format from content, dimensions, bytes, alpha, sha256)
 * from the file header, without decoding pixels.
 */
public interface ImageInspector {

    /** @throws UnreadableImage naming the file and what is wrong */
    ImageFacts inspect(Path file);

    /**
     * Facts of a file whose SHA-256 the caller has just computed (a result store writing it):
     * an inspector may then read only the headers instead of the whole file again.
     */
    default ImageFacts inspect(Path file, String knownSha256) {
        return inspect(file);
    }

    /** Facts of an image held in memory, e.g. a decoded {@code data:} URI; {@code label} names it in errors. */
    ImageFacts inspect(byte[] content, String label);

    /**
     * Facts of a mask: as {@link #inspect(Path)}, plus its {@link dev.wanedit.domain.request.MaskTones} when
     * the inspector can decode the pixels (the one inspection that reads them, so that a grey mask is
     * pointed out before anything is paid). Without them the facts are the header's alone.
     */
    default ImageFacts inspectMask(Path file) {
        return inspect(file);
    }

    /** {@link #inspectMask(Path)} for a mask held in memory. */
    default ImageFacts inspectMask(byte[] content, String label) {
        return inspect(content, label);
    }
}
