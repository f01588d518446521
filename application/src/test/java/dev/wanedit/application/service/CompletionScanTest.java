package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompletionScanTest {

    private final ServiceFixture f = new ServiceFixture();
    private final CompletionScan scan = new CompletionScan(f.editing, f.sleeper);
    private final RateLimiter unlimited = new RateLimiter(f.clock, 10_000);

    CompletionScanTest() {
        f.editing.pageSize(10);
    }

    /** {@code count} tasks created one second apart; each runs 30 s after 5 s in the queue. */
    private List<EditJob> tasksOneSecondApart(int count) throws InterruptedException {
        return tasksApart(count, Duration.ofSeconds(1));
    }

    private List<EditJob> tasksApart(int count, Duration spacing) throws InterruptedException {
        f.editing.durations(Duration.ofSeconds(5), Duration.ofSeconds(30));
        List<EditJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(f.submit.submit(ServiceFixture.wan25("Put clock " + i + " next to the vase"),
                    new SubmitOptions(SubmitMode.ASYNC, false, Optional.empty()), unlimited).journaled().orElseThrow());
            f.clock.advance(spacing);
        }
        return jobs;
    }

    private static Set<String> taskIds(List<EditJob> jobs) {
        return jobs.stream().map(j -> j.task().orElseThrow().taskId()).collect(Collectors.toSet());
    }

    @Test
    void scan_reportsExactlyTheTasksNoLongerPendingOrRunning() throws Exception {
        List<EditJob> jobs = tasksOneSecondApart(45);
        f.clock.advance(Duration.ofSeconds(-45 + 40)); // now = first create + 40 s: tasks 0..10 have ended (end = create + 30 s)

        CompletionScan.Result r = scan.scan(jobs, unlimited, f.clock.instant()).orElseThrow();

        assertThat(r.settled()).isEqualTo(taskIds(jobs.subList(0, 11)));
        // 45 tasks: 29 RUNNING (3 pages of 10) and 5 PENDING (1 page); each page one call
        assertThat(r.calls()).isEqualTo(4);
        assertThat(f.editing.count("list")).isEqualTo(4);
        assertThat(f.editing.count("fetch")).isZero();
    }

    @Test
    void scan_eachPageWaitsForAPermitOfTheQueryBudget() throws Exception {
        List<EditJob> jobs = tasksOneSecondApart(45);
        RateLimiter twoPerSecond = new RateLimiter(f.clock, 2);
        Instant before = f.clock.instant();

        CompletionScan.Result r = scan.scan(jobs, twoPerSecond, f.clock.instant()).orElseThrow();

        assertThat(r.calls()).isEqualTo(4); // 3 pages of RUNNING tasks, 1 of PENDING ones
        assertThat(f.editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(2);
        assertThat(Duration.between(before, f.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // 2 calls, then 2 more a second later
    }

    @Test
    void scan_throttled_givesUpThisTimeAndHonoursTheRetryAfter() throws Exception {
        List<EditJob> jobs = tasksOneSecondApart(3);
        RateLimiter budget = new RateLimiter(f.clock, 20);
        f.editing.failNextListPage(new RemoteServiceException.RateLimited("Requests rate limit exceeded", "Throttling.RateQuota",
                "req-1", Optional.of(Duration.ofSeconds(4))));

        assertThat(scan.scan(jobs, budget, f.clock.instant())).isEmpty();
        assertThat(budget.reserve()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(scan.scan(jobs, budget, f.clock.instant())).isPresent(); // the next scan reads the list again
    }

    @Test
    void scan_unavailable_givesUpThisTimeOnly() throws Exception {
        List<EditJob> jobs = tasksOneSecondApart(3);
        f.editing.failNextListPage(new RemoteServiceException.Unavailable("busy", "ServiceUnavailable", "req-1", 503, null));

        assertThat(scan.scan(jobs, unlimited, f.clock.instant())).isEmpty();
        assertThat(scan.scan(jobs, unlimited, f.clock.instant())).isPresent();
    }

    @Test
    void scan_listRefused_isNeverAskedAgain() throws Exception {
        List<EditJob> jobs = tasksOneSecondApart(3);
        f.editing.failNextListPage(new RemoteServiceException.Rejected("Parameter status is invalid", "InvalidParameter",
                "req-1", 400));

        assertThat(scan.scan(jobs, unlimited, f.clock.instant())).isEmpty();
        assertThat(scan.scan(jobs, unlimited, f.clock.instant())).isEmpty();
        assertThat(f.editing.count("list")).isEqualTo(1);
    }

    @Test
    void scan_tooManyActiveTasksToBeWorthIt_givesUp() throws Exception {
        // all of them running at once: more pages than a scan may read
        List<EditJob> jobs = tasksApart(CompletionScan.MAX_PAGES * 10 + 1, Duration.ofMillis(10));
        f.clock.advance(Duration.ofSeconds(6));

        assertThat(scan.scan(jobs, unlimited, f.clock.instant())).isEmpty();
        assertThat(f.editing.count("list")).isEqualTo(CompletionScan.MAX_PAGES);
    }

    @Test
    void scan_jobsWithoutATask_areLeftOut() throws Exception {
        assertThat(scan.scan(List.of(), unlimited, f.clock.instant()).orElseThrow().settled()).isEmpty();
        assertThat(f.editing.count("list")).isZero();
        List<EditJob> running = tasksOneSecondApart(2);
        EditJob notSent = EditJob.create(new JobIdSource(f.clock, new java.util.Random(3)).next(),
                ServiceFixture.wan25("Never sent"), f.clock.instant(), Optional.empty());

        CompletionScan.Result r = scan.scan(List.of(running.get(0), notSent, running.get(1)), unlimited, f.clock.instant())
                .orElseThrow();

        assertThat(r.settled()).as("only tasks of ours are judged; a job without a task is neither active nor ended").isEmpty();
    }
}
