package dev.wanedit.domain.job;

/**
 * Why a job ended without results: the service's code and message (kept, never compared
 * exactly), and whether the service rejected the request or the task failed while running.
 */
public record JobFailure(Kind kind, String code, String message) {

    /** Where the failure came from. */
    public enum Kind {
        /** The service refused the request (parameters, content inspection). Retrying the same request will not help. */
        REJECTED,
        /** The task ran and failed. */
        TASK_FAILED,
        /** The task or its results expired before they were stored. */
        EXPIRED,
        /**
         * A synchronous call was sent but its answer was lost (a timeout, a reset, a crash). The
         * edit may have run and been billed; a synchronous call is not in the task list, so its
         * result cannot be found, and it is not sent again on its own (that could pay twice).
         */
        OUTCOME_UNKNOWN
    }

    public JobFailure {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        code = code == null ? "" : code;
        message = message == null ? "" : message;
    }

    @Override
    public String toString() {
        return (code.isEmpty() ? kind.name() : code) + (message.isEmpty() ? "" : ": " + message);
    }
}
