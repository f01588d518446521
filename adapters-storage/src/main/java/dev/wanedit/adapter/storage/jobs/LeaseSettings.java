package dev.wanedit.adapter.storage.jobs;

import java.time.Duration;

/**
 * How long a process's leases live without a heartbeat, and whether the journal keeps the
 * heartbeat itself (a daemon task every third of the lease, started on first use). Tests turn the
 * heartbeat off to play a process that froze.
 */
record LeaseSettings(Duration lease, boolean heartbeat) {

    /** The default lease: 30 s, renewed every 10 s. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    static final LeaseSettings DEFAULT = new LeaseSettings(DEFAULT_LEASE, true);

    LeaseSettings {
        if (lease == null || lease.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("a lease lasts at least 300 ms");
        }
    }

    static LeaseSettings of(Duration lease) {
        return new LeaseSettings(lease, true);
    }

    Duration heartbeatEvery() {
        return lease.dividedBy(3);
    }

    long leaseMicros() {
        return lease.toNanos() / 1000;
    }
}
