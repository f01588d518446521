package dev.wanedit.application.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one back-off of wanedit, for every call that is tried again (a throttled or failed create,
 * query, list page or download): exponential with full jitter (the delay before try {@code n+1}
 * is uniform in [floor, min(cap, base·2ⁿ⁻¹)], so that many clients retrying at once spread out),
 * never shorter than a {@code Retry-After} the service sent. Callers bound the total by their
 * deadline; every try still takes its permit from the account's limiters.
 *
 * @param base the ceiling of the first delay
 * @param cap the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {

    /** 0.5 s, 1 s, 2 s … up to 30 s (ceilings). */
    public static final Backoff STANDARD = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public Backoff {
        if (base == null || cap == null || base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 < base <= cap, got " + base + " and " + cap);
        }
    }

    /**
     * The delay after {@code failures} failed tries in a row (1 for the first failure).
     *
     * @param retryAfter what the service asked for, if anything: the delay is never shorter
     */
    public Duration delay(int failures, Optional<Duration> retryAfter, RandomGenerator random) {
        int n = Math.max(1, failures);
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(n - 1, 30));
        long floor = Math.max(1, base.toMillis() / 4);
        long ms = ceiling <= floor ? ceiling : floor + random.nextLong(ceiling - floor + 1);
        Duration d = Duration.ofMillis(ms);
        return retryAfter.filter(r -> r.compareTo(d) > 0).orElse(d);
    }

    /** This back-off with both durations multiplied by {@code factor} (an emulator's time scale). */
    public Backoff scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + factor);
        }
        return new Backoff(Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor))),
                Duration.ofMillis(Math.max(1, Math.round(cap.toMillis() * factor))));
    }
}
