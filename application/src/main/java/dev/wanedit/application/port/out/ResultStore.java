package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import java.io.InputStream;
import java.util.Optional;

/**
 * Outgoing port: stores a result image durably with a sidecar describing it (job, task, model,
 * region, prompts, seed, size, input references, sha256, bytes). Atomic: a reader never sees a
 * partial image under its final name. Idempotent: storing the same bytes for the same job and
 * index again returns the existing location.
 */
public interface ResultStore {

    /** @throws ResultStoreException when the image cannot be stored */
    StoredResult store(EditJob job, ResultImage image, InputStream content);

    /**
     * Checks cheaply, before anything is paid for, that results can be stored: the folder can be
     * written and has room for {@code expectedBytes}, or the bucket exists and the credentials may
     * write in it. A store that has nothing to check keeps this default, which checks nothing.
     *
     * @param destination where the new job's results go, as the job records it
     *     ({@link EditJob#destination()}; empty: the store's own place)
     * @param expectedBytes about how many bytes the results will take
     * @throws ResultStoreUnusable naming the folder or bucket and the likely cause
     */
    default void preflight(Optional<String> destination, long expectedBytes) {
    }
}
