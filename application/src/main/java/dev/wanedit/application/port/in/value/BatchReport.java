package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a batch run. Every line's outcome is handed to
 * {@link BatchProgress.Listener#lineEnded} as it happens and is not kept here, so a run of any
 * length holds a constant amount: the counts, and the first {@link #NOTABLE_KEPT} lines that
 * failed, came out partial or were left unfinished.
 *
 * @param valid how many lines passed validation
 * @param invalid lines that failed validation (skipped, or the reason the batch was refused)
 * @param tally counts of the lines that were run, by their job's final (or current) state
 * @param notable the first {@link #NOTABLE_KEPT} outcomes that are not a complete success, in the order they ended
 * @param refused true when nothing was submitted because of invalid lines in strict mode
 * @param stoppedByCost true when {@code --max-cost} stopped submission early
 */
public record BatchReport(long valid, List<InvalidLine> invalid, Tally tally, List<LineOutcome> notable, long imagesStored,
                          Money cost, Money estimatedCost, boolean refused, boolean stoppedByCost, long notSubmitted) {

    /** How many notable outcomes a report keeps; {@link Tally#notable()} counts them all. */
    public static final int NOTABLE_KEPT = 1_000;

    public BatchReport {
        invalid = List.copyOf(invalid);
        notable = List.copyOf(notable);
    }

    /** A report from outcomes held in memory (an embedder's small batch, or a test). */
    public static BatchReport of(long valid, List<InvalidLine> invalid, List<LineOutcome> outcomes, long imagesStored,
                                 Money cost, Money estimatedCost, boolean refused, boolean stoppedByCost, long notSubmitted) {
        Tally.Counter counter = new Tally.Counter();
        outcomes.forEach(counter::add);
        return new BatchReport(valid, invalid, counter.tally(), counter.notable(), imagesStored, cost, estimatedCost, refused,
                stoppedByCost, notSubmitted);
    }

    /** A line that could not be run, with every violation. */
    public record InvalidLine(long lineNumber, String key, List<Violation> violations) {
    }

    /** What became of one line. */
    public record LineOutcome(long lineNumber, String key, JobId job, JobState state, boolean partial,
                              Optional<String> failure) {

        /** Not a complete success: failed, partial, unfinished, or with a failure to tell. */
        public boolean isNotable() {
            return partial || state != JobState.STORED || failure.isPresent();
        }
    }

    /**
     * How the lines that were run ended.
     *
     * @param byState lines per state of their job
     * @param partial lines whose job stored some but not all of its images
     * @param notable lines that are not a complete success ({@link LineOutcome#isNotable()})
     */
    public record Tally(Map<JobState, Long> byState, long partial, long notable) {

        public Tally {
            EnumMap<JobState, Long> copy = new EnumMap<>(JobState.class);
            copy.putAll(byState);
            byState = Collections.unmodifiableMap(copy);
        }

        /** Lines run in all. */
        public long lines() {
            return byState.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Lines whose job is not in a final state (still running, or could not be sent). */
        public long unfinished() {
            return byState.entrySet().stream().filter(e -> !e.getKey().isFinal()).mapToLong(Map.Entry::getValue).sum();
        }

        /** Lines whose task succeeded (paid for) but whose results are not all stored yet: resume stores them. */
        public long notStored() {
            return byState.getOrDefault(JobState.SUCCEEDED, 0L);
        }

        /** Lines that ended FAILED, CANCELED or EXPIRED. */
        public long failed() {
            return byState.entrySet().stream()
                    .filter(e -> e.getKey().isFinal() && e.getKey() != JobState.STORED)
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** Adds outcomes up as they come, keeping the first {@link #NOTABLE_KEPT} notable ones. */
        public static final class Counter {
            private final EnumMap<JobState, Long> byState = new EnumMap<>(JobState.class);
            private final List<LineOutcome> notable = new ArrayList<>();
            private long partial;
            private long notableCount;

            public void add(LineOutcome o) {
                byState.merge(o.state(), 1L, Long::sum);
                partial += o.partial() ? 1 : 0;
                if (o.isNotable()) {
                    notableCount++;
                    if (notable.size() < NOTABLE_KEPT) {
                        notable.add(o);
                    }
                }
            }

            /** The counts so far (a read-only view). */
            public Map<JobState, Long> byState() {
                return Collections.unmodifiableMap(byState);
            }

            public Tally tally() {
                return new Tally(byState, partial, notableCount);
            }

            public List<LineOutcome> notable() {
                return List.copyOf(notable);
            }
        }
    }

    /** Lines per state of their job (the lines that were run). */
    public Map<JobState, Long> countsByState() {
        return tally.byState();
    }
}
