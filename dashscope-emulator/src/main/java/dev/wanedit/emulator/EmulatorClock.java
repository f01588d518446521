package dev.wanedit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The emulator's notion of "now". Task state is computed from it at query time, so a test that uses
 * a {@link #manual(Instant) manual} clock decides exactly when a task leaves PENDING, when it ends,
 * and when tasks and result URLs expire, without sleeping.
 */
public final class EmulatorClock {
  private final boolean manual;
  private Instant now;

  private EmulatorClock(boolean manual, Instant start) {
    this.manual = manual;
    this.now = start;
  }

  /** A clock that only moves when told to, starting at {@code start}. */
  public static EmulatorClock manual(Instant start) {
    return new EmulatorClock(true, Objects.requireNonNull(start, "start"));
  }

  /** The real wall clock. */
  public static EmulatorClock system() {
    return new EmulatorClock(false, null);
  }

  /** Whether this clock only moves through {@link #advance} and {@link #set}. */
  public boolean isManual() {
    return manual;
  }

  /** The current instant. */
  public synchronized Instant now() {
    return manual ? now : Instant.now();
  }

  /** Moves a manual clock forward; returns the new instant. */
  public synchronized Instant advance(Duration by) {
    requireManual();
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock does not go backwards: " + by);
    }
    now = now.plus(by);
    return now;
  }

  /** Sets a manual clock to {@code instant}. */
  public synchronized void set(Instant instant) {
    requireManual();
    now = Objects.requireNonNull(instant, "instant");
  }

  private void requireManual() {
    if (!manual) {
      throw new IllegalStateException("the system clock cannot be moved; build the emulator with EmulatorClock.manual(..)");
    }
  }

  @Override
  public String toString() {
    return manual ? "EmulatorClock.manual(" + now + ")" : "EmulatorClock.system()";
  }
}
