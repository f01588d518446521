package dev.wanedit.adapter.cli;

import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobState;

/**
 * The exit codes of every wanedit command, in one place. They are part of the command line's
 * contract: scripts branch on them, the root {@code --help} footer lists them, and so does the README.
 */
public final class ExitCodes {

    /** Everything asked for was done. */
    public static final int OK = 0;
    /** An unexpected failure inside wanedit (storage, journal, a bug); see {@code --verbose}. */
    public static final int SOFTWARE = 1;
    /** The command line or a setting was wrong (unknown option, missing value, a bad endpoint or folder). */
    public static final int USAGE = 2;
    /** The input breaks a documented rule or cannot be read (violations, unreadable image, unknown job). */
    public static final int INVALID_INPUT = 3;
    /** The key was refused: missing, invalid, or for the other region. */
    public static final int AUTH = 4;
    /** The service rejected the request for its content or parameters. */
    public static final int REJECTED = 5;
    /** The task failed, expired, was cancelled by the service, or only some images succeeded. */
    public static final int TASK_FAILED = 6;
    /** The service was unavailable, throttled, or the wait timed out; the job is resumable. */
    public static final int UNAVAILABLE = 7;
    /** Interrupted (Ctrl-C) while waiting; the job is resumable. */
    public static final int INTERRUPTED = 130;

    /** The exit-code table shown in the root {@code --help} footer. */
    static final String TABLE = "Exit codes:%n"
            + "  0    ok%n"
            + "  2    usage: the command line or a setting is wrong%n"
            + "  3    invalid input: every violation is listed; unreadable image; unknown job%n"
            + "  4    authentication or region: the key was refused (keys are per region)%n"
            + "  5    rejected by the service (content inspection, parameters)%n"
            + "  6    the task failed, expired or was cancelled, or only some images came%n"
            + "  7    unavailable, throttled, or the wait timed out (the job is resumable)%n"
            + "  130  interrupted while waiting (resumable: wanedit wait JOB, wanedit resume)%n"
            + "  1    an unexpected error inside wanedit (run again with --verbose)";

    private ExitCodes() {
    }

    /**
     * The exit code that reports where a job ended: {@link #OK} when every image is stored,
     * {@link #TASK_FAILED} for a failed, expired or cancelled task and for partial results, and
     * {@link #UNAVAILABLE} for a job that is not finished yet.
     */
    public static int forJob(EditJob job) {
        JobState s = job.state();
        return switch (s) {
            case STORED -> job.isPartial() ? TASK_FAILED : OK;
            case FAILED, CANCELED, EXPIRED -> TASK_FAILED;
            case CREATED, SUBMITTING, PENDING, RUNNING, SUCCEEDED -> UNAVAILABLE;
        };
    }

    /** The worst of several outcomes: unfinished beats failed beats ok (resume and batch). */
    static int worst(boolean unfinished, boolean failed) {
        return unfinished ? UNAVAILABLE : failed ? TASK_FAILED : OK;
    }
}
