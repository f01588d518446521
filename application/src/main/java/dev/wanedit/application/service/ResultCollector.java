package dev.wanedit.application.service;

import dev.wanedit.application.port.in.ProgressListener;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.ResultImage;
import java.time.Clock;
import java.time.Duration;

/**
 * Downloads and stores every successful result of a SUCCEEDED job, journaling each one as soon
 * as it is safe; the job becomes STORED with the last. Expired URLs end the job as EXPIRED;
 * transient download failures are retried a few times, then left for {@code resume}.
 */
public final class ResultCollector {

    static final int DOWNLOAD_ATTEMPTS = 4;

    private final ResultDownloader downloader;
    private final ResultStore store;
    private final JobRepository jobs;
    private final Clock clock;
    private final Sleeper sleeper;

    public ResultCollector(ResultDownloader downloader, ResultStore store, JobRepository jobs, Clock clock, Sleeper sleeper) {
        this.downloader = downloader;
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Stores what is not stored yet. */
    public EditJob collect(EditJob job, ProgressListener progress) throws InterruptedException {
        for (ResultImage image : job.pendingDownloads()) {
            if (job.state() != JobState.SUCCEEDED) {
                break;
            }
            if (image.urlExpiresAt().filter(t -> !clock.instant().isBefore(t)).isPresent()) {
                job.resultsExpired(clock.instant());
                jobs.update(job);
                break;
            }
            try {
                StoredResult stored = fetchAndStore(job, image);
                job.recordStored(image.index(), stored.location(), stored.sha256(), stored.bytes(), clock.instant());
                jobs.update(job);
                ResultImage now = job.results().stream().filter(r -> r.index() == image.index()).findFirst().orElse(image);
                progress.stored(job, now);
            } catch (RemoteServiceException.ResultExpired e) {
                job.resultsExpired(clock.instant());
                jobs.update(job);
            }
        }
        return job;
    }

    private StoredResult fetchAndStore(EditJob job, ResultImage image) throws InterruptedException {
        java.net.URI url = image.remoteUrl()
                .orElseThrow(() -> new IllegalArgumentException("result " + image.index() + " has no URL"));
        for (int attempt = 1; ; attempt++) {
            try {
                return downloader.download(url, (body, type, length) -> store.store(job, image, body));
            } catch (RemoteServiceException.Unavailable | RemoteServiceException.RateLimited e) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    throw e;
                }
                Duration pause = e.retryAfter().orElse(Duration.ofMillis(500L << attempt));
                sleeper.sleep(pause);
            }
        }
    }
}
