package dev.wanedit.application.port.out;

import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.ResultImage;
import java.io.InputStream;

/**
 * Outgoing port: stores a result image durably with a sidecar describing it (job, task, model,
 * region, prompts, seed, size, input references, sha256, bytes). Atomic: a reader never sees a
 * partial image under its final name. Idempotent: storing the same bytes for the same job and
 * index again returns the existing location.
 */
public interface ResultStore {

    /** @throws ResultStoreException when the image cannot be stored */
    StoredResult store(EditJob job, ResultImage image, InputStream content);
}
