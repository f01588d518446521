package dev.wanedit.domain.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an {@link EditJob}.
 *
 * <pre>
 * CREATED ──► SUBMITTING ──► PENDING ──► RUNNING ──► SUCCEEDED ──► STORED
 *   ▲   ▲        │  │  │        │  │         │  │         │
 *   │   └────────┘  │  │        │  └─► CANCELED │         └─► EXPIRED (results gone before stored)
 *   │  (not taken)  │  │        └─► FAILED ◄───┘
 *   │               │  └─► FAILED (rejected) / SUCCEEDED (sync call)      PENDING/RUNNING ─► EXPIRED (task purged)
 *   │               ▼
 *   └──── OUTCOME_UNKNOWN ──► PENDING | RUNNING | SUCCEEDED | FAILED | CANCELED (its task found and adopted)
 *   (proven absent: sent again)   └─► FAILED (given up: a task the service took was never found)
 * </pre>
 *
 * <p>An EXPIRED job whose task the service still reports is brought back to the task's state
 * ({@link EditJob#revive}); nothing else leaves a final state.
 */
public enum JobState {
    /** Validated and journaled; nothing was sent. Safe to send. */
    CREATED,
    /**
     * A create call is in flight from the process that holds the job. Found with no live sender
     * (the process died), the outcome is unknown: the job moves to {@link #OUTCOME_UNKNOWN}.
     */
    SUBMITTING,
    /**
     * A create call was sent and whether the service took it is unknown (no answer, a gateway page,
     * an unreadable 2xx, a crash while sending). The task list is searched for it over a window; the
     * create is sent again only if the task is provably absent and the service never answered 2xx.
     */
    OUTCOME_UNKNOWN,
    /** The service accepted the task and queued it. */
    PENDING,
    /** The service is running the task. */
    RUNNING,
    /** The task succeeded (at least one image); results are being stored. */
    SUCCEEDED,
    /** Every successful result is stored durably. Final. */
    STORED,
    /** The task failed or was rejected. Final. */
    FAILED,
    /** The task was cancelled. Final. */
    CANCELED,
    /** The task or its result URLs expired (24 h) before the results were stored. Final. */
    EXPIRED;

    /** True for states that never change again (but for the revival of an EXPIRED job, see the class comment). */
    public boolean isFinal() {
        return switch (this) {
            case STORED, FAILED, CANCELED, EXPIRED -> true;
            case CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING, SUCCEEDED -> false;
        };
    }

    /** True while the remote task may still be executing (polling is needed). */
    public boolean isRemoteActive() {
        return switch (this) {
            case PENDING, RUNNING -> true;
            case CREATED, SUBMITTING, OUTCOME_UNKNOWN, SUCCEEDED, STORED, FAILED, CANCELED, EXPIRED -> false;
        };
    }

    /** The states a job may move to from this one. */
    public Set<JobState> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(SUBMITTING, FAILED, CANCELED);
            case SUBMITTING -> EnumSet.of(CREATED, OUTCOME_UNKNOWN, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED);
            case OUTCOME_UNKNOWN -> EnumSet.of(CREATED, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED);
            case PENDING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELED, EXPIRED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELED, EXPIRED);
            case SUCCEEDED -> EnumSet.of(STORED, EXPIRED);
            case EXPIRED -> EnumSet.of(PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED); // revive only
            case STORED, FAILED, CANCELED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState next) {
        return successors().contains(next);
    }

    /** States of jobs that {@code resume} still has work for. */
    public static Set<JobState> unfinished() {
        return EnumSet.of(CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING, SUCCEEDED);
    }
}
