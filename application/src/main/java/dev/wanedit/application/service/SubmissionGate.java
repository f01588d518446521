package dev.wanedit.application.service;

import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.policy.TaskSlots;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.request.EditRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What lets a batch's next line go: the model's submission rate, a free slot of its concurrent
 * tasks, and the cost cap (the estimates of the lines sent so far, plus this one, within
 * {@code --max-cost}). The batch's own overrides of the account's limits apply (a rate or a
 * concurrency given in the spec).
 */
final class SubmissionGate {

    private final BatchSpec spec;
    private final Limiters limiters;
    private final Clock clock;
    private final Map<String, RateLimiter> rates = new HashMap<>();
    private Money committed = Money.zero(Money.CNY);
    private boolean stoppedByCost;

    SubmissionGate(BatchSpec spec, Limiters limiters, Clock clock) {
        this.spec = spec;
        this.limiters = limiters;
        this.clock = clock;
    }

    /** The submission rate of the request's model (the batch's own, if the spec sets one). */
    RateLimiter rate(EditRequest r) {
        if (spec.submitsPerSecond().isEmpty()) {
            return limiters.submissions(r.model());
        }
        return rates.computeIfAbsent(r.model().id(), id -> new RateLimiter(clock, spec.submitsPerSecond().getAsDouble()));
    }

    /** How long until the rate lets the request go (zero: now). */
    Duration rateWait(EditRequest r) {
        return rate(r).availableIn();
    }

    /** The concurrent-task slots of the request's model (the batch's concurrency, if the spec sets one). */
    TaskSlots slots(EditRequest r) {
        return limiters.slots(r.model(), spec.concurrency().isPresent() ? Optional.of(spec.concurrency().getAsInt())
                : Optional.empty());
    }

    boolean slotFree(EditRequest r) {
        TaskSlots s = slots(r);
        return s.inUse() < s.limit();
    }

    /**
     * Whether a line of this estimate fits under the cost cap; once one does not, the gate stays
     * shut for the rest of the run (lines are sent in manifest order).
     */
    boolean affordable(Money estimate) {
        if (spec.maxCost().isPresent() && committed.plus(estimate).exceeds(spec.maxCost().get())) {
            stoppedByCost = true;
        }
        return !stoppedByCost;
    }

    /** Counts a sent line's estimate against the cap. */
    void commit(Money estimate) {
        committed = committed.plus(estimate);
    }

    boolean stoppedByCost() {
        return stoppedByCost;
    }
}
