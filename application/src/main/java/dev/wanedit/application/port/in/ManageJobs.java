package dev.wanedit.application.port.in;

import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import java.util.List;

/** Use cases: a job's status (optionally refreshed by one task query), cancel, and the journal listing. */
public interface ManageJobs {

    /**
     * A job's status; with {@code refresh} the service is always asked (a task query, or a search
     * of the task list for a create of unknown outcome).
     *
     * @throws JobNotFound when the id is not in the journal
     */
    EditJob status(JobId id, boolean refresh) throws InterruptedException;

    /** Cancels a PENDING task (or a job never sent); a running task is rejected by the service. */
    EditJob cancel(JobId id) throws InterruptedException;

    List<EditJob> list(JobQuery query);
}
