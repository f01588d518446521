package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.fakes.ClockSleeper;
import dev.wanedit.application.fakes.FakeDownloads;
import dev.wanedit.application.fakes.FakeImageEditing;
import dev.wanedit.application.fakes.FakeInspector;
import dev.wanedit.application.fakes.InMemoryJobRepository;
import dev.wanedit.application.fakes.LeaseBook;
import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.LocalLimits;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.JobOwner;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Several processes on one journal and one account (issue "Many processes, many machines"),
 * simulated on one manual clock: each has its own services and lease owner; the journal, the
 * service and the account's limits are shared.
 */
class ManyProcessesTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final ClockSleeper sleeper = new ClockSleeper(clock);
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final FakeImageEditing editing = new FakeImageEditing(clock);
    private final FakeDownloads downloads = new FakeDownloads();
    private final FakeInspector inspector = new FakeInspector();
    private final LocalLimits account = new LocalLimits(clock);
    private final LeaseBook book = new LeaseBook(jobs);

    ManyProcessesTest() {
        inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 1024, 1024, 50_000, false));
    }

    /** One process: its own services and lease owner, the shared journal, service and account limits. */
    private final class Process {
        final JobLeases leases = book.process("host-" + (char) ('a' + book.held() % 26));
        final SplittableRandom random = new SplittableRandom(leases.self().pid());
        final Limiters limiters = new Limiters(clock, Optional.of(account));
        final Reconciler reconciler = new Reconciler(editing, jobs, limiters.queries(), clock, sleeper, random,
                Reconciler.Policy.STANDARD);
        final SubmitEditService submit = new SubmitEditService(jobs, editing, reconciler, limiters,
                new JobIdSource(clock, random), clock, sleeper, Backoff.STANDARD, random, Optional.empty(), leases);
        final TaskPoller poller = new TaskPoller(editing, limiters, sleeper);
        final ResultCollector collector = new ResultCollector(downloads, downloads, jobs, poller, clock, sleeper,
                Backoff.STANDARD, random);
        final AwaitJobService await = new AwaitJobService(jobs, poller, collector, reconciler, clock, sleeper, random,
                Backoff.STANDARD, leases);
        final ResumeJobsService resume = new ResumeJobsService(jobs, submit, await, editing, limiters, clock, leases);
        final ManageJobsService manage = new ManageJobsService(jobs, editing, poller, reconciler, clock, leases);
        final BatchService batch = new BatchService(new ValidateEditService(inspector, editing, ModelCatalog.standard()),
                submit, poller, collector, jobs, limiters, clock, sleeper, random);
    }

    private static ManifestSource lines(int count) {
        return () -> LongStream.rangeClosed(1, count).mapToObj(i -> ManifestLine.of(i, "sku-" + i,
                EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("Put product " + i + " on the shelf")
                        .n(1)));
    }

    private static BatchSpec spec() {
        return new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                Duration.ofHours(2));
    }

    private static final BatchProgress.Listener QUIET = new BatchProgress.Listener() {
        @Override
        public void update(BatchProgress p) {
        }
    };

    @Test
    void aProcessKilledMidBatch_isTakenOverByTheNext_withoutASecondCreate() throws Exception {
        Process a = new Process();
        int[] sleeps = {0};
        sleeper.onSleep(() -> {
            if (++sleeps[0] == 3) { // SIGKILL while tasks run: its leases stay in the journal, nothing releases them
                book.kill(a.leases);
                Thread.currentThread().interrupt();
            }
        });
        try {
            a.batch.run(spec(), lines(20), QUIET);
        } catch (InterruptedException expected) {
            // the process is gone
        }
        sleeper.onSleep(() -> { });
        int createdByA = editing.created();
        assertThat(createdByA).isBetween(1, 19);

        Process b = new Process();
        BatchReport report = b.batch.run(spec(), lines(20), QUIET);

        assertThat(report.countsByState()).containsEntry(JobState.STORED, 20L);
        assertThat(editing.created()).as("every line created exactly once").isEqualTo(20);
        assertThat(downloads.stored()).hasSize(20);
    }

    @Test
    void linesALiveProcessWorksOn_areWatchedNotSentNorQueried() throws Exception {
        Process a = new Process();
        ValidateEditService validate = new ValidateEditService(inspector, editing, ModelCatalog.standard());
        // A (alive) journaled and sent the first 5 lines of the same manifest
        for (ManifestLine line : lines(5).lines().toList()) {
            dev.wanedit.domain.request.EditRequest r = validate.prepare(line.edit().orElseThrow());
            a.submit.submit(r, new SubmitOptions(dev.wanedit.application.port.in.value.SubmitMode.ASYNC, false,
                    Optional.of(new dev.wanedit.domain.job.BatchRef("catalog.jsonl", line.key() + "@" + r.fingerprint().substring(0, 12))),
                    Duration.ZERO)).journaled().orElseThrow();
        }
        assertThat(editing.created()).isEqualTo(5);
        long fetchesBefore = editing.count("fetch");
        Process b = new Process();
        List<BatchReport.LineOutcome> ended = new ArrayList<>();

        BatchReport report = b.batch.run(new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(),
                Optional.empty(), false, false, Duration.ofMinutes(5)), lines(8), new BatchProgress.Listener() {
                    @Override
                    public void update(BatchProgress p) {
                    }

                    @Override
                    public void lineEnded(BatchReport.LineOutcome o) {
                        ended.add(o);
                    }
                });

        assertThat(editing.created()).as("B created only the lines nobody worked on").isEqualTo(8);
        assertThat(report.countsByState()).containsEntry(JobState.STORED, 3L);
        assertThat(ended).filteredOn(o -> o.failure().filter(f -> f.contains("left to the process")).isPresent()).hasSize(5);
        assertThat(editing.count("fetch") - fetchesBefore).as("B queried only its own three tasks")
                .isLessThanOrEqualTo(3 * 12);
        for (EditJob j : jobs.list(JobQuery.inStates(java.util.Set.of(JobState.PENDING, JobState.RUNNING)))) {
            assertThat(a.leases.holders(List.of(j.id()))).containsKey(j.id());
        }
    }

    @Test
    void resume_leavesAJobAnotherLiveProcessHolds_andNamesIt_thenTakesItOverWhenThatProcessDies() throws Exception {
        Process a = new Process();
        EditJob job = a.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        Process b = new Process();

        List<ResumeJobs.Resumed> first = b.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.job().state()).isEqualTo(JobState.PENDING);
            assertThat(r.reason()).hasValueSatisfying(why -> assertThat(why).contains("being worked on by").contains("pid"));
            assertThat(r.leftToOwner()).isTrue();
        });
        Map<dev.wanedit.domain.job.JobId, JobOwner> owners = b.manage.owners(List.of(job.id()));
        assertThat(owners.get(job.id()).thisProcess()).isFalse();
        assertThat(owners.get(job.id()).describe()).contains("pid");
        assertThat(b.manage.status(job.id(), true).state()).as("no refresh of a job another process holds")
                .isEqualTo(JobState.PENDING);
        assertThat(editing.count("fetch")).isZero();

        book.kill(a.leases);
        List<ResumeJobs.Resumed> second = b.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);

        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.job().state()).isEqualTo(JobState.STORED);
            assertThat(r.leftToOwner()).isFalse();
        });
        assertThat(editing.created()).isEqualTo(1);
    }

    @Test
    void cancel_ofAJobLeftSending_givesBackTheLeaseItTookToSettleIt() throws Exception {
        Process a = new Process();
        EditJob sending = a.submit.journal(ServiceFixture.wan25(1), SubmitOptions.async()).job();
        sending.beginSubmission(clock.instant());
        jobs.update(sending);
        book.kill(a.leases); // killed while sending: nobody knows whether the create arrived
        Process b = new Process();

        EditJob after;
        try {
            after = b.manage.cancel(sending.id());
        } catch (dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown stillUnknown) {
            after = jobs.find(sending.id()).orElseThrow();
        }

        assertThat(after.state()).isIn(JobState.OUTCOME_UNKNOWN, JobState.CANCELED);
        assertThat(b.leases.holders(List.of(sending.id()))).as("a long-lived process keeps no lease after cancel").isEmpty();
        Process c = new Process();
        assertThat(c.leases.acquire(sending.id())).as("another process may settle it").isTrue();
        assertThat(editing.created()).isZero();
    }

    @Test
    void theSameRequestFromTwoProcesses_whileTheFirstIsSending_isCreatedOnce() throws Exception {
        Process a = new Process();
        Process b = new Process();
        // A journaled the job and is sending it (leased, SUBMITTING): B's identical edit must not create a second task
        dev.wanedit.application.port.out.JobRepository.Insertion ins = a.submit.journal(ServiceFixture.wan25(1),
                SubmitOptions.async());
        EditJob sending = ins.job();
        sending.beginSubmission(clock.instant());
        jobs.update(sending);

        EditJob seenByB = b.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(seenByB.id()).isEqualTo(sending.id());
        assertThat(editing.created()).isZero();
        assertThat(seenByB.state()).isEqualTo(JobState.SUBMITTING);
    }

    @Test
    void twoProcessesSubmitting_stayWithinTheModelsRateAndTheQueryBudgetTogether() throws Exception {
        Process a = new Process();
        Process b = new Process();
        List<EditJob> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Process p = i % 2 == 0 ? a : b;
            all.add(p.submit.submit(ServiceFixture.wan25("line " + i), SubmitOptions.async()).journaled().orElseThrow());
        }
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? a : b).await.await(all.get(i).id(), Duration.ofMinutes(10), ProgressListener.NONE);
        }

        assertThat(editing.created()).isEqualTo(30);
        assertThat(editing.maxCreatesPerSecond()).as("5 creates per second for both processes together")
                .isLessThanOrEqualTo(5);
        assertThat(editing.maxTaskCallsPerSecond()).isLessThanOrEqualTo(20);
    }
}
