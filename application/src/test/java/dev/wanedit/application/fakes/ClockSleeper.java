package dev.wanedit.application.fakes;

import dev.wanedit.application.port.out.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that advances a {@link ManualClock} instead of waiting, and remembers every sleep. */
public final class ClockSleeper implements Sleeper {

    private final ManualClock clock;
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };

    public ClockSleeper(ManualClock clock) {
        this.clock = clock;
    }

    /** Runs after every sleep, e.g. to let a fake service move its tasks along. */
    public ClockSleeper onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        clock.advance(duration);
        onSleep.run();
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public synchronized Duration total() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
