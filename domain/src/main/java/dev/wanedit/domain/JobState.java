package dev.wanedit.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an {@link EditJob}.
 *
 * <pre>
 * CREATED ──► SUBMITTING ──► PENDING ──► RUNNING ──► SUCCEEDED ──► STORED
 *   ▲            │  │           │  │         │  │         │
 *   └────────────┘  │           │  └─► CANCELED │         └─► EXPIRED (results gone before stored)
 *   (not sent)      │           └─► FAILED ◄───┘
 *                   └─► FAILED (rejected) / SUCCEEDED (sync call)        PENDING/RUNNING ─► EXPIRED (task purged)
 * </pre>
 */
public enum JobState {
    /** Validated and journaled; nothing was sent. Safe to send. */
    CREATED,
    /** A create call is (or was) in flight. If the process died here, the outcome is unknown and must be reconciled before any resend. */
    SUBMITTING,
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

    /** True for states that never change again. */
    public boolean isFinal() {
        return switch (this) {
            case STORED, FAILED, CANCELED, EXPIRED -> true;
            case CREATED, SUBMITTING, PENDING, RUNNING, SUCCEEDED -> false;
        };
    }

    /** True while the remote task may still be executing (polling is needed). */
    public boolean isRemoteActive() {
        return switch (this) {
            case PENDING, RUNNING -> true;
            case CREATED, SUBMITTING, SUCCEEDED, STORED, FAILED, CANCELED, EXPIRED -> false;
        };
    }

    /** The states a job may move to from this one. */
    public Set<JobState> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(SUBMITTING, FAILED, CANCELED);
            case SUBMITTING -> EnumSet.of(CREATED, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED);
            case PENDING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELED, EXPIRED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELED, EXPIRED);
            case SUCCEEDED -> EnumSet.of(STORED, EXPIRED);
            case STORED, FAILED, CANCELED, EXPIRED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState next) {
        return successors().contains(next);
    }

    /** States of jobs that {@code resume} still has work for. */
    public static Set<JobState> unfinished() {
        return EnumSet.of(CREATED, SUBMITTING, PENDING, RUNNING, SUCCEEDED);
    }
}
