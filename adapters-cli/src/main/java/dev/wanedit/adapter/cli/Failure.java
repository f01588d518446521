package dev.wanedit.adapter.cli;

import dev.wanedit.application.port.in.InvalidInput;
import dev.wanedit.application.port.in.JobNotFound;
import dev.wanedit.application.port.in.WaitTimedOut;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.InvalidEditRequest;
import picocli.CommandLine.ParameterException;

/**
 * The one table of what can go wrong, as a user sees it: each kind's exit code ({@link ExitCodes}),
 * its JSON {@code code}, and the hint printed after its message. {@link CliErrorHandler} and every
 * command that reports a failure itself (a timed-out wait, an interrupt, a rejection returned as an
 * outcome) render from it through {@link ErrorReport}, so a kind is reported the same way on every path.
 */
enum Failure {

    USAGE("usage", ExitCodes.USAGE, Hint.NONE),
    CONFIG("config", ExitCodes.USAGE, Hint.NONE),
    /** The journal's server cannot be reached (before anything was sent). */
    JOURNAL_UNAVAILABLE("journal_unavailable", ExitCodes.UNAVAILABLE, Hint.NONE),
    /** The journal's file is not a readable journal; it is not touched. */
    JOURNAL_DAMAGED("journal_damaged", ExitCodes.INVALID_INPUT, Hint.NONE),
    INVALID_REQUEST("invalid_request", ExitCodes.INVALID_INPUT, Hint.NONE),
    UNREADABLE_IMAGE("unreadable_image", ExitCodes.INVALID_INPUT, Hint.NONE),
    JOB_NOT_FOUND("job_not_found", ExitCodes.INVALID_INPUT, Hint.NONE),
    INVALID_INPUT("invalid_input", ExitCodes.INVALID_INPUT, Hint.NONE),
    /** A setting or the place itself must be fixed. */
    STORE_UNUSABLE("store_unusable", ExitCodes.USAGE, Hint.NONE),
    /** A store endpoint that cannot be reached now may work later. */
    STORE_UNREACHABLE("store_unusable", ExitCodes.UNAVAILABLE, Hint.NONE),
    UNAUTHORIZED("unauthorized", ExitCodes.AUTH, Hint.NONE),
    REJECTED("rejected", ExitCodes.REJECTED, Hint.NONE),
    RATE_LIMITED("rate_limited", ExitCodes.UNAVAILABLE, Hint.NONE),
    UNAVAILABLE("unavailable", ExitCodes.UNAVAILABLE, Hint.NONE),
    OUTCOME_UNKNOWN("outcome_unknown", ExitCodes.UNAVAILABLE, Hint.NONE),
    RESULT_EXPIRED("result_expired", ExitCodes.TASK_FAILED, Hint.NONE),
    DOWNLOAD_DENIED("download_denied", ExitCodes.UNAVAILABLE, Hint.NONE),
    /** A job journaled but not sent or not settled within the patience (throttled, unknown outcome): resumable. */
    NOT_SENT("unavailable", ExitCodes.UNAVAILABLE, Hint.NONE),
    WAIT_TIMED_OUT("wait_timed_out", ExitCodes.UNAVAILABLE, Hint.NONE),
    INTERRUPTED("interrupted", ExitCodes.INTERRUPTED, Hint.NONE),
    /** Storing a result failed (the job stays in the journal), or another failure of the means. */
    INTERNAL("internal", ExitCodes.SOFTWARE, Hint.VERBOSE),
    /** A programming error (an argument or state wanedit should never have produced): never the user's input. */
    DEFECT("internal", ExitCodes.SOFTWARE, Hint.REPORT);

    /** What is printed after the message, in text mode. */
    enum Hint {
        NONE(""),
        VERBOSE("Run again with --verbose to see the details."),
        REPORT("This is a defect in wanedit, not a problem with your input; please report it with the output of "
                + "--verbose.");

        final String text;

        Hint(String text) {
            this.text = text;
        }
    }

    final String code;
    final int exitCode;
    final Hint hint;

    Failure(String code, int exitCode, Hint hint) {
        this.code = code;
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /**
     * The row with this JSON code and exit code (for bootstrap, which names failures before any
     * command ran by their code).
     */
    static Failure byCode(String code, int exitCode) {
        for (Failure f : values()) {
            if (f.code.equals(code) && f.exitCode == exitCode) {
                return f;
            }
        }
        throw new IllegalArgumentException("no failure kind " + code + " with exit code " + exitCode);
    }

    /** The kind of an exception that reached the command line. */
    static Failure of(Throwable t) {
        if (t instanceof ParameterException) {
            return USAGE;
        }
        if (t instanceof InvalidEditRequest) {
            return INVALID_REQUEST;
        }
        if (t instanceof UnreadableImage) {
            return UNREADABLE_IMAGE;
        }
        if (t instanceof JobNotFound) {
            return JOB_NOT_FOUND;
        }
        if (t instanceof InvalidInput) {
            return INVALID_INPUT;
        }
        if (t instanceof ResultStoreUnusable u) {
            return u.mayPassLater() ? STORE_UNREACHABLE : STORE_UNUSABLE;
        }
        if (t instanceof RemoteServiceException r) {
            return remote(r);
        }
        if (t instanceof WaitTimedOut) {
            return WAIT_TIMED_OUT;
        }
        if (t instanceof InterruptedException) {
            return INTERRUPTED;
        }
        if (t instanceof ResultStoreException) {
            return INTERNAL;
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof NullPointerException
                || t instanceof ClassCastException || t instanceof IndexOutOfBoundsException
                || t instanceof UnsupportedOperationException) {
            return DEFECT;
        }
        return INTERNAL;
    }

    private static Failure remote(RemoteServiceException r) {
        if (r instanceof RemoteServiceException.Unauthorized) {
            return UNAUTHORIZED;
        }
        if (r instanceof RemoteServiceException.Rejected) {
            return REJECTED;
        }
        if (r instanceof RemoteServiceException.RateLimited) {
            return RATE_LIMITED;
        }
        if (r instanceof RemoteServiceException.OutcomeUnknown) {
            return OUTCOME_UNKNOWN;
        }
        if (r instanceof RemoteServiceException.ResultExpired) {
            return RESULT_EXPIRED;
        }
        if (r instanceof RemoteServiceException.DownloadDenied) {
            return DOWNLOAD_DENIED;
        }
        return UNAVAILABLE;
    }
}
