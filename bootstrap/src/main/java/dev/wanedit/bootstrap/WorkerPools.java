package dev.wanedit.bootstrap;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the application's services run work on, owned here and closed by whoever owns the
 * wiring ({@link ApplicationModule#shutdown()}, called by {@code Wiring.close()}): the batch's
 * storing pool and the pool that downloads a job's further results in parallel. Each is started on
 * first use, so a command that stores nothing starts no thread; all are daemon threads, so a process
 * that exits without closing is not held up.
 */
final class WorkerPools implements AutoCloseable {

    /** Threads storing batch results in parallel (each runs one job's download-and-store). */
    static final int STORING_THREADS = 4;
    /** Threads downloading a job's second and further results while its first is stored. */
    static final int DOWNLOAD_THREADS = 4;

    private ExecutorService storing;
    private ExecutorService downloads;
    private boolean closed;

    /** The batch's storing pool. */
    synchronized ExecutorService storing() {
        if (storing == null) {
            storing = start("wanedit-store-", STORING_THREADS);
        }
        return storing;
    }

    /** The pool for a job's further results. */
    synchronized ExecutorService downloads() {
        if (downloads == null) {
            downloads = start("wanedit-fetch-", DOWNLOAD_THREADS);
        }
        return downloads;
    }

    private ExecutorService start(String name, int threads) {
        if (closed) {
            throw new IllegalStateException("the worker pools are closed: the wiring that owned them was closed");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, f);
    }

    /** Stops the pools, waiting a few seconds for a store in progress (it is journaled, or redone by resume). */
    @Override
    public void close() {
        ExecutorService[] pools;
        synchronized (this) {
            closed = true;
            pools = new ExecutorService[] {storing, downloads};
        }
        for (ExecutorService p : pools) {
            if (p != null) {
                p.shutdownNow();
            }
        }
        for (ExecutorService p : pools) {
            try {
                if (p != null) {
                    p.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
