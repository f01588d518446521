package dev.wanedit.application.port.out;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import java.util.Optional;

/**
 * Outgoing port: a remote service that performs image edits (DashScope, or a test double).
 * Every method throws only {@link RemoteServiceException}s. The adapter repeats nothing but a
 * query whose connection could not be opened; every other retry is the application's, so that
 * every call actually sent takes its permit from the account's limits.
 */
public interface ImageEditingService {

    /**
     * Everything a create call needs, made before it: inputs uploaded, the body written. Made once
     * and sent as often as the application decides (after a 429, say) without uploading again.
     */
    interface PreparedCreate {
        EditRequest request();

        SubmitMode mode();

        /** The API base URL it goes to; empty for the region's own host. */
        Optional<String> endpoint();
    }

    /**
     * Prepares a create: uploads local inputs where needed and writes the body. Nothing billable
     * happens; a failure here creates no task.
     *
     * @param endpoint the job's endpoint (empty for the region's own host)
     */
    PreparedCreate prepare(EditRequest request, SubmitMode mode, Optional<String> endpoint);

    /**
     * Sends a create: billable. Never repeated by the adapter. A call that may have reached the
     * service without a readable answer (no answer, a reset, any 5xx, a gateway page, an unreadable
     * 2xx) ends in {@link RemoteServiceException.OutcomeUnknown}; {@link RemoteServiceException.Unavailable}
     * means it certainly was not sent.
     */
    Submission create(PreparedCreate create);

    /** Queries a task. Idempotent; one call per invocation (a refused connection aside). */
    TaskSnapshot fetch(RemoteTaskRef task);

    /** Cancels a PENDING task; a task in another state is {@link RemoteServiceException.Rejected}. */
    void cancel(RemoteTaskRef task);

    /**
     * One page of the task list for a window of at most {@link TaskSearch#MAX_WINDOW}: a single
     * call, which counts against the account's task-query budget like a task query.
     */
    TaskPage listTaskPage(TaskSearch search, int page);

    /** The request a create would send, without any network call. */
    RequestPreview preview(EditRequest request, SubmitMode mode);

    /** The endpoint new jobs are sent to, as configured (empty for the region's own host). */
    Optional<String> endpoint();
}
