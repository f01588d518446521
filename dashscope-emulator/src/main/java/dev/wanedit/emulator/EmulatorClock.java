package dev.wanedit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The emulator's notion of "now". Task state is computed from it at query time, so a test that uses
 * a {@link #manual(Instant) manual} clock decides exactly when a task leaves PENDING, when it ends,
 * and when tasks and result URLs expire, without sleeping.
 *
 * <p>The {@link #system() system} clock follows the wall clock plus an offset that only {@link
 * #advance} and {@link #set} change, so a running standalone emulator can be moved 24 h ahead (to
 * see tasks and result URLs expire) while it keeps ticking in real time.
 */
public final class EmulatorClock {
    private final boolean manual;
    private Instant now;
    private Duration offset = Duration.ZERO;

    private EmulatorClock(boolean manual, Instant start) {
        this.manual = manual;
        this.now = start;
    }

    /** A clock that only moves when told to, starting at {@code start}. */
    public static EmulatorClock manual(Instant start) {
        return new EmulatorClock(true, Objects.requireNonNull(start, "start"));
    }

    /** The real wall clock (plus whatever {@link #advance} added). */
    public static EmulatorClock system() {
        return new EmulatorClock(false, null);
    }

    /** Whether this clock only moves through {@link #advance} and {@link #set}. */
    public boolean isManual() {
        return manual;
    }

    /** The current instant. */
    public synchronized Instant now() {
        return manual ? now : Instant.now().plus(offset);
    }

    /**
     * Moves the clock forward; returns the new instant. A system clock keeps ticking from there
     * (its offset to the wall clock grows by {@code by}).
     */
    public synchronized Instant advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock does not go backwards: " + by);
        }
        if (manual) {
            now = now.plus(by);
            return now;
        }
        offset = offset.plus(by);
        return now();
    }

    /** Sets the clock to {@code instant} (a system clock keeps ticking from there). */
    public synchronized void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (manual) {
            now = instant;
        } else {
            offset = Duration.between(Instant.now(), instant);
        }
    }

    /** How far a system clock is ahead of the wall clock ({@code ZERO} for a manual clock). */
    public synchronized Duration offset() {
        return manual ? Duration.ZERO : offset;
    }

    @Override
    public synchronized String toString() {
        return manual ? "EmulatorClock.manual(" + now + ")"
                : offset.isZero() ? "EmulatorClock.system()" : "EmulatorClock.system(+" + offset + ")";
    }
}
