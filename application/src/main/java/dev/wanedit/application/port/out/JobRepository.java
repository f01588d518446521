package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
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

    /** What {@link #insertOrReuse} did: the job now in the journal for the request, and whether it is the new one. */
    record Insertion(EditJob job, boolean inserted) {
    }

    /**
     * Journals {@code job} unless the journal already holds the job that stands for the same request,
     * as one atomic step: two processes doing this at once never both insert. The existing job is,
     * for a batch job, the job of the same batch line (unfinished, or in any state unless
     * {@code force}); otherwise, unless {@code force}, the newest unfinished job with the same
     * fingerprint — in both cases only a job meant for the same endpoint (a request sent to an emulator
     * is not the request sent to the service). A shared journal leases the inserted job to the calling process in the same
     * transaction (see {@link JobLeases}).
     *
     * <p>The default implementation is for journals used by a single process: it looks, then inserts.
     */
    default Insertion insertOrReuse(EditJob job, boolean force) {
        if (job.batch().isPresent()) {
            Optional<EditJob> line = findByBatchLine(job.batch().get().batchId(), job.batch().get().lineKey());
            if (line.isPresent() && line.get().endpoint().equals(job.endpoint()) && (!force || !line.get().state().isFinal())) {
                return new Insertion(line.get(), false);
            }
        }
        if (!force) {
            Optional<EditJob> twin = findUnfinishedByFingerprint(job.fingerprint())
                    .filter(t -> t.endpoint().equals(job.endpoint()));
            if (twin.isPresent()) {
                return new Insertion(twin.get(), false);
            }
        }
        insert(job);
        return new Insertion(job, true);
    }

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
