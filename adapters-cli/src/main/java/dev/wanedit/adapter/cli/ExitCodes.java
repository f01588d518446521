package dev.wanedit.adapter.cli;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;

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
    /**
     * The service was unavailable, throttled, the wait timed out, or whether a create reached the
     * service is still unknown (it is being searched for); the job is resumable.
     */
    public static final int UNAVAILABLE = 7;
    /**
     * The task succeeded and is paid for, but a result could not be downloaded or stored yet (a
     * refused or cut-short download, a full disk, a refused bucket): it is safe in the journal until
     * its URL expires, and {@code wanedit resume} stores it.
     */
    public static final int NOT_STORED = 8;
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
            + "  7    unavailable, throttled, create outcome unknown, or the wait timed out (the job is resumable)%n"
            + "  8    paid for but not stored yet (download or storage failed; wanedit resume stores it)%n"
            + "  130  interrupted while waiting (resumable: wanedit wait JOB, wanedit resume)%n"
            + "  1    an unexpected error inside wanedit (run again with --verbose)";

    private ExitCodes() {
    }

    /**
     * The exit code that reports where a job ended: {@link #OK} when every image is stored,
     * {@link #TASK_FAILED} for a failed, expired or cancelled task and for partial results, and
     * {@link #NOT_STORED} for a paid result that could not be stored yet, and {@link #UNAVAILABLE}
     * for a job that is not finished yet.
     */
    public static int forJob(EditJob job) {
        JobState s = job.state();
        return switch (s) {
            case STORED -> job.isPartial() ? TASK_FAILED : OK;
            case FAILED, CANCELED, EXPIRED -> TASK_FAILED;
            case SUCCEEDED -> job.problem().isPresent() ? NOT_STORED : UNAVAILABLE;
            case CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING -> UNAVAILABLE;
        };
    }

    /** The worst of several outcomes: unfinished beats not stored beats failed beats ok (resume and batch). */
    static int worst(boolean unfinished, boolean failed) {
        return worst(unfinished, false, failed);
    }

    /** The worst of several outcomes: unfinished beats not stored beats failed beats ok (resume and batch). */
    static int worst(boolean unfinished, boolean notStored, boolean failed) {
        return unfinished ? UNAVAILABLE : notStored ? NOT_STORED : failed ? TASK_FAILED : OK;
    }

    /** The worst exit code of several jobs. */
    static int worst(java.util.Collection<EditJob> jobs) {
        return worst(jobs.stream().anyMatch(j -> forJob(j) == UNAVAILABLE), jobs.stream().anyMatch(j -> forJob(j) == NOT_STORED),
                jobs.stream().anyMatch(j -> forJob(j) == TASK_FAILED));
    }
}
