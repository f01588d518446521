package dev.wanedit.application.service;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobProblem;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Downloads and stores every successful result of a SUCCEEDED job, journaling each one as soon
 * as it is safe (the results of a job with several are first tried all at once, in parallel, and
 * journaled together); the job becomes STORED with the last. A paid result is given up only when its
 * URL is past its {@code Expires}:
 * <ul>
 *   <li>a download refused with 403/404/410 before that is tried again with back-off, after asking
 *       the task again for its (possibly newly signed) URLs;</li>
 *   <li>a download that failed or was cut short (checked against {@code Content-Length} and the
 *       image's own end marker, see {@link CheckedDownload}) is tried again with back-off;</li>
 *   <li>a store that failed (disk full, read-only folder, bucket refused) is tried again a few
 *       times;</li>
 * </ul>
 * and after {@link #ATTEMPTS} tries, or at the deadline, the job is left SUCCEEDED with the problem
 * recorded on it ({@link EditJob#problem()}): paid for, safe in the journal, finished by {@code resume}.
 */
public final class ResultCollector {

    /** Tries of one result per collection before it is left for {@code resume}. */
    static final int ATTEMPTS = 6;
    /** Tries of one result whose store (not download) fails: a full disk does not empty itself in seconds. */
    static final int STORE_ATTEMPTS = 2;

    private final ResultDownloader downloader;
    private final ResultStore store;
    private final JobRepository jobs;
    private final TaskPoller poller;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Executor parallel;

    /** Downloads a job's results one after the other, on the caller's thread. */
    public ResultCollector(ResultDownloader downloader, ResultStore store, JobRepository jobs, TaskPoller poller, Clock clock,
                           Sleeper sleeper, Backoff backoff, RandomGenerator random) {
        this(downloader, store, jobs, poller, clock, sleeper, backoff, random, Runnable::run);
    }

    /**
     * @param parallel runs the downloads of a job's second and further results while the caller's
     *     thread downloads the first (and its store writes the image and its sidecar); its tasks
     *     wait for nothing, so any pool will do, even one shared with other jobs
     */
    public ResultCollector(ResultDownloader downloader, ResultStore store, JobRepository jobs, TaskPoller poller, Clock clock,
                           Sleeper sleeper, Backoff backoff, RandomGenerator random, Executor parallel) {
        this.parallel = parallel;
        this.downloader = downloader;
        this.store = store;
        this.jobs = jobs;
        this.poller = poller;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.random = random;
    }

    /** How often another process's write to the job is met before the journal's copy is returned as it is. */
    static final int CONCURRENT_WRITES = 3;

    /**
     * Stores what is not stored yet, trying until {@code deadline}; the job returned says how it
     * ended. When another process (status --refresh, cancel, a take-over) writes the job meanwhile,
     * the journal's copy is read again and the work goes on from it: a result stored before is stored
     * again as a no-op (the store keeps the same bytes under the same name), so nothing is lost and
     * nothing is paid. Callers go on with the returned job, not the one they passed.
     */
    public EditJob collect(EditJob job, ProgressListener progress, Instant deadline) throws InterruptedException {
        poller.recordHistory(job);
        EditJob current = job;
        for (int writes = 0; ; writes++) {
            try {
                if (current.state() == JobState.SUCCEEDED) {
                    storeAtOnce(current, progress);
                }
                for (ResultImage pending : current.pendingDownloads()) {
                    if (current.state() != JobState.SUCCEEDED) {
                        break;
                    }
                    if (!collectOne(current, pending.index(), progress, deadline)) {
                        break; // left for resume, the problem recorded; the others would most likely meet it too
                    }
                }
                return current;
            } catch (ConcurrentJobUpdate e) {
                Optional<EditJob> fresh = jobs.find(current.id());
                if (fresh.isEmpty() || writes + 1 >= CONCURRENT_WRITES) {
                    return fresh.orElse(current);
                }
                current = fresh.get();
            }
        }
    }

    /**
     * The first try of every result of a job with several, all at once: the first on this thread, the
     * others on the parallel executor, then journaled together. Whatever did not go is left to the
     * one-by-one tries with back-off ({@link #collectOne}), which also decide about expired URLs.
     */
    private void storeAtOnce(EditJob job, ProgressListener progress) {
        List<ResultImage> pending = job.pendingDownloads();
        if (pending.size() < 2 || pending.stream().anyMatch(i -> i.urlExpiresAt().filter(t -> !clock.instant().isBefore(t)).isPresent())) {
            return;
        }
        List<CompletableFuture<StoredResult>> tries = new ArrayList<>();
        for (int i = 1; i < pending.size(); i++) {
            ResultImage image = pending.get(i);
            tries.add(CompletableFuture.supplyAsync(() -> fetchAndStore(job, image), parallel));
        }
        List<StoredResult> stored = new ArrayList<>();
        List<ResultImage> done = new ArrayList<>();
        try {
            stored.add(fetchAndStore(job, pending.get(0)));
            done.add(pending.get(0));
        } catch (RuntimeException e) {
            // tried again below, one by one
        }
        for (int i = 1; i < pending.size(); i++) {
            try {
                stored.add(tries.get(i - 1).join());
                done.add(pending.get(i));
            } catch (CompletionException e) {
                // tried again below, one by one
            }
        }
        if (done.isEmpty()) {
            return;
        }
        for (int i = 0; i < done.size(); i++) {
            StoredResult r = stored.get(i);
            job.recordStored(done.get(i).index(), r.location(), r.sha256(), r.bytes(), clock.instant());
        }
        jobs.update(job);
        done.forEach(d -> progress.stored(job, current(job, d.index())));
    }

    /** @return false when the result could not be stored now (the job records why) */
    private boolean collectOne(EditJob job, int index, ProgressListener progress, Instant deadline)
            throws InterruptedException {
        int storeFailures = 0;
        for (int attempt = 1; ; attempt++) {
            ResultImage image = current(job, index);
            if (image.urlExpiresAt().filter(t -> !clock.instant().isBefore(t)).isPresent()) {
                job.resultsExpired(clock.instant());
                jobs.update(job);
                return false;
            }
            JobProblem problem;
            Optional<Duration> retryAfter = Optional.empty();
            boolean refresh = false;
            try {
                StoredResult stored = fetchAndStore(job, image);
                job.recordStored(index, stored.location(), stored.sha256(), stored.bytes(), clock.instant());
                jobs.update(job);
                progress.stored(job, current(job, index));
                return true;
            } catch (RemoteServiceException.ResultExpired e) {
                job.resultsExpired(clock.instant());
                jobs.update(job);
                return false;
            } catch (RemoteServiceException.DownloadDenied e) {
                problem = new JobProblem(clock.instant(), "download_denied", e.getMessage());
                refresh = true;
            } catch (RemoteServiceException.Rejected e) {
                if (!"NotAnImage".equals(e.code())) { // not allowed, too large: trying again cannot help
                    return leave(job, new JobProblem(clock.instant(), "download_refused", e.getMessage()));
                }
                problem = new JobProblem(clock.instant(), "download_failed", e.getMessage()); // garbled on the way?
            } catch (RemoteServiceException e) {
                problem = new JobProblem(clock.instant(), "download_failed", e.getMessage());
                retryAfter = e.retryAfter();
            } catch (DownloadCutShort e) {
                problem = new JobProblem(clock.instant(), "download_failed", e.getMessage());
            } catch (ResultStoreException e) {
                problem = new JobProblem(clock.instant(), "store_failed", e.getMessage());
                if (++storeFailures >= STORE_ATTEMPTS) {
                    return leave(job, problem);
                }
            }
            Duration pause = backoff.delay(attempt, retryAfter, random);
            if (attempt >= ATTEMPTS || !clock.instant().plus(pause).isBefore(deadline)) {
                return leave(job, problem);
            }
            sleeper.sleep(pause);
            if (refresh) {
                refreshUrls(job);
            }
        }
    }

    private boolean leave(EditJob job, JobProblem problem) {
        job.recordProblem(problem);
        jobs.update(job);
        return false;
    }

    /** Asks the task again for its result URLs (they may be newly signed); problems only cost the refresh. */
    private void refreshUrls(EditJob job) throws InterruptedException {
        try {
            if (job.refreshResultUrls(poller.fetch(job), clock.instant())) {
                jobs.update(job);
            }
        } catch (RemoteServiceException.Unavailable | RemoteServiceException.RateLimited e) {
            // keep the URLs we have
        }
    }

    private static ResultImage current(EditJob job, int index) {
        return job.results().stream().filter(r -> r.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + job.id() + " has no result " + index));
    }

    /** A download that ended early or did not add up; thrown in place of the store's failure it caused. */
    static final class DownloadCutShort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DownloadCutShort(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private StoredResult fetchAndStore(EditJob job, ResultImage image) {
        URI url = image.remoteUrl().orElseThrow(() -> new IllegalArgumentException("result " + image.index() + " has no URL"));
        return downloader.download(url, (body, type, length) -> {
            CheckedDownload checked = new CheckedDownload(body, length);
            try {
                return store.store(job, image, checked);
            } catch (ResultStoreException e) {
                if (checked.failure() != null) { // the store failed because the body did
                    throw new DownloadCutShort("downloading result " + image.index() + " failed: "
                            + checked.failure().getMessage(), checked.failure());
                }
                throw e;
            }
        });
    }
}
