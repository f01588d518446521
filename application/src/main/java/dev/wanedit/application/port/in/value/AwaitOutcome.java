package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.job.EditJob;
import java.util.Objects;

/**
 * How a wait ended, as a value: the job is {@link Finished} (final, its results stored when it
 * succeeded), the deadline passed first ({@link TimedOut}), or the waiting thread was
 * {@link Interrupted}. In the last two the job stays in the journal and resumable.
 */
public sealed interface AwaitOutcome permits AwaitOutcome.Finished, AwaitOutcome.TimedOut, AwaitOutcome.Interrupted {

    /**
     * The job as the wait last saw it.
     *
     * @return the job
     */
    EditJob job();

    /**
     * The job is final: STORED, FAILED, CANCELED or EXPIRED (or SUCCEEDED with results not stored yet).
     *
     * @param job the job
     */
    record Finished(EditJob job) implements AwaitOutcome {
        public Finished {
            Objects.requireNonNull(job, "job");
        }
    }

    /**
     * The deadline passed before the job was final.
     *
     * @param job the job, still resumable
     */
    record TimedOut(EditJob job) implements AwaitOutcome {
        public TimedOut {
            Objects.requireNonNull(job, "job");
        }

        /**
         * What to tell a person.
         *
         * @return the job, its state, and how to finish it later
         */
        public String message() {
            return WaitTimedOut.describe(job);
        }
    }

    /**
     * The waiting thread was interrupted; its interrupt flag is set again.
     *
     * @param job the job as last seen, still resumable
     */
    record Interrupted(EditJob job) implements AwaitOutcome {
        public Interrupted {
            Objects.requireNonNull(job, "job");
        }
    }
}
