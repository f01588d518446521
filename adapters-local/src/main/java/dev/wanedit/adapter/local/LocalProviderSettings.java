package dev.wanedit.adapter.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local provider: the folder it owns (task records under {@code tasks/}, result
 * images under {@code results/}), the clock its tasks age on, how long a task stays PENDING and
 * then RUNNING before it SUCCEEDED (both zero by default: a task is done when it is created), and
 * the largest result it hands to a download.
 *
 * @param folder the provider's own folder; nothing outside it is ever written or served
 * @param clock the clock task states are computed from (tests pass a manual one)
 * @param pendingFor how long a new task is PENDING (and so can be cancelled)
 * @param runningFor how long it is RUNNING after that
 * @param maxDownloadBytes results larger than this are refused by the downloader
 */
public record LocalProviderSettings(Path folder, Clock clock, Duration pendingFor, Duration runningFor,
                                    long maxDownloadBytes) {

    /** The downloader's cap: as large as a DashScope result may be (4K PNGs stay well below it). */
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 64L * 1024 * 1024;

    public LocalProviderSettings {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pendingFor, "pendingFor");
        Objects.requireNonNull(runningFor, "runningFor");
        if (pendingFor.isNegative() || runningFor.isNegative()) {
            throw new IllegalArgumentException("pendingFor and runningFor must not be negative, got " + pendingFor + " and "
                    + runningFor);
        }
        if (maxDownloadBytes <= 0) {
            throw new IllegalArgumentException("maxDownloadBytes must be positive, got " + maxDownloadBytes);
        }
        folder = folder.toAbsolutePath().normalize();
    }

    /** Tasks that end as soon as they are created, on the system clock. */
    public static LocalProviderSettings of(Path folder) {
        return new LocalProviderSettings(folder, Clock.systemUTC(), Duration.ZERO, Duration.ZERO, DEFAULT_MAX_DOWNLOAD_BYTES);
    }

    /**
     * Tasks that take {@code taskTime} in all: PENDING for the first half, RUNNING for the second
     * ({@code WANEDIT_LOCAL_TASK_SECONDS}).
     */
    public LocalProviderSettings withTaskTime(Duration taskTime) {
        Duration pending = taskTime.dividedBy(2);
        return new LocalProviderSettings(folder, clock, pending, taskTime.minus(pending), maxDownloadBytes);
    }

    public LocalProviderSettings withClock(Clock c) {
        return new LocalProviderSettings(folder, c, pendingFor, runningFor, maxDownloadBytes);
    }

    public LocalProviderSettings withMaxDownloadBytes(long cap) {
        return new LocalProviderSettings(folder, clock, pendingFor, runningFor, cap);
    }

    /** Where task records are kept. */
    Path tasks() {
        return folder.resolve("tasks");
    }

    /** Where result images are written; the only place the downloader serves from. */
    Path results() {
        return folder.resolve("results");
    }
}
