package dev.wanedit.adapter.cli;

import dev.wanedit.application.port.in.value.InvalidInput;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * The one table of what can go wrong, as a user sees it: each kind's exit code ({@link ExitCodes}),
 * its JSON {@code code}, and the hint printed after its message. {@link CliErrorHandler} and every
 * command that reports a failure itself (a timed-out wait, an interrupt, a rejection returned as an
 * outcome) render from it through {@link ErrorReport}, so a kind is reported the same way on every path.
 */
enum Failure {

    USAGE("usage", ExitCodes.USAGE, Hint.NONE, ParameterException.class),
    CONFIG("config", ExitCodes.USAGE, Hint.NONE),
    /** The journal's server cannot be reached (before anything was sent). */
    JOURNAL_UNAVAILABLE("journal_unavailable", ExitCodes.UNAVAILABLE, Hint.NONE),
    /**
     * The journal's file is not a readable journal, or a row in it breaks its state's rules (found at
     * start-up or mid-command alike); it is not touched.
     */
    JOURNAL_DAMAGED("journal_damaged", ExitCodes.INVALID_INPUT, Hint.NONE, JobRepositoryException.Damaged.class),
    INVALID_REQUEST("invalid_request", ExitCodes.INVALID_INPUT, Hint.NONE, InvalidEditRequest.class),
    UNREADABLE_IMAGE("unreadable_image", ExitCodes.INVALID_INPUT, Hint.NONE, UnreadableImage.class),
    JOB_NOT_FOUND("job_not_found", ExitCodes.INVALID_INPUT, Hint.NONE, JobNotFound.class),
    INVALID_INPUT("invalid_input", ExitCodes.INVALID_INPUT, Hint.NONE, InvalidInput.class),
    /** A setting or the place itself must be fixed (a {@link ResultStoreUnusable} that will not pass later). */
    STORE_UNUSABLE("store_unusable", ExitCodes.USAGE, Hint.NONE),
    /** A store endpoint that cannot be reached now may work later. */
    STORE_UNREACHABLE("store_unusable", ExitCodes.UNAVAILABLE, Hint.NONE),
    UNAUTHORIZED("unauthorized", ExitCodes.AUTH, Hint.NONE, RemoteServiceException.Unauthorized.class),
    REJECTED("rejected", ExitCodes.REJECTED, Hint.NONE, RemoteServiceException.Rejected.class),
    RATE_LIMITED("rate_limited", ExitCodes.UNAVAILABLE, Hint.NONE, RemoteServiceException.RateLimited.class),
    UNAVAILABLE("unavailable", ExitCodes.UNAVAILABLE, Hint.NONE, RemoteServiceException.Unavailable.class),
    OUTCOME_UNKNOWN("outcome_unknown", ExitCodes.UNAVAILABLE, Hint.NONE, RemoteServiceException.OutcomeUnknown.class),
    RESULT_EXPIRED("result_expired", ExitCodes.TASK_FAILED, Hint.NONE, RemoteServiceException.ResultExpired.class),
    DOWNLOAD_DENIED("download_denied", ExitCodes.UNAVAILABLE, Hint.NONE, RemoteServiceException.DownloadDenied.class),
    /** A job journaled but not sent or not settled within the patience (throttled, unknown outcome): resumable. */
    NOT_SENT("unavailable", ExitCodes.UNAVAILABLE, Hint.NONE),
    WAIT_TIMED_OUT("wait_timed_out", ExitCodes.UNAVAILABLE, Hint.NONE, WaitTimedOut.class),
    INTERRUPTED("interrupted", ExitCodes.INTERRUPTED, Hint.NONE, InterruptedException.class),
    /** A programming error (an argument or state wanedit should never have produced): never the user's input. */
    DEFECT("internal", ExitCodes.SOFTWARE, Hint.REPORT, IllegalArgumentException.class, IllegalStateException.class,
            NullPointerException.class, ClassCastException.class, IndexOutOfBoundsException.class,
            UnsupportedOperationException.class),
    /** Storing a result failed (the job stays in the journal), or any other failure of the means. */
    INTERNAL("internal", ExitCodes.SOFTWARE, Hint.VERBOSE, ResultStoreException.class);

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
    /** The exceptions reported as this kind (none: the kind is named by the code that reports it). */
    private final List<Class<? extends Throwable>> thrown;

    @SafeVarargs
    Failure(String code, int exitCode, Hint hint, Class<? extends Throwable>... thrown) {
        this.code = code;
        this.exitCode = exitCode;
        this.hint = hint;
        this.thrown = List.of(thrown);
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

    /** The kind of an exception that reached the command line: the first row that names its type, else {@link #INTERNAL}. */
    static Failure of(Throwable t) {
        if (t instanceof ResultStoreUnusable u) {
            return u.mayPassLater() ? STORE_UNREACHABLE : STORE_UNUSABLE;
        }
        for (Failure f : values()) {
            if (f.thrown.stream().anyMatch(type -> type.isInstance(t))) {
                return f;
            }
        }
        return INTERNAL;
    }
}
