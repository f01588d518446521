package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.catalog.Money;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How to run a batch.
 *
 * @param batchId identifies the manifest across runs (e.g. its absolute path)
 * @param concurrency tasks in flight per model, overriding the catalog's limit
 * @param submitsPerSecond submissions per second per model, overriding the catalog's limit
 * @param maxCost stop submitting once the estimate would pass this
 * @param strict refuse the whole batch when any line is invalid (else invalid lines are skipped)
 * @param force resubmit lines that were already submitted
 * @param deadline how long to run before leaving the rest to {@code resume}
 * @param queriesPerSecond the account's task-query budget, overriding the documented 20 per second
 *     (for an account whose quota was raised, or an emulator)
 */
public record BatchSpec(String batchId, OptionalInt concurrency, OptionalDouble submitsPerSecond, Optional<Money> maxCost,
                        boolean strict, boolean force, Duration deadline, OptionalDouble queriesPerSecond) {

    public BatchSpec {
        concurrency = concurrency == null ? OptionalInt.empty() : concurrency;
        submitsPerSecond = submitsPerSecond == null ? OptionalDouble.empty() : submitsPerSecond;
        maxCost = maxCost == null ? Optional.empty() : maxCost;
        queriesPerSecond = queriesPerSecond == null ? OptionalDouble.empty() : queriesPerSecond;
    }

    /** A spec under the documented task-query budget. */
    public BatchSpec(String batchId, OptionalInt concurrency, OptionalDouble submitsPerSecond, Optional<Money> maxCost,
                     boolean strict, boolean force, Duration deadline) {
        this(batchId, concurrency, submitsPerSecond, maxCost, strict, force, deadline, OptionalDouble.empty());
    }
}
