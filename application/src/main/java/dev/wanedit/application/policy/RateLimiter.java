package dev.wanedit.application.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on an injected clock: {@code permitsPerSecond} with a burst of the same size.
 * {@link #reserve()} takes a permit and says how long to wait before using it, so callers sleep
 * through their own {@code Sleeper} and tests never wait.
 */
public final class RateLimiter {

    private final Clock clock;
    private final double permitsPerSecond;
    private final double burst;
    private double tokens;
    private Instant last;

    public RateLimiter(Clock clock, double permitsPerSecond) {
        if (permitsPerSecond <= 0) {
            throw new IllegalArgumentException("permitsPerSecond must be positive");
        }
        this.clock = clock;
        this.permitsPerSecond = permitsPerSecond;
        this.burst = Math.max(1, permitsPerSecond);
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes one permit; returns how long to wait before it may be used (zero when available now). */
    public synchronized Duration reserve() {
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / permitsPerSecond * 1e9));
    }

    /** Takes a permit only if one is available right now. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Makes every waiting caller wait at least {@code pause} more (after a 429 with Retry-After). */
    public synchronized void pause(Duration pause) {
        refill();
        tokens = Math.min(tokens, 0) - pause.toNanos() / 1e9 * permitsPerSecond;
    }

    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + elapsed * permitsPerSecond);
            last = now;
        }
    }
}
