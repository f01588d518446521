package dev.wanedit.application.policy;

import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.domain.job.JobId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link SharedLimits} kept in this process's memory, on an injected clock: for a process that has
 * the account to itself (an embedding service, a test), and as the reference the journal-backed
 * implementations are checked against. Rate buckets are sliding windows over the last N grants;
 * slots are held by jobs until released or expired.
 */
public final class LocalLimits implements SharedLimits {

    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> grants = new HashMap<>();
    private final Map<String, Instant> pausedUntil = new HashMap<>();
    private final Map<JobId, Slot> slots = new LinkedHashMap<>();

    private record Slot(String bucket, Instant expires) {
    }

    public LocalLimits(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Permit reserve(String bucket, int permits, Duration window) {
        Instant now = clock.instant();
        Instant at = nextFree(bucket, permits, window, now);
        ArrayDeque<Instant> g = grants.computeIfAbsent(bucket, b -> new ArrayDeque<>());
        while (g.size() >= permits) {
            g.pollFirst();
        }
        g.addLast(at);
        return new Permit(at, Duration.between(now, at));
    }

    @Override
    public synchronized Duration availableIn(String bucket, int permits, Duration window) {
        Instant now = clock.instant();
        return Duration.between(now, nextFree(bucket, permits, window, now));
    }

    private Instant nextFree(String bucket, int permits, Duration window, Instant now) {
        Instant at = now;
        Instant paused = pausedUntil.get(bucket);
        if (paused != null && paused.isAfter(at)) {
            at = paused;
        }
        ArrayDeque<Instant> g = grants.get(bucket);
        if (g != null && g.size() >= permits) {
            Instant free = g.peekFirst().plus(window);
            if (free.isAfter(at)) {
                at = free;
            }
        }
        return at;
    }

    @Override
    public synchronized void pause(String bucket, Duration pause) {
        Instant until = clock.instant().plus(pause);
        pausedUntil.merge(bucket, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public synchronized boolean tryAcquireSlot(String bucket, int limit, JobId job, Duration ttl) {
        Instant now = clock.instant();
        expire(now);
        if (slots.containsKey(job)) {
            slots.put(job, new Slot(bucket, now.plus(ttl)));
            return true;
        }
        if (inUse(bucket) >= limit) {
            return false;
        }
        slots.put(job, new Slot(bucket, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized void renewSlot(JobId job, Duration ttl) {
        Slot s = slots.get(job);
        if (s != null) {
            slots.put(job, new Slot(s.bucket(), clock.instant().plus(ttl)));
        }
    }

    @Override
    public synchronized void releaseSlot(JobId job) {
        slots.remove(job);
    }

    @Override
    public synchronized int slotsInUse(String bucket) {
        expire(clock.instant());
        return inUse(bucket);
    }

    private int inUse(String bucket) {
        return (int) slots.values().stream().filter(s -> s.bucket().equals(bucket)).count();
    }

    private void expire(Instant now) {
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            if (!it.next().expires().isAfter(now)) {
                it.remove();
            }
        }
    }
}
