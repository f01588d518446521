package dev.wanedit.application.service;

import dev.wanedit.domain.job.JobId;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** Makes time-sortable job ids from the injected clock and random source. */
public final class JobIdSource {

    private final Clock clock;
    private final RandomGenerator random;

    public JobIdSource(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public JobId next() {
        return JobId.generate(clock.instant(), random);
    }
}
