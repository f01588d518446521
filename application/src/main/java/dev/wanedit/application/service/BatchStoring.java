package dev.wanedit.application.service;

import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A batch's downloads and stores on the storing pool (owned by whoever wired the batch), so that a
 * slow download or an fsync never holds up polling and submitting. The flight is left alone while
 * its store runs; {@link #settle} takes the outcome.
 */
final class BatchStoring {

    private final JobRepository jobs;
    private final ResultCollector collector;
    private final Executor pool;

    BatchStoring(JobRepository jobs, ResultCollector collector, Executor pool) {
        this.jobs = jobs;
        this.collector = collector;
        this.pool = pool;
    }

    /**
     * Starts storing a succeeded job's results: its success journaled first when the scheduler left
     * that write to the pool ({@code journal}; another process's write meanwhile is stored on from the
     * journal's copy), then every result downloaded and stored until {@code deadline}.
     */
    void start(BatchFlight f, boolean journal, Instant deadline) {
        f.storedBefore = stored(f.job);
        EditJob job = f.job;
        f.storing = CompletableFuture.supplyAsync(() -> {
            try {
                EditJob current = job;
                if (journal) {
                    try {
                        jobs.update(current);
                    } catch (ConcurrentJobUpdate e) {
                        current = jobs.find(job.id()).orElse(job);
                    }
                }
                return current.state() == JobState.SUCCEEDED ? collector.collect(current, ProgressListener.NONE, deadline) : current;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, pool);
    }

    /**
     * Takes the outcome of a finished (or, with {@code wait}, running) store into the flight; a
     * remote problem is left for a later look (with the delay it asked for).
     *
     * @return the images it stored
     */
    long settle(BatchFlight f, boolean wait) throws InterruptedException {
        CompletableFuture<EditJob> done = f.storing;
        f.storing = null;
        try {
            f.job = wait ? done.get() : done.join(); // the journal's copy when another process wrote the job meanwhile
        } catch (CompletionException | ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RemoteServiceException r) {
                f.retryAfter = r.retryAfter();
            } else if (cause instanceof RuntimeException re) {
                throw re;
            } else {
                throw new IllegalStateException("storing job " + f.job.id() + " failed", cause);
            }
        }
        return stored(f.job) - f.storedBefore;
    }

    private static long stored(EditJob job) {
        return job.results().stream().filter(ResultImage::isStored).count();
    }
}
