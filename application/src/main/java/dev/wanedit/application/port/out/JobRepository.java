package dev.wanedit.application.port.out;

import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: the job journal. Every write is one transaction and durable when the method
 * returns; writes use the job's version so that two processes never lose each other's updates.
 * Failures of the journal itself are {@link JobRepositoryException}s.
 */
public interface JobRepository {

    /** Journals a new job; sets its version. */
    void insert(EditJob job);

    /** Writes a changed job and bumps its version. @throws ConcurrentJobUpdate if another writer got there first */
    void update(EditJob job);

    Optional<EditJob> find(JobId id);

    /** The newest job with this fingerprint that is still unfinished (see {@code JobState.unfinished()}). */
    Optional<EditJob> findUnfinishedByFingerprint(String fingerprint);

    /** The job of a batch manifest line, whatever its state. */
    Optional<EditJob> findByBatchLine(String batchId, String lineKey);

    Optional<EditJob> findByTaskId(String taskId);

    /** Jobs matching the query, newest first. */
    List<EditJob> list(JobQuery query);
}
