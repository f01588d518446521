package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.JobOwner;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.util.List;

/** Use cases: a job's status (optionally refreshed by one task query), cancel, and the journal listing. */
public interface ManageJobs {

    /**
     * A job's status; with {@code refresh} the service is always asked (a task query, or a search
     * of the task list for a create of unknown outcome). Interrupted while waiting for a query permit,
     * it returns the job as the journal holds it, with the thread's interrupt flag set again.
     *
     * @throws JobNotFound when the id is not in the journal
     */
    EditJob status(JobId id, boolean refresh);

    /** Cancels a PENDING task (or a job never sent); a running task is rejected by the service. */
    EditJob cancel(JobId id);

    List<EditJob> list(JobQuery query);

    /**
     * Who is working on each of these jobs right now, for those another (or this) process holds;
     * empty for a journal no other process shares.
     */
    default java.util.Map<dev.wanedit.domain.job.JobId, JobOwner> owners(java.util.Collection<dev.wanedit.domain.job.JobId> jobs) {
        return java.util.Map.of();
    }
}
