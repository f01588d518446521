package dev.wanedit.domain.job;

/**
 * The batch a job belongs to and its line key in the manifest (the line's {@code id}, or its
 * number), so that re-running a manifest submits nothing twice.
 */
public record BatchRef(String batchId, String lineKey) {

    public BatchRef {
        if (batchId == null || batchId.isBlank() || lineKey == null || lineKey.isBlank()) {
            throw new IllegalArgumentException("a batch reference needs a batch id and a line key");
        }
    }
}
