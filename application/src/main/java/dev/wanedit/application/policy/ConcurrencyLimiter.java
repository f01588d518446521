package dev.wanedit.application.policy;

/**
 * Counts tasks in flight against a limit (the model's concurrent-task quota). Not a blocking
 * semaphore: schedulers ask and move on, so no thread waits per job.
 */
public final class ConcurrencyLimiter {

    private final int limit;
    private int inFlight;

    public ConcurrencyLimiter(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    public synchronized boolean tryAcquire() {
        if (inFlight < limit) {
            inFlight++;
            return true;
        }
        return false;
    }

    public synchronized void release() {
        if (inFlight == 0) {
            throw new IllegalStateException("release without acquire");
        }
        inFlight--;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public int limit() {
        return limit;
    }
}
