package dev.wanedit.application.port.in;

import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.Money;
import dev.wanedit.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a batch run.
 *
 * @param valid how many lines passed validation
 * @param invalid lines that failed validation (skipped, or the reason the batch was refused)
 * @param outcomes every line that was run, with its job's final (or current) state
 * @param refused true when nothing was submitted because of invalid lines in strict mode
 * @param stoppedByCost true when {@code --max-cost} stopped submission early
 */
public record BatchReport(long valid, List<InvalidLine> invalid, List<LineOutcome> outcomes, long imagesStored, Money cost,
                          Money estimatedCost, boolean refused, boolean stoppedByCost, long notSubmitted) {

    /** A line that could not be run, with every violation. */
    public record InvalidLine(long lineNumber, String key, List<Violation> violations) {
    }

    /** What became of one line. */
    public record LineOutcome(long lineNumber, String key, JobId job, JobState state, boolean partial,
                              Optional<String> failure) {
    }

    public Map<JobState, Long> countsByState() {
        return outcomes.stream().collect(java.util.stream.Collectors.groupingBy(LineOutcome::state,
                () -> new java.util.EnumMap<>(JobState.class), java.util.stream.Collectors.counting()));
    }
}
