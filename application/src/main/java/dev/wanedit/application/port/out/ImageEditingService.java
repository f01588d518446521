package dev.wanedit.application.port.out;

import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.RemoteTaskRef;
import dev.wanedit.domain.TaskSnapshot;
import java.util.List;

/**
 * Outgoing port: a remote service that performs image edits (DashScope, or a test double).
 * Every method throws only {@link RemoteServiceException}s.
 */
public interface ImageEditingService {

    /**
     * Creates a task. Billable: the adapter never resends a create that may have reached the
     * service; such a call ends in {@link RemoteServiceException.OutcomeUnknown}.
     */
    Submission submit(EditRequest request, SubmitMode mode);

    /** Queries a task. Idempotent; the adapter may retry. */
    TaskSnapshot fetch(RemoteTaskRef task);

    /** Cancels a PENDING task; a task in another state is {@link RemoteServiceException.Rejected}. */
    void cancel(RemoteTaskRef task);

    /** Lists tasks created in a window, to find a task whose create outcome is unknown (every page). */
    List<RemoteTaskSummary> listTasks(TaskSearch search);

    /**
     * One page of the task list for a window of at most {@link TaskSearch#MAX_WINDOW}: a single
     * call, which counts against the account's task-query budget like a task query.
     */
    TaskPage listTaskPage(TaskSearch search, int page);

    /** The request {@link #submit} would send, without any network call. */
    RequestPreview preview(EditRequest request, SubmitMode mode);
}
