package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The n results of a task are downloaded at once, not one after the other. */
class ParallelResultsTest {

    private final ServiceFixture f = new ServiceFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private EditJob succeeded(int n) throws InterruptedException {
        EditJob job = f.submit.submit(ServiceFixture.wan25(n), SubmitOptions.async()).journaled().orElseThrow();
        f.clock.advance(Duration.ofMinutes(2));
        job.apply(f.poller.fetch(job), f.clock.instant());
        f.jobs.update(job);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        return job;
    }

    @Test
    void allResultsOfATask_areInFlightTogether_andJournaledStored() throws InterruptedException {
        EditJob job = succeeded(4);
        CountDownLatch allStarted = new CountDownLatch(4);
        ResultDownloader together = new ResultDownloader() {
            @Override
            public <T> T download(URI url, Handler<T> handler) {
                allStarted.countDown();
                try {
                    if (!allStarted.await(10, TimeUnit.SECONDS)) { // one at a time would never get here
                        throw new RemoteServiceException.Unavailable("the other downloads never started", "", "", 0, null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return f.downloads.download(url, handler);
            }
        };
        ResultCollector collector = new ResultCollector(together, f.downloads, f.jobs, f.poller, f.clock, f.sleeper,
                Backoff.STANDARD, f.random, pool);

        EditJob stored = collector.collect(job, ProgressListener.NONE, f.clock.instant().plus(Duration.ofMinutes(5)));

        assertThat(stored.state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.stored()).hasSize(4);
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.downloads()).isEqualTo(4);
    }

    @Test
    void aResultThatFailsInTheParallelTry_isTriedAgainOnItsOwn() throws InterruptedException {
        EditJob job = succeeded(3);
        f.downloads.failNextDownload(new RemoteServiceException.Unavailable("reset", "", "", 0, null));
        ResultCollector collector = new ResultCollector(f.downloads, f.downloads, f.jobs, f.poller, f.clock, f.sleeper,
                Backoff.STANDARD, f.random, pool);

        EditJob stored = collector.collect(job, ProgressListener.NONE, f.clock.instant().plus(Duration.ofMinutes(5)));

        assertThat(stored.state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.stored()).hasSize(3);
        assertThat(f.downloads.downloads()).isEqualTo(4);
    }
}
