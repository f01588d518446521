package dev.wanedit.application.port.in.value;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.request.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a submission came to, as a value: the request was {@link Sent} as a new job, an existing
 * job of the same request was {@link Reused} (nothing was paid twice), or the request was
 * {@link Rejected} (by a documented rule before anything was journaled, or by the service, the job
 * then FAILED in the journal). Failures of the means (a refused key, a service that cannot be
 * reached, a throttle that outlasted the patience) stay exceptions.
 */
public sealed interface SubmitOutcome permits SubmitOutcome.Sent, SubmitOutcome.Reused, SubmitOutcome.Rejected {

    /**
     * The job this submission journaled or found.
     *
     * @return the job; empty only for a request refused before it was journaled
     */
    Optional<EditJob> journaled();

    /**
     * A new job journaled for the request: with its task (PENDING, RUNNING, or final for a
     * synchronous call), or, when the create could not be settled within the patience, CREATED or
     * OUTCOME_UNKNOWN (resumable).
     *
     * @param job the new job
     */
    record Sent(EditJob job) implements SubmitOutcome {
        public Sent {
            Objects.requireNonNull(job, "job");
        }

        @Override
        public Optional<EditJob> journaled() {
            return Optional.of(job);
        }
    }

    /**
     * The request already had a job (the same batch line, or an unfinished job with the same
     * fingerprint for the same endpoint), which was returned instead of paying twice; it was sent
     * now if it had not been yet, unless another live process is working on it.
     *
     * @param job the existing job, as it stands
     */
    record Reused(EditJob job) implements SubmitOutcome {
        public Reused {
            Objects.requireNonNull(job, "job");
        }

        @Override
        public Optional<EditJob> journaled() {
            return Optional.of(job);
        }
    }

    /**
     * The request was refused: {@code violations} of a documented rule found before anything was
     * journaled (nothing was sent), or the service's {@code reason} (the job, journaled, is FAILED
     * with it; sending it again will not help).
     *
     * @param job the FAILED job when the service refused it
     * @param violations every broken rule, when refused before sending
     * @param reason the service's refusal (its code, message, HTTP status and request id)
     */
    record Rejected(Optional<EditJob> job, List<Violation> violations, Optional<RemoteServiceException.Rejected> reason)
            implements SubmitOutcome {
        public Rejected {
            job = job == null ? Optional.empty() : job;
            violations = violations == null ? List.of() : List.copyOf(violations);
            reason = reason == null ? Optional.empty() : reason;
            if (violations.isEmpty() == reason.isEmpty()) {
                throw new IllegalArgumentException("a rejection has either violations or the service's reason");
            }
        }

        /**
         * Refused by the rules before anything was journaled.
         *
         * @param violations every broken rule
         * @return the outcome
         */
        public static Rejected byRules(List<Violation> violations) {
            return new Rejected(Optional.empty(), violations, Optional.empty());
        }

        /**
         * Refused by the service; the job is journaled FAILED.
         *
         * @param job the failed job
         * @param reason the service's refusal
         * @return the outcome
         */
        public static Rejected byService(EditJob job, RemoteServiceException.Rejected reason) {
            return new Rejected(Optional.of(job), List.of(), Optional.of(reason));
        }

        @Override
        public Optional<EditJob> journaled() {
            return job;
        }
    }
}
