package dev.wanedit.domain.job;

import java.time.Instant;

/**
 * A decision about money that the journal keeps on the job, so that nobody has to guess later: a
 * task adopted after a lost answer (and why it was taken for this job's), a create sent again after
 * the task list proved the first one absent, a search that found candidates it could not tell apart,
 * an expired job brought back because the service still knew its task, a job journaled again from
 * the results it had stored after its journal entry was lost.
 */
public record JobEvent(Instant at, Kind kind, String detail) {

    /** What was decided. */
    public enum Kind {
        /** A task found in the task list was recorded as this job's task. */
        ADOPTED,
        /** The create was sent again: the task list did not show the first one over the whole search window. */
        RESENT,
        /** The task list showed several tasks that could each be this job's; none was adopted. */
        AMBIGUOUS,
        /** A job that had ended EXPIRED was brought back: the service still reports its task. */
        REVIVED,
        /**
         * The journal had no entry for the request, but its results were found stored (by their
         * sidecars: same request fingerprint, batch line and endpoint); the job was journaled from
         * them instead of being paid for again.
         */
        RECOVERED
    }

    public JobEvent {
        if (at == null || kind == null) {
            throw new IllegalArgumentException("a job event has a time and a kind");
        }
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return kind + " " + at + (detail.isEmpty() ? "" : ": " + detail);
    }
}
