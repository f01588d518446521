package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.JobState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A batch as it runs: counts by state, images stored, cost so far and the estimated time left. */
public record BatchProgress(long total, long submitted, Map<JobState, Long> states, long imagesStored, Money costSoFar,
                            Duration elapsed, Optional<Duration> eta) {

    /** Hears about a running batch. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> { };

        void update(BatchProgress progress);

        /**
         * One line of the manifest has ended (or, at a deadline or an interruption, stopped where it
         * is), in the order lines end; the report keeps only counts, so a caller that wants every
         * outcome takes it here.
         */
        default void lineEnded(BatchReport.LineOutcome outcome) {
        }
    }
}
