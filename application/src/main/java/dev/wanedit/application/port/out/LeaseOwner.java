package dev.wanedit.application.port.out;

import java.time.Instant;

/**
 * A process that holds job leases: its random id, the host and pid it runs as, when it started, and
 * until when its last heartbeat keeps its leases live.
 */
public record LeaseOwner(String id, String host, long pid, Instant startedAt, Instant expiresAt) {

    public LeaseOwner {
        if (id == null || id.isBlank() || host == null || startedAt == null || expiresAt == null) {
            throw new IllegalArgumentException("a lease owner has an id, a host, a start and an expiry");
        }
    }

    /** {@code host pid N}, for people. */
    public String describe() {
        return host + " pid " + pid;
    }
}
