package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.fakes.FakeImageEditing;
import dev.wanedit.application.fakes.LineOutcomes;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BatchServiceTest {

    private final ServiceFixture f = new ServiceFixture();
    private final BatchService batch = new BatchService(f.validate, f.submit, new TaskPoller(f.editing, f.limiters, f.sleeper),
            f.collector, f.jobs, f.limiters, f.clock, f.sleeper, new java.util.SplittableRandom(5));

    /** Every line's outcome, as the listener hears it (the report keeps only counts). */
    private final LineOutcomes collect = new LineOutcomes();
    private final List<BatchReport.LineOutcome> ended = collect.ended;

    BatchServiceTest() {
        f.inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 1024, 1024, 50_000, false));
        f.inspector.with("tiny.png", new ImageFacts(ImageFormat.PNG, 100, 100, 500, false));
    }

    private static ManifestSource lines(int count, String image) {
        return () -> LongStream.rangeClosed(1, count).mapToObj(i -> ManifestLine.of(i, "sku-" + i,
                EditRequest.draft(ModelCatalog.WAN25_I2I).image(image).prompt("Put product " + i + " on the shelf").n(1)));
    }

    private static BatchSpec spec() {
        return new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                Duration.ofHours(2));
    }

    @Test
    void run_manyLines_storesEverythingWithinTheModelsLimits() throws Exception {
        List<BatchProgress> progress = new ArrayList<>();

        BatchReport report = batch.run(spec(), lines(40, "shelf.png"), new BatchProgress.Listener() {
            @Override
            public void update(BatchProgress p) {
                progress.add(p);
            }

            @Override
            public void lineEnded(BatchReport.LineOutcome outcome) {
                ended.add(outcome);
            }
        });

        assertThat(ended).hasSize(40).allMatch(o -> o.state() == JobState.STORED);
        assertThat(report.countsByState()).containsExactly(java.util.Map.entry(JobState.STORED, 40L));
        assertThat(report.notable()).isEmpty();
        assertThat(report.imagesStored()).isEqualTo(40);
        assertThat(report.cost().amount()).isEqualByComparingTo("8.00");
        assertThat(f.editing.created()).isEqualTo(40);
        // wan2.5: 5 concurrent tasks, and the batch uses all of them (one at a time would pass "at most 5")
        assertThat(f.editing.maxActive()).isEqualTo(5);
        assertThat(f.editing.maxFetchesPerSecond()).isLessThanOrEqualTo(20); // account query budget
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).imagesStored()).isEqualTo(40);
    }

    @Test
    void run_concurrencyOverride_isHonoured() throws Exception {
        BatchSpec two = new BatchSpec("c", OptionalInt.of(2), OptionalDouble.of(1.0), Optional.empty(), false, false,
                Duration.ofHours(2));

        BatchReport report = batch.run(two, lines(10, "shelf.png"), collect);

        assertThat(ended).hasSize(10).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.maxActive()).isEqualTo(2); // the override binds, and is filled
    }

    @Test
    void run_queryBudgetOverride_pollsFasterButNeverAboveIt() throws Exception {
        BatchSpec fast = new BatchSpec("q", OptionalInt.of(300), OptionalDouble.of(300.0), Optional.empty(), false, false,
                Duration.ofHours(2), OptionalDouble.of(60.0));

        BatchReport report = batch.run(fast, lines(300, "shelf.png"), collect);

        assertThat(ended).hasSize(300).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.maxFetchesPerSecond()).isGreaterThan(20);
        assertThat(f.editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(60);
    }

    @Test
    void run_moreTasksInFlightThanTheQueryBudget_findsEndedTasksThroughTheTaskList() throws Exception {
        // 10 creates a second, 15 s each: about 150 in flight, far more than 20 queries a second can poll in turn
        f.editing.durations(Duration.ZERO, Duration.ofSeconds(15));
        BatchSpec wide = new BatchSpec("wide", OptionalInt.of(300), OptionalDouble.of(10.0), Optional.empty(), false, false,
                Duration.ofHours(2));

        BatchReport report = batch.run(wide, lines(300, "shelf.png"), collect);

        assertThat(ended).hasSize(300).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(300);
        assertThat(f.editing.count("list")).as("task-list pages").isPositive();
        assertThat(f.editing.maxTaskCallsPerSecond()).as("queries and list pages share the budget").isLessThanOrEqualTo(20);
        assertThat(f.editing.count("fetch")).as("about one query per task, when it has ended").isLessThanOrEqualTo(2 * 300);
        List<EditJob> byEnd = f.jobs.list(JobQuery.inStates(Set.of(JobState.STORED))).stream()
                .sorted(java.util.Comparator.comparing(j -> j.remoteEndTime().orElseThrow())).toList();
        // while more than 20 are in flight, the list finds an ended task within about a second; the last
        // 20 are polled one by one on wan2.5's regular interval (at most 5 s, with jitter)
        assertThat(byEnd).hasSize(300);
        assertThat(byEnd.subList(0, 280)).allSatisfy(j -> assertThat(Duration.between(j.remoteEndTime().orElseThrow(), j.updatedAt()))
                .as("from the task's end to its image stored").isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(byEnd.subList(280, 300)).allSatisfy(j -> assertThat(Duration.between(j.remoteEndTime().orElseThrow(), j.updatedAt()))
                .isLessThanOrEqualTo(Duration.ofSeconds(7)));
    }

    /** 300 lines at 10 creates a second, every one stored; how many results were fetched after the last task-list page. */
    private long runWideBatch() throws Exception {
        BatchSpec wide = new BatchSpec("wide", OptionalInt.of(300), OptionalDouble.of(10.0), Optional.empty(), false, false,
                Duration.ofHours(2));
        batch.run(wide, lines(300, "shelf.png"), collect);
        assertThat(ended).hasSize(300).allMatch(o -> o.state() == JobState.STORED);
        List<String> calls = f.editing.calls();
        return calls.subList(calls.lastIndexOf("list") + 1, calls.size()).stream().filter(c -> c.startsWith("fetch")).count();
    }

    @Test
    void run_tasksEndWhereTheirHistorySays_theListIsLeftAloneOnceTheScheduledLooksHit() throws Exception {
        // about 150 in flight, each 15 s: before the first ends the list is what finds them; once the
        // journal's history puts every look just after its task's end, a list page only costs budget
        f.editing.durations(Duration.ZERO, Duration.ofSeconds(15));
        long fetchedAfterLastList = runWideBatch();

        // (reading the list to the end, as before: 145 pages, the last with 30 results to fetch)
        assertThat(f.editing.count("list")).as("task-list pages").isPositive().isLessThanOrEqualTo(80);
        assertThat(fetchedAfterLastList).as("results fetched after the last list page").isGreaterThanOrEqualTo(200);
        assertThat(f.editing.count("fetch")).as("each look finds its task ended").isLessThanOrEqualTo(310);
        assertThat(f.editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(20);
        List<EditJob> byEnd = f.jobs.list(JobQuery.inStates(Set.of(JobState.STORED))).stream()
                .sorted(java.util.Comparator.comparing(j -> j.remoteEndTime().orElseThrow())).toList();
        assertThat(byEnd.subList(0, 280)).allSatisfy(j -> assertThat(Duration.between(j.remoteEndTime().orElseThrow(), j.updatedAt()))
                .as("from the task's end to its image stored").isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void run_tasksEndingAnywhereInAWideSpread_keepReadingTheList() throws Exception {
        // 15 to 60 s: the history's looks mostly miss, so the list stays the cheaper way to find ends
        f.editing.durations(Duration.ZERO, Duration.ofSeconds(15)).spread(Duration.ofSeconds(45));
        long fetchedAfterLastList = runWideBatch();

        assertThat(f.editing.count("list")).as("task-list pages").isGreaterThanOrEqualTo(200);
        assertThat(fetchedAfterLastList).as("read until few enough are in flight to poll in turn").isLessThanOrEqualTo(60);
        assertThat(f.editing.count("fetch")).isLessThanOrEqualTo(2 * 300);
        assertThat(f.editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(20);
    }

    @Test
    void run_taskListRefused_pollsEveryTaskOnItsScheduleInstead() throws Exception {
        f.editing.durations(Duration.ZERO, Duration.ofSeconds(15));
        f.editing.failNextListPage(new RemoteServiceException.Rejected("Parameter status is invalid", "InvalidParameter", "req-1", 400));
        BatchSpec wide = new BatchSpec("wide", OptionalInt.of(300), OptionalDouble.of(10.0), Optional.empty(), false, false,
                Duration.ofHours(2));

        BatchReport report = batch.run(wide, lines(100, "shelf.png"), collect);

        assertThat(ended).hasSize(100).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.count("list")).isEqualTo(1);
        assertThat(f.editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(20);
    }

    @Test
    void run_sameManifestAgain_submitsNothingTwice() throws Exception {
        batch.run(spec(), lines(12, "shelf.png"), collect);
        ended.clear();

        BatchReport again = batch.run(spec(), lines(12, "shelf.png"), collect);

        assertThat(f.editing.created()).isEqualTo(12);
        assertThat(ended).hasSize(12).allMatch(o -> o.state() == JobState.STORED);
    }

    @Test
    void run_force_resubmits() throws Exception {
        batch.run(spec(), lines(3, "shelf.png"), collect);
        BatchSpec force = new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false,
                true, Duration.ofHours(2));

        batch.run(force, lines(3, "shelf.png"), collect);

        assertThat(f.editing.created()).isEqualTo(6);
    }

    @Test
    void run_invalidLines_areReportedWithLineNumbersAndSkipped() throws Exception {
        ManifestSource manifest = () -> java.util.stream.Stream.of(
                ManifestLine.of(1, "a", EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("ok")),
                ManifestLine.of(2, "b", EditRequest.draft(ModelCatalog.WAN25_I2I).image("tiny.png").prompt("too small")),
                ManifestLine.unreadable(3, "not valid JSON: unexpected end"),
                ManifestLine.of(4, "d", EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("ok too")));

        BatchReport report = batch.run(spec(), manifest, collect);

        assertThat(report.invalid()).extracting(BatchReport.InvalidLine::lineNumber).containsExactly(2L, 3L);
        assertThat(report.invalid().get(0).violations().get(0).message()).contains("tiny.png", "384");
        assertThat(ended).extracting(BatchReport.LineOutcome::lineNumber).containsExactlyInAnyOrder(1L, 4L);
        assertThat(f.editing.created()).isEqualTo(2);
    }

    @Test
    void run_strictWithAnInvalidLine_refusesTheBatchBeforeSubmittingAnything() throws Exception {
        ManifestSource manifest = () -> java.util.stream.Stream.of(
                ManifestLine.of(1, "a", EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("ok")),
                ManifestLine.of(2, "b", EditRequest.draft(ModelCatalog.WAN25_I2I).image("tiny.png").prompt("x")));
        BatchSpec strict = new BatchSpec("s", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), true, false,
                Duration.ofHours(1));

        BatchReport report = batch.run(strict, manifest, collect);

        assertThat(report.refused()).isTrue();
        assertThat(f.editing.calls()).isEmpty();
    }

    @Test
    void run_maxCost_stopsSubmittingBeforeTheEstimatePassesIt() throws Exception {
        BatchSpec capped = new BatchSpec("m", OptionalInt.empty(), OptionalDouble.empty(), Optional.of(Money.cny("1.00")), false,
                false, Duration.ofHours(1));

        BatchReport report = batch.run(capped, lines(10, "shelf.png"), collect);

        assertThat(report.stoppedByCost()).isTrue();
        assertThat(f.editing.created()).isEqualTo(5); // 5 x 0.20 CNY
        assertThat(report.notSubmitted()).isEqualTo(5);
    }

    @Test
    void run_partialAndFailedTasks_areReportedPerLine() throws Exception {
        f.editing.outcome(FakeImageEditing.Outcome.FAIL);

        BatchReport report = batch.run(spec(), lines(3, "shelf.png"), collect);

        assertThat(ended).hasSize(3).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(JobState.FAILED);
            assertThat(o.failure()).hasValueSatisfying(m -> assertThat(m).contains("InternalError.Algo"));
        });
        assertThat(report.tally().failed()).isEqualTo(3);
        assertThat(report.tally().notable()).isEqualTo(3);
        assertThat(report.notable()).containsExactlyElementsOf(ended);
    }

    @Test
    void run_createUnavailableOrThrottled_isSentAgainInTheSameRun() throws Exception {
        f.editing.failNextSubmit(new RemoteServiceException.Unavailable("busy", "ModelUnavailable", "r1", 503, null));
        for (int i = 0; i < 5; i++) {
            f.editing.failNextSubmit(new RemoteServiceException.RateLimited("slow down", "Throttling.RateQuota", "r2",
                    Optional.of(Duration.ofSeconds(3))));
        }

        BatchReport report = batch.run(spec(), lines(4, "shelf.png"), collect);

        assertThat(ended).hasSize(4).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(4);
        assertThat(report.notSubmitted()).isZero();
    }

    @Test
    void run_keyRefusedBeforeAnythingWasSubmitted_failsTheRunWithTheRefusal() {
        f.editing.failNextSubmit(new RemoteServiceException.Unauthorized("Invalid API-key provided.", "InvalidApiKey", "r", 401));

        assertThatThrownBy(() -> batch.run(spec(), lines(3, "shelf.png"), collect))
                .isInstanceOf(RemoteServiceException.Unauthorized.class);
        assertThat(f.editing.created()).isZero();
    }

    @Test
    void run_interrupted_stopsAndLeavesTheJournalForResume() throws Exception {
        // Ctrl-C while the first tasks run: the interrupt arrives during a wait
        int[] sleeps = {0};
        f.sleeper.onSleep(() -> {
            if (++sleeps[0] == 2) {
                Thread.currentThread().interrupt();
            }
        });

        assertThatThrownBy(() -> batch.run(spec(), lines(12, "shelf.png"), collect))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        f.sleeper.onSleep(() -> { });
        java.util.List<EditJob> left = f.jobs.list(dev.wanedit.application.port.out.JobQuery.inStates(JobState.unfinished()));
        assertThat(left).as("tasks in flight stay in the journal, resumable").isNotEmpty()
                .allSatisfy(j -> assertThat(j.task()).isPresent());
        int created = f.editing.created();
        assertThat(created).isLessThan(12);

        BatchReport again = batch.run(spec(), lines(12, "shelf.png"), collect);

        assertThat(again.countsByState()).containsEntry(JobState.STORED, 12L);
        assertThat(f.editing.created()).as("nothing created twice after the interruption").isEqualTo(12);
    }

    @Test
    void run_deadline_leavesTasksInFlightForResume() throws Exception {
        f.editing.durations(Duration.ofSeconds(2), Duration.ofMinutes(10));
        BatchSpec quick = new BatchSpec("d", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                Duration.ofMinutes(1));

        BatchReport report = batch.run(quick, lines(8, "shelf.png"), collect);

        assertThat(ended).hasSize(5).allMatch(o -> o.state() == JobState.RUNNING);
        assertThat(report.tally().unfinished()).isEqualTo(5);
        assertThat(report.notSubmitted()).isEqualTo(3);
        assertThat(f.jobs.list(dev.wanedit.application.port.out.JobQuery.inStates(JobState.unfinished()))).hasSize(5);
    }

    @Test
    void run_storingOnAPool_storesEverythingOnceAndReportsItAll() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            BatchService parallel = new BatchService(f.validate, f.submit, new TaskPoller(f.editing, f.limiters, f.sleeper),
                    f.collector, f.jobs, f.limiters, f.clock, f.sleeper, new java.util.SplittableRandom(5), pool);

            BatchReport report = parallel.run(spec(), lines(30, "shelf.png"), collect);

            assertThat(ended).hasSize(30).allMatch(o -> o.state() == JobState.STORED);
            assertThat(report.imagesStored()).isEqualTo(30);
            assertThat(f.downloads.stored()).hasSize(30);
            assertThat(f.editing.created()).isEqualTo(30);
            assertThat(f.editing.maxActive()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void run_anotherProcessWritesAJobWhileTheBatchStoresIt_theBatchReadsItAgainAndFinishes() throws Exception {
        // stores run on their own executor; here they run at the batch's next sleep, so the batch meets
        // the finished store on a later look (not in the call that started it)
        java.util.Deque<Runnable> queued = new java.util.ArrayDeque<>();
        java.util.concurrent.Executor later = queued::add;
        f.sleeper.onSleep(() -> {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        });
        // `status --refresh` or `cancel` in another terminal writes the job between download and journal
        f.downloads.beforeNextStore(job -> f.jobs.update(f.jobs.find(job.id()).orElseThrow()));
        BatchService parallel = new BatchService(f.validate, f.submit, new TaskPoller(f.editing, f.limiters, f.sleeper),
                f.collector, f.jobs, f.limiters, f.clock, f.sleeper, new java.util.SplittableRandom(5), later);

        BatchReport report = parallel.run(spec(), lines(3, "shelf.png"), collect);

        assertThat(ended).hasSize(3).allMatch(o -> o.state() == JobState.STORED);
        assertThat(report.imagesStored()).isEqualTo(3);
        assertThat(f.editing.created()).as("nothing paid twice").isEqualTo(3);
        assertThat(f.downloads.stored()).hasSize(3);
        assertThat(f.jobs.list(JobQuery.inStates(Set.of(JobState.STORED)))).hasSize(3);
    }
}
