package dev.wanedit.application.policy;

import dev.wanedit.domain.catalog.ModelSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to query a task next: a model-aware first delay (a fraction of the documented typical
 * duration, so a 10-second wanx2.1 edit is not polled like a one-minute wan2.5 one), growth by a
 * factor up to a cap, random jitter so that many clients do not poll in lock-step, and the
 * service's {@code Retry-After} honoured when it asks for more.
 */
public record PollSchedule(Duration firstDelay, double growth, Duration cap, double jitter) {

    public PollSchedule {
        if (firstDelay.isNegative() || cap.isNegative() || growth < 1.0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("bad poll schedule " + firstDelay + " x" + growth + " cap " + cap + " jitter " + jitter);
        }
    }

    /**
     * The schedule for a model: the first poll at half its typical duration (1 s to 30 s), then a
     * steady poll every twelfth of it (1 s to 5 s) through the window in which tasks actually end.
     *
     * <p>Tuned on the benchmarks (BENCHMARKS.md): the earlier schedule (first poll at 40%, then
     * x1.5 up to a quarter of the typical duration, i.e. every 10 s for wan2.5) found a finished
     * wan2.5 result ~6 s after it ended, later than the official SDK's fixed 1-2-4-5 s loop; a
     * twelfth keeps the wait after the end under ~2 s (wan2.5) and ~0.5 s (wanx2.1) while still
     * sending fewer queries than the SDK, because nothing is asked during the first half.
     */
    public static PollSchedule forModel(ModelSpec model) {
        long typicalMs = model.typicalDuration().toMillis();
        Duration first = Duration.ofMillis(clamp(typicalMs / 2, 1_000, 30_000));
        Duration cap = Duration.ofMillis(clamp(typicalMs / 12, 1_000, 5_000));
        return new PollSchedule(first, 1.5, cap, 0.1);
    }

    /**
     * This schedule with every delay multiplied by {@code factor}: for a service whose tasks run
     * faster than documented (an emulator with a time scale), so that polling keeps pace.
     */
    public PollSchedule scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + factor);
        }
        return new PollSchedule(Duration.ofMillis(Math.round(firstDelay.toMillis() * factor)), growth,
                Duration.ofMillis(Math.max(1, Math.round(cap.toMillis() * factor))), jitter);
    }

    /**
     * The delay before poll number {@code poll} (0 = the first poll after submission).
     *
     * @param retryAfter what the service last asked for, if anything; never waited less than that
     */
    public Duration delayBefore(int poll, Optional<Duration> retryAfter, RandomGenerator random) {
        long step = Math.min(firstDelay.toMillis(), cap.toMillis());
        double base = poll == 0 ? firstDelay.toMillis() : Math.min(cap.toMillis(), Math.max(1, step) * Math.pow(growth, poll - 1));
        double factor = 1.0 + (jitter == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter);
        long ms = Math.round(base * factor);
        Duration d = Duration.ofMillis(Math.max(0, ms));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(d) > 0) {
            return retryAfter.get();
        }
        return d;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
