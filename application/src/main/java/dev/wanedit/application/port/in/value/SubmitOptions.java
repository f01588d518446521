package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.job.BatchRef;
import java.time.Duration;
import java.util.Optional;

/**
 * How to submit: async or sync, whether to resubmit a request that already has a live job
 * ({@code force}), the batch line this job stands for, and how long the submission may take
 * ({@code patience}: waiting out a throttled service, and searching the task list for a create
 * whose answer was lost). Past it the job is returned as it stands (CREATED or OUTCOME_UNKNOWN),
 * journaled and resumable; zero means "do not wait at all" (a batch schedules those steps itself).
 */
public record SubmitOptions(SubmitMode mode, boolean force, Optional<BatchRef> batch, Duration patience) {

    /** How long an interactive submission waits by default: longer than the task-list search window. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(5);

    public SubmitOptions {
        batch = batch == null ? Optional.empty() : batch;
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (patience == null || patience.isNegative()) {
            throw new IllegalArgumentException("patience must be zero or positive");
        }
    }

    public SubmitOptions(SubmitMode mode, boolean force, Optional<BatchRef> batch) {
        this(mode, force, batch, DEFAULT_PATIENCE);
    }

    public static SubmitOptions async() {
        return new SubmitOptions(SubmitMode.ASYNC, false, Optional.empty());
    }
}
