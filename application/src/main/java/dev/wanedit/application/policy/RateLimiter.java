package dev.wanedit.application.policy;

import dev.wanedit.application.port.out.SharedLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * At most {@code permitsPerSecond} permits in any one-second window, on an injected clock: the
 * rule the service enforces (N requests per second, per model or per account). It is a sliding
 * window over the times of the last N permits, so a full burst is allowed at once, and the next
 * permit waits until the oldest of those N is a window old. (A token bucket with a burst of N,
 * which this replaced, lets up to 2N through in one second: the full bucket plus its refill.)
 * For rates below one, one permit per {@code 1/rate} seconds. {@link #reserve()} takes a permit
 * and says how long to wait before using it, so callers sleep through their own {@code Sleeper}
 * and tests never wait.
 */
public final class RateLimiter {

    /**
     * Added to every window: a request granted at the end of one second can reach the service in
     * the next, so a window of exactly one second let the benchmark's 500 tasks in flight draw 429s.
     */
    static final Duration MARGIN = Duration.ofMillis(50);

    /**
     * The margin for submissions kept in a shared journal: between a permit and the create reaching
     * the service the job is written to the journal as SUBMITTING (an fsync, tens of milliseconds on
     * a busy disk, more with three processes writing), so a permit granted at the end of one window
     * can arrive at the start of the next. With 50 ms, three batch processes on one journal drew
     * one to three 429s per 60 creates; with 200 ms none (SeveralProcessesIT).
     */
    public static final Duration SHARED_CREATE_MARGIN = Duration.ofMillis(200);

    private final Clock clock;
    private final double permitsPerSecond;
    private final int perWindow;
    private final Duration window;
    /** The times of the last {@code perWindow} permits, oldest first (some may lie in the future). */
    private final ArrayDeque<Instant> granted = new ArrayDeque<>();
    private Instant notBefore = Instant.MIN;
    /** Where the window is kept when several processes share it; null for this process alone. */
    private final SharedLimits shared;
    private final String bucket;

    public RateLimiter(Clock clock, double permitsPerSecond) {
        this(clock, permitsPerSecond, null, null);
    }

    private RateLimiter(Clock clock, double permitsPerSecond, SharedLimits shared, String bucket) {
        this(clock, permitsPerSecond, shared, bucket, MARGIN);
    }

    private RateLimiter(Clock clock, double permitsPerSecond, SharedLimits shared, String bucket, Duration margin) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive");
        }
        this.clock = clock;
        this.permitsPerSecond = permitsPerSecond;
        this.perWindow = (int) Math.max(1, Math.min(1_000_000, Math.floor(permitsPerSecond)));
        this.window = Duration.ofNanos((long) Math.ceil(perWindow / permitsPerSecond * 1e9)).plus(margin);
        this.shared = shared;
        this.bucket = bucket;
    }

    /**
     * The same limit kept in {@code limits} under {@code bucket}, so that every process sharing it
     * (one journal, one account) stays within it together.
     */
    public static RateLimiter shared(Clock clock, double permitsPerSecond, SharedLimits limits, String bucket) {
        return shared(clock, permitsPerSecond, limits, bucket, MARGIN);
    }

    /** As {@link #shared(Clock, double, SharedLimits, String)}, with {@code margin} added to every window. */
    public static RateLimiter shared(Clock clock, double permitsPerSecond, SharedLimits limits, String bucket,
            Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative");
        }
        return new RateLimiter(clock, permitsPerSecond, java.util.Objects.requireNonNull(limits),
                java.util.Objects.requireNonNull(bucket), margin);
    }

    /** The length of one window: a second per permit, plus the margin. */
    public Duration window() {
        return window;
    }

    /** Takes one permit; returns how long to wait before it may be used (zero when available now). */
    public Duration reserve() {
        if (shared != null) {
            return shared.reserve(bucket, perWindow, window).delay();
        }
        return reserveHere();
    }

    private synchronized Duration reserveHere() {
        Instant now = clock.instant();
        Instant at = nextFree(now);
        if (granted.size() == perWindow) {
            granted.pollFirst();
        }
        granted.addLast(at);
        return Duration.between(now, at);
    }

    /** How long until a permit would be available, without taking one (zero when one is free now). */
    public Duration availableIn() {
        if (shared != null) {
            return shared.availableIn(bucket, perWindow, window);
        }
        return availableHere();
    }

    private synchronized Duration availableHere() {
        Instant now = clock.instant();
        return Duration.between(now, nextFree(now));
    }

    /** When the next permit may be used: not before a pause ends, nor within a window of the oldest of the last N. */
    private Instant nextFree(Instant now) {
        Instant at = now.isBefore(notBefore) ? notBefore : now;
        if (granted.size() == perWindow) {
            Instant free = granted.peekFirst().plus(window);
            if (free.isAfter(at)) {
                at = free;
            }
        }
        return at;
    }

    /** Makes every caller wait at least {@code pause} from now (after a 429 with Retry-After). */
    public void pause(Duration pause) {
        if (shared != null) {
            shared.pause(bucket, pause);
            return;
        }
        pauseHere(pause);
    }

    private synchronized void pauseHere(Duration pause) {
        Instant until = clock.instant().plus(pause);
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
    }

    public double permitsPerSecond() {
        return permitsPerSecond;
    }
}
