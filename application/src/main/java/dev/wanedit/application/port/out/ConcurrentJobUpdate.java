package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.JobId;

/** Another writer changed the job since it was read (optimistic locking); reload and retry. */
public class ConcurrentJobUpdate extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConcurrentJobUpdate(JobId id, long expectedVersion) {
        super("job " + id + " was changed by another process (expected version " + expectedVersion + ")");
    }
}
