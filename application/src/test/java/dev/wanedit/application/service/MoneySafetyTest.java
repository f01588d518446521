package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobEvent;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The edges where a paid task could be created twice or a paid result lost (issue "Never pay
 * twice"), on the real services with scripted fakes and a manual clock.
 */
class MoneySafetyTest {

    private final ServiceFixture f = new ServiceFixture();
    private final Duration window = Reconciler.Policy.STANDARD.window();

    private static RemoteServiceException.OutcomeUnknown lost(CreateDoubt.Cause cause) {
        return new RemoteServiceException.OutcomeUnknown("the answer was lost (" + cause + ")", cause, 0, null);
    }

    @Test
    void a2xxWhoseBodyCouldNotBeRead_isNeverSentAgain_evenWhenTheListShowsItLate() throws Exception {
        f.editing.listLag(window.plusSeconds(60)); // longer than the whole search window
        f.editing.createThenFail(lost(CreateDoubt.Cause.UNREADABLE_ANSWER));

        EditJob job = f.submit.submit(ServiceFixture.wan25("Put a brass clock on the shelf"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(f.editing.created()).isEqualTo(1);
        assertThat(job.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(job.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.ADOPTED);
        EditJob done = f.await.await(job, Duration.ofMinutes(5), ProgressListener.NONE);
        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(f.editing.created()).as("and resume sends nothing either").isEqualTo(1);
        assertThat(f.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE)).isEmpty();
    }

    @Test
    void a2xxWhoseBodyCouldNotBeRead_beyondThePatience_staysUnknownAndResumeFindsIt() throws Exception {
        f.editing.listLag(Duration.ofMinutes(8));
        f.editing.createThenFail(lost(CreateDoubt.Cause.UNREADABLE_ANSWER));

        EditJob job = f.submit.submit(ServiceFixture.wan25("Put a brass clock on the shelf"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        assertThat(job.doubt().orElseThrow().taken()).isTrue();
        f.clock.advance(Duration.ofMinutes(5));
        List<ResumeJobs.Resumed> resumed = f.resume.resume(Duration.ofMinutes(10), false, ProgressListener.NONE);
        assertThat(resumed).singleElement().satisfies(r -> assertThat(r.job().state()).isEqualTo(JobState.STORED));
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void aGatewayPage_withAListThatCatchesUpLate_createsOnce() throws Exception {
        f.editing.listLag(Duration.ofSeconds(40));
        f.editing.createThenFail(lost(CreateDoubt.Cause.GATEWAY_ERROR));

        EditJob job = f.submit.submit(ServiceFixture.wan25("Put a brass clock on the shelf"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(f.editing.created()).isEqualTo(1);
        assertThat(job.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(f.editing.count("list")).as("one empty look proves nothing").isGreaterThan(2);
    }

    @Test
    void aCreateThatNeverArrived_isSentAgainOnlyAfterTheWholeWindow_andTheJournalSaysWhy() throws Exception {
        Instant sent = f.clock.instant();
        f.editing.failNextSubmit(lost(CreateDoubt.Cause.NO_ANSWER)); // nothing created

        EditJob job = f.submit.submit(ServiceFixture.wan25("Put a brass clock on the shelf"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(f.editing.created()).isEqualTo(1);
        assertThat(job.state()).isIn(JobState.PENDING, JobState.RUNNING);
        assertThat(f.clock.instant()).as("resent only after the window").isAfterOrEqualTo(sent.plus(window));
        assertThat(f.editing.count("list")).isGreaterThanOrEqualTo(Reconciler.Policy.MIN_LOOKS);
        assertThat(job.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JobEvent.Kind.RESENT);
            assertThat(e.detail()).contains("no answer").contains("120 s");
        });
    }

    @Test
    void anotherClientsTask_inTheSameMinute_isNeverAdopted() throws Exception {
        // client A (another journal) creates a task of the same model; B's only create never arrives
        f.editing.createForeign(ServiceFixture.wan25("client A"), "key-ours");
        f.editing.failNextSubmit(lost(CreateDoubt.Cause.NO_ANSWER));

        EditJob b = f.submit.submit(ServiceFixture.wan25("client B"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(b.task()).map(t -> t.taskId()).hasValueSatisfying(id -> assertThat(id).doesNotStartWith("foreign"));
        assertThat(f.editing.createdWithPrompt("client B")).isEqualTo(1);
        assertThat(b.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.RESENT);
    }

    @Test
    void anotherKeysTaskWithTheSamePrompt_isNotTakenForOurs() throws Exception {
        EditJob known = f.submit.submit(ServiceFixture.wan25("warm-up"), SubmitOptions.async()).journaled().orElseThrow(); // teaches our key id
        f.await.await(known, Duration.ofMinutes(5), ProgressListener.NONE);
        f.editing.createForeign(ServiceFixture.wan25("same words"), "key-of-a-colleague");
        f.editing.failNextSubmit(lost(CreateDoubt.Cause.NO_ANSWER));

        EditJob mine = f.submit.submit(ServiceFixture.wan25("same words"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(mine.task()).map(t -> t.taskId()).hasValueSatisfying(id -> assertThat(id).doesNotStartWith("foreign"));
        assertThat(mine.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.RESENT);
    }

    @Test
    void candidatesThatCannotBeToldApart_areNamedAndNeitherAdoptedNorPaidForAgain() throws Exception {
        f.editing.echoPrompt(false); // wan2.7 answers do not repeat the prompt
        EditRequest wan27 = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("A lighthouse at dawn").n(1).build();
        f.editing.createForeign(EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("someone else's").n(1).build(), "key-ours");
        f.editing.createThenLoseAnswer();

        EditJob job = f.submit.submit(wan27, SubmitOptions.async()).journaled().orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        assertThat(job.doubt().orElseThrow().candidates()).containsExactlyInAnyOrder("task-2", "foreign-1");
        assertThat(job.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.AMBIGUOUS);
        assertThat(f.editing.created()).isEqualTo(2);
        assertThat(f.editing.createdWithPrompt("A lighthouse at dawn")).isEqualTo(1);
    }

    @Test
    void theOnlyTaskOfTheModelInTheWindow_isAdoptedEvenWithoutAPromptToCompare_andSaysSo() throws Exception {
        f.editing.echoPrompt(false);
        f.editing.createThenLoseAnswer();
        EditRequest wan27 = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("A lighthouse at dawn").n(1).build();

        EditJob job = f.submit.submit(wan27, SubmitOptions.async()).journaled().orElseThrow();

        assertThat(job.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(job.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JobEvent.Kind.ADOPTED);
            assertThat(e.detail()).contains("the only task of model").contains("could not be compared");
        });
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void twoLostCreatesOfTheSameRequest_eachTakeOneOfTheTwoMatchingTasks() throws Exception {
        EditRequest same = ServiceFixture.wan25("twice on purpose");
        f.editing.createThenLoseAnswer();
        EditJob first = f.submit.submit(same, new SubmitOptions(SubmitMode.ASYNC, true, Optional.empty(), Duration.ZERO)).journaled().orElseThrow();
        f.clock.advance(Duration.ofSeconds(1));
        f.editing.createThenLoseAnswer();
        EditJob second = f.submit.submit(same, new SubmitOptions(SubmitMode.ASYNC, true, Optional.empty(), Duration.ZERO)).journaled().orElseThrow();
        f.clock.advance(Duration.ofSeconds(30)); // both tasks ended: they repeat the prompt

        List<ResumeJobs.Resumed> resumed = f.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);

        assertThat(resumed).hasSize(2).allSatisfy(r -> assertThat(r.job().state()).isEqualTo(JobState.STORED));
        assertThat(f.jobs.find(first.id()).orElseThrow().task()).map(t -> t.taskId()).contains("task-1");
        assertThat(f.jobs.find(second.id()).orElseThrow().task()).map(t -> t.taskId()).contains("task-2");
        assertThat(f.editing.created()).isEqualTo(2);
    }

    @Test
    void unknownAnswersWhileWaiting_thenSucceeded_theResultIsStored() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.editing.answerUnknown(4);

        EditJob done = f.await.await(job, Duration.ofMinutes(5), ProgressListener.NONE);

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(done.unknownSince()).isEmpty();
    }

    @Test
    void aStatusRefresh_ofAJobExpiredOnUnknown_asksAndBringsItBack() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.clock.advance(Duration.ofSeconds(30));
        f.editing.answerUnknown(1_000);
        f.clock.advance(dev.wanedit.domain.catalog.ModelCatalog.UNKNOWN_TOLERANCE);
        EditJob expired = f.await.await(job, Duration.ofHours(2), ProgressListener.NONE);
        assertThat(expired.state()).isEqualTo(JobState.EXPIRED);
        f.editing.answerUnknown(0);

        EditJob refreshed = f.manage.status(job.id(), true);

        assertThat(refreshed.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(refreshed.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.REVIVED);
    }

    @Test
    void a403OnADownload_isRetriedWithFreshUrls_andStored() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.downloads.failNextDownload(new RemoteServiceException.DownloadDenied("HTTP 403", 403));
        f.downloads.failNextDownload(new RemoteServiceException.DownloadDenied("HTTP 403", 403));

        EditJob done = f.await.await(job, Duration.ofMinutes(5), ProgressListener.NONE);

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.downloads()).isEqualTo(3);
    }

    @Test
    void aDownloadCutShort_isNeverStoredHalf_andIsFetchedAgain() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.downloads.cutNextDownloadsShort(2);

        EditJob done = f.await.await(job, Duration.ofMinutes(5), ProgressListener.NONE);

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.stored()).hasSize(1);
        byte[] kept = f.downloads.stored().values().iterator().next();
        assertThat(new String(kept, java.nio.charset.StandardCharsets.UTF_8)).startsWith("PNG of https://").endsWith(".png");
        assertThat(done.results().get(0).bytes()).isEqualTo(f.downloads.stored().values().iterator().next().length);
    }

    @Test
    void aStoreThatKeepsFailing_leavesThePaidJobSucceededWithTheReason_andResumeStoresItLater() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.downloads.failNextStore(new ResultStoreException("No space left on device", null));
        f.downloads.failNextStore(new ResultStoreException("No space left on device", null));

        EditJob left = f.await.await(job, Duration.ofMinutes(5), ProgressListener.NONE);

        assertThat(left.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(left.isPaidButNotStored()).isTrue();
        assertThat(left.problem().orElseThrow().code()).isEqualTo("store_failed");
        List<ResumeJobs.Resumed> resumed = f.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);
        assertThat(resumed).singleElement().satisfies(r -> assertThat(r.job().state()).isEqualTo(JobState.STORED));
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void aThrottlingStorm_neverPushesTheCallsSentPastTheBudgets() throws Exception {
        for (int i = 0; i < 40; i++) {
            f.editing.failNextSubmit(new RemoteServiceException.RateLimited("slow down", "Throttling.RateQuota", "r", Optional.empty()));
        }
        for (int i = 0; i < 200; i++) {
            f.editing.failNextFetch(new RemoteServiceException.RateLimited("slow down", "Throttling.RateQuota", "r", Optional.empty()));
        }
        BatchService batch = new BatchService(f.validate, f.submit, f.poller, f.collector, f.jobs, f.limiters, f.clock, f.sleeper,
                new java.util.SplittableRandom(3));
        List<BatchReport.LineOutcome> ended = new java.util.ArrayList<>();

        f.inspector.with("shelf.png", new dev.wanedit.domain.request.ImageFacts(dev.wanedit.domain.request.ImageFormat.PNG, 1024, 1024, 50_000, false));
        batch.run(new BatchSpec("storm", java.util.OptionalInt.empty(), java.util.OptionalDouble.empty(), Optional.empty(), false,
                false, Duration.ofHours(1)), lines(30), new BatchProgress.Listener() {
                    @Override
                    public void update(BatchProgress p) {
                    }

                    @Override
                    public void lineEnded(BatchReport.LineOutcome o) {
                        ended.add(o);
                    }
                });

        assertThat(ended).hasSize(30).allMatch(o -> o.state() == JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(30);
        assertThat(f.editing.maxCreatesPerSecond()).as("wan2.5: 5 creates per second, retries included")
                .isLessThanOrEqualTo(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I).limits().orElseThrow()
                        .submitsPerSecond());
        assertThat(f.editing.maxTaskCallsPerSecond()).as("20 task calls per second, retries and lists included")
                .isLessThanOrEqualTo(ModelCatalog.TASK_QUERIES_PER_SECOND);
    }

    private static ManifestSource lines(int n) {
        return () -> java.util.stream.LongStream.rangeClosed(1, n).mapToObj(i -> ManifestLine.of(i, "line-" + i,
                EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png")
                        .prompt("Put clock " + i + " on the shelf").n(1)));
    }
}
