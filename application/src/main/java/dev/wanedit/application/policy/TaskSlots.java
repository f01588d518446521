package dev.wanedit.application.policy;

import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.domain.job.JobId;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The concurrent-task slots of one model (the account's limit on tasks in flight): a job holds one
 * from just before its create until its task is seen ended. Kept in this process ({@link #local}) or
 * in the shared journal ({@link #shared}), where a slot lives for a time unless renewed, so that a
 * slot of a process that died is freed (and a job taken over keeps the slot it had).
 */
public interface TaskSlots {

    /** Takes a slot for the job; true also when it holds one already. */
    boolean tryAcquire(JobId job);

    /** The job's task was seen still running: keep its slot. */
    void renew(JobId job);

    /** The job's task ended (or was never created): free its slot. */
    void release(JobId job);

    /** Slots held now. */
    int inUse();

    int limit();

    /** Slots counted in this process alone. */
    static TaskSlots local(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        Set<JobId> held = new HashSet<>();
        return new TaskSlots() {
            @Override
            public synchronized boolean tryAcquire(JobId job) {
                if (held.contains(job)) {
                    return true;
                }
                if (held.size() >= limit) {
                    return false;
                }
                held.add(job);
                return true;
            }

            @Override
            public void renew(JobId job) {
            }

            @Override
            public synchronized void release(JobId job) {
                held.remove(job);
            }

            @Override
            public synchronized int inUse() {
                return held.size();
            }

            @Override
            public int limit() {
                return limit;
            }
        };
    }

    /**
     * Slots kept in {@code limits} under {@code bucket}, shared by every process of the account;
     * a slot lives {@code ttl} unless renewed (it must outlast the model's longest task between two
     * looks at it).
     */
    static TaskSlots shared(SharedLimits limits, String bucket, int limit, Duration ttl) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return new TaskSlots() {
            @Override
            public boolean tryAcquire(JobId job) {
                return limits.tryAcquireSlot(bucket, limit, job, ttl);
            }

            @Override
            public void renew(JobId job) {
                limits.renewSlot(job, ttl);
            }

            @Override
            public void release(JobId job) {
                limits.releaseSlot(job);
            }

            @Override
            public int inUse() {
                return limits.slotsInUse(bucket);
            }

            @Override
            public int limit() {
                return limit;
            }
        };
    }
}
