package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Outgoing port: leases on jobs in the shared journal, so that several processes (on one machine or
 * many) never work on one job at once. A lease belongs to an owner, this process ({@link #self()}); it
 * is live while the owner is: the implementation keeps the owner's heartbeat in the journal while the
 * process runs, and an owner whose heartbeat is older than the lease time (SIGKILL, machine gone) or
 * whose process is known to be gone (same host, pid no longer alive) holds nothing any more, so another
 * process may take its jobs over. A job inserted through {@link JobRepository#insertOrReuse} is leased
 * to the inserting process in the same transaction.
 */
public interface JobLeases {

    /** This process as a lease owner. */
    LeaseOwner self();

    /** Takes (or keeps) the lease of a job for this process; false when another live owner holds it. */
    boolean acquire(JobId job);

    /** Gives a lease back; nothing happens when this process does not hold it. */
    void release(JobId job);

    /** The live owner holding each of these jobs, for those that are held (by anyone, this process included). */
    Map<JobId, LeaseOwner> holders(Collection<JobId> jobs);

    /**
     * Claims up to {@code limit} jobs matching {@code query} that no live owner holds, oldest first,
     * and returns them leased to this process. Two processes claiming at once never get the same job
     * (the {@code SELECT … FOR UPDATE SKIP LOCKED} pattern).
     */
    List<EditJob> claim(JobQuery query, int limit);
}
