package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.fakes.FakeImageEditing;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmitAndAwaitTest {

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void submit_success_journalsTaskIdBeforeReturning() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        EditJob journaled = f.jobs.find(job.id()).orElseThrow();
        assertThat(journaled.state()).isEqualTo(JobState.PENDING);
        assertThat(journaled.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void await_success_storesEveryResultBeforeTheJobIsDone() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(2), SubmitOptions.async()).journaled().orElseThrow();
        List<Integer> polls = new ArrayList<>();

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), new ProgressListener() {
            @Override
            public void polled(EditJob j, int n, Duration elapsed) {
                polls.add(n);
            }
        }).job();

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(done.results()).hasSize(2).allMatch(ResultImage::isStored);
        assertThat(f.downloads.stored()).hasSize(2);
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.STORED);
        assertThat(polls).isNotEmpty();
        // time passed only on the manual clock: at least the task's 20 s, far less than the deadline
        assertThat(f.sleeper.total()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    @Test
    void await_partialFailure_storesTheSuccessesAndKeepsThePerImageError() throws Exception {
        f.editing.outcome(FakeImageEditing.Outcome.PARTIAL);
        EditJob job = f.submit.submit(ServiceFixture.wan25(3), SubmitOptions.async()).journaled().orElseThrow();

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(done.isPartial()).isTrue();
        assertThat(done.results().stream().filter(ResultImage::isStored)).hasSize(2);
        assertThat(done.results().get(2).errorCode()).contains("InternalError.Timeout");
        assertThat(done.actualCost().amount()).isEqualByComparingTo("0.40");
    }

    @Test
    void await_taskFails_recordsTheFailureAsState() throws Exception {
        f.editing.outcome(FakeImageEditing.Outcome.FAIL);
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.failure()).map(JobFailure::code).contains("InternalError.Algo");
        assertThat(done.failure()).map(JobFailure::kind).contains(JobFailure.Kind.TASK_FAILED);
        assertThat(f.downloads.downloads()).isZero();
    }

    @Test
    void await_taskUnknownAfter24Hours_expiresTheJob() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.clock.advance(Duration.ofHours(25));

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.EXPIRED);
        assertThat(done.failure()).map(JobFailure::code).contains("UNKNOWN");
    }

    @Test
    void await_resultUrlExpiredOnDownload_expiresTheJob() throws Exception {
        f.downloads.failNextDownload(new RemoteServiceException.ResultExpired("403 from result host", 403));
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.EXPIRED);
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void await_deadlineBeforeTheTaskEnds_returnsTimedOutAndLeavesTheJobResumable() throws Exception {
        f.editing.durations(Duration.ofSeconds(2), Duration.ofMinutes(5));
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        AwaitOutcome outcome = f.await.await(job.id(), Duration.ofSeconds(30), ProgressListener.NONE);

        assertThat(outcome).isInstanceOf(AwaitOutcome.TimedOut.class);
        assertThat(((AwaitOutcome.TimedOut) outcome).message()).contains(job.id().value());
        assertThat(outcome.job().state().isFinal()).isFalse();

        assertThat(f.sleeper.total()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void await_queriesFailTransiently_keepsPollingAndHonoursRetryAfter() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.editing.failNextFetch(new RemoteServiceException.Unavailable("503", "ServiceUnavailable", "r1", 503, null));
        f.editing.failNextFetch(new RemoteServiceException.RateLimited("slow down", "Throttling", "r2",
                Optional.of(Duration.ofSeconds(17))));

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(f.sleeper.sleeps()).contains(Duration.ofSeconds(17));
    }

    @Test
    void submit_throttledWithRetryAfter_waitsAndSendsAgainWithoutCreatingTwice() throws Exception {
        f.editing.failNextSubmit(new RemoteServiceException.RateLimited("Requests rate limit exceeded", "Throttling.RateQuota",
                "r", Optional.of(Duration.ofSeconds(3))));

        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(f.editing.count("submit")).isEqualTo(2);
        assertThat(f.editing.created()).isEqualTo(1);
        assertThat(f.sleeper.total()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void submit_rejected_recordsFailedJobAndReturnsTheServicesReason() throws Exception {
        f.editing.failNextSubmit(new RemoteServiceException.Rejected("Input data may contain inappropriate content.",
                "DataInspectionFailed", "r", 400));

        SubmitOutcome outcome = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async());

        assertThat(outcome).isInstanceOf(SubmitOutcome.Rejected.class);
        SubmitOutcome.Rejected rejected = (SubmitOutcome.Rejected) outcome;
        assertThat(rejected.reason()).map(RemoteServiceException::code).contains("DataInspectionFailed");
        assertThat(rejected.violations()).isEmpty();
        assertThat(rejected.job()).map(EditJob::state).contains(JobState.FAILED);
        EditJob journaled = f.jobs.list(dev.wanedit.application.port.out.JobQuery.all()).get(0);
        assertThat(journaled.state()).isEqualTo(JobState.FAILED);
        assertThat(journaled.failure()).map(JobFailure::kind).contains(JobFailure.Kind.REJECTED);
        assertThat(journaled.failure()).map(JobFailure::code).contains("DataInspectionFailed");
    }

    @Test
    void submit_serviceUnavailable_leavesTheJobCreatedSoResumeSendsIt() throws Exception {
        for (int i = 0; i < SubmitEditService.UNSENT_ATTEMPTS; i++) {
            f.editing.failNextSubmit(new RemoteServiceException.Unavailable("connection refused", "", "", 0, null));
        }

        assertThatThrownBy(() -> f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow())
                .isInstanceOf(RemoteServiceException.Unavailable.class);
        EditJob left = f.jobs.list(dev.wanedit.application.port.out.JobQuery.all()).get(0);
        assertThat(left.state()).isEqualTo(JobState.CREATED);

        List<EditJob> resumed = resumeAll();

        assertThat(resumed).singleElement().extracting(EditJob::state).isEqualTo(JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void submit_answerLostAfterTheTaskWasCreated_reconcilesInsteadOfCreatingAgain() throws Exception {
        f.editing.createThenLoseAnswer();

        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        // the task answers PENDING/RUNNING without its prompt; once ended, its orig_prompt proves it is the job's
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(f.editing.created()).isEqualTo(1);
        assertThat(job.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(dev.wanedit.domain.job.JobEvent.Kind.ADOPTED);
            assertThat(e.detail()).contains("task-1").contains("orig_prompt");
        });
    }

    @Test
    void submit_answerLostWhileAnOlderCreateIsUnsettled_neitherCreatesTwiceNorSwapsTasks() throws Exception {
        // A crash left job K in SUBMITTING, but its create never reached the service.
        EditJob k = EditJob.create(new dev.wanedit.application.service.JobIdSource(f.clock, new java.util.Random(1)).next(),
                ServiceFixture.wan25("Line K"), f.clock.instant(), Optional.empty());
        f.jobs.insert(k);
        k.beginSubmission(f.clock.instant());
        f.jobs.update(k);
        f.clock.advance(Duration.ofSeconds(2));
        // The next run sends another request of the same model before settling K, and that reply is lost.
        f.editing.createThenLoseAnswer();

        EditJob j = f.submit.submit(ServiceFixture.wan25("Line J"), SubmitOptions.async()).journaled().orElseThrow();

        // J's task repeats J's prompt: K (whose create never arrived) cannot take it, whatever the order.
        assertThat(f.editing.created()).as("J's request created once").isEqualTo(1);
        assertThat(j.task()).map(t -> t.taskId()).contains("task-1");
        EditJob kNow = f.jobs.find(k.id()).orElseThrow();
        assertThat(kNow.state()).isEqualTo(JobState.SUBMITTING);

        EditJob kSent = f.submit.send(kNow, SubmitMode.ASYNC, f.limiters.submissions(kNow.request().model()),
                SubmitOptions.DEFAULT_PATIENCE);

        // K is searched for over the whole window, found absent, and only then sent again (and says so)
        assertThat(kSent.task()).map(t -> t.taskId()).contains("task-2");
        assertThat(f.editing.created()).isEqualTo(2);
        assertThat(kSent.history()).extracting(dev.wanedit.domain.job.JobEvent::kind)
                .containsExactly(dev.wanedit.domain.job.JobEvent.Kind.RESENT);
    }

    @Test
    void resume_afterACrashBetweenCreateAndJournal_adoptsTheTaskAndStoresResults() throws Exception {
        // A crash after the create reached the service but before the answer was journaled.
        EditJob job = EditJob.create(new dev.wanedit.application.service.JobIdSource(f.clock, new java.util.Random(1)).next(),
                ServiceFixture.wan25(1), f.clock.instant(), Optional.empty());
        f.jobs.insert(job);
        job.beginSubmission(f.clock.instant());
        f.jobs.update(job);
        f.editing.submit(job.request(), SubmitMode.ASYNC); // the service created it; the process died

        List<EditJob> resumed = resumeAll();

        assertThat(resumed).singleElement().extracting(EditJob::state).isEqualTo(JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void submit_sameRequestTwice_returnsTheLiveJobInsteadOfPayingTwice() throws Exception {
        SubmitOutcome first = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async());
        SubmitOutcome second = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async());

        assertThat(first).isInstanceOf(SubmitOutcome.Sent.class);
        assertThat(second).isInstanceOf(SubmitOutcome.Reused.class);
        assertThat(second.journaled().orElseThrow().id()).isEqualTo(first.journaled().orElseThrow().id());
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void submit_sameRequestWithForce_createsASecondTask() throws Exception {
        EditJob first = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        SubmitOutcome second = f.submit.submit(ServiceFixture.wan25(1), new SubmitOptions(SubmitMode.ASYNC, true, Optional.empty()));

        assertThat(second).isInstanceOf(SubmitOutcome.Sent.class);
        assertThat(second.journaled().orElseThrow().id()).isNotEqualTo(first.id());
        assertThat(f.editing.created()).isEqualTo(2);
    }

    @Test
    void submit_sameBatchLineTwice_submitsOnceEvenAfterTheJobIsStored() throws Exception {
        SubmitOptions line = new SubmitOptions(SubmitMode.ASYNC, false, Optional.of(new BatchRef("catalog", "7")));
        EditJob first = f.submit.submit(ServiceFixture.wan25(1), line).journaled().orElseThrow();
        f.await.await(first.id(), Duration.ofMinutes(5), ProgressListener.NONE).job();

        EditJob again = f.submit.submit(ServiceFixture.wan25(1), line).journaled().orElseThrow();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.state()).isEqualTo(JobState.STORED);
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void submit_differentPrompts_areDifferentJobs() throws Exception {
        f.submit.submit(ServiceFixture.wan25("make it blue"), SubmitOptions.async()).journaled().orElseThrow();
        f.submit.submit(ServiceFixture.wan25("make it red"), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(f.editing.created()).isEqualTo(2);
    }

    @Test
    void submit_syncForAModelWithoutSync_isRejectedByTheRules() throws Exception {
        SubmitOutcome outcome = f.submit.submit(ServiceFixture.wan25(1), new SubmitOptions(SubmitMode.SYNC, false, Optional.empty()));

        assertThat(outcome).isInstanceOf(SubmitOutcome.Rejected.class);
        assertThat(((SubmitOutcome.Rejected) outcome).violations()).extracting(v -> v.message())
                .anySatisfy(m -> assertThat(m).contains("no synchronous call"));
        assertThat(outcome.journaled()).isEmpty();
        assertThat(f.editing.count("submit")).isZero();
    }

    @Test
    void submit_syncWan27_completesInOneCallAndAwaitOnlyStores() throws Exception {
        EditRequest request = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("A red fox in snow").n(2).build();

        EditJob job = f.submit.submit(request, new SubmitOptions(SubmitMode.SYNC, false, Optional.empty())).journaled().orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        EditJob done = f.await.await(job.id(), Duration.ofMinutes(1), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(f.editing.count("fetch")).isZero();
        assertThat(f.downloads.stored()).hasSize(2);
    }

    @Test
    void submit_syncAnswerLost_endsOutcomeUnknownAndIsNeverSentAgain() throws Exception {
        EditRequest request = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("A red fox in snow").n(1).build();
        f.editing.createThenLoseAnswer(); // the service ran it (and billed it); the answer never came

        EditJob job = f.submit.submit(request, new SubmitOptions(SubmitMode.SYNC, false, Optional.empty())).journaled().orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.failure()).hasValueSatisfying(fl -> assertThat(fl.kind()).isEqualTo(JobFailure.Kind.OUTCOME_UNKNOWN));
        assertThat(f.editing.count("submit")).as("one call, not a second one").isEqualTo(1);
        assertThat(f.editing.count("list")).as("a synchronous call is not in the task list").isZero();
        assertThat(resumeAll()).isEmpty();
        assertThat(f.editing.count("submit")).isEqualTo(1);
    }

    /** A wan2.7 job whose synchronous call is journaled as sent (SUBMITTING), as a crash during the call leaves it. */
    private EditJob journaledSyncCall(String prompt) {
        EditRequest request = EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt(prompt).n(1).build();
        EditJob job = EditJob.create(new dev.wanedit.application.service.JobIdSource(f.clock, new java.util.Random(1)).next(),
                request, f.clock.instant(), Optional.empty());
        f.jobs.insert(job);
        job.beginSubmission(f.clock.instant(), true);
        f.jobs.update(job);
        return job;
    }

    @Test
    void resume_afterACrashDuringASyncCall_waitsOutTheCallThenGivesUpWithoutSendingAgain() throws Exception {
        // A crash while a synchronous call was waiting for its answer: SUBMITTING, marked synchronous.
        EditJob job = journaledSyncCall("A red fox in snow");
        f.editing.submit(job.request(), SubmitMode.SYNC); // the service ran it; the process died before the answer
        f.clock.advance(Duration.ofMinutes(1));

        List<EditJob> early = resumeAll();

        // another process may still be waiting for that answer: the job is left alone
        assertThat(early).singleElement().extracting(EditJob::state).isEqualTo(JobState.SUBMITTING);
        f.clock.advance(Reconciler.SYNC_CALL_LIMIT);

        List<EditJob> later = resumeAll();

        assertThat(later).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.FAILED);
            assertThat(j.failure()).hasValueSatisfying(fl -> assertThat(fl.kind()).isEqualTo(JobFailure.Kind.OUTCOME_UNKNOWN));
        });
        assertThat(f.editing.count("submit")).as("only the call before the crash").isEqualTo(1);
        assertThat(f.editing.count("list")).isZero();
    }

    @Test
    void submit_taskCreateAfterAnUnansweredSyncCall_isPairedWithItsOwnTask() throws Exception {
        // an old unanswered synchronous call of the same model must not take the new create's task
        EditJob old = journaledSyncCall("A red fox in snow");
        f.clock.advance(Duration.ofSeconds(5));
        f.editing.createThenLoseAnswer();

        EditJob j = f.submit.submit(EditRequest.draft(ModelCatalog.WAN27_IMAGE).prompt("A grey wolf in snow").n(1).build(),
                SubmitOptions.async()).journaled().orElseThrow();

        assertThat(j.task()).map(t -> t.taskId()).contains("task-1");
        assertThat(f.jobs.find(old.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(f.editing.created()).isEqualTo(1);
    }

    @Test
    void cancel_pendingTask_isCanceled() throws Exception {
        f.editing.durations(Duration.ofSeconds(30), Duration.ofSeconds(60));
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        EditJob canceled = f.manage.cancel(job.id());

        assertThat(canceled.state()).isEqualTo(JobState.CANCELED);
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.CANCELED);
    }

    @Test
    void cancel_runningTask_isRejectedByTheServiceAndTheJobRunsOn() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> f.manage.cancel(job.id()))
                .isInstanceOf(RemoteServiceException.Rejected.class)
                .extracting(e -> ((RemoteServiceException) e).code()).isEqualTo("UnsupportedOperation");
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void status_refresh_appliesOneQuery() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.clock.advance(Duration.ofSeconds(5));

        assertThat(f.manage.status(job.id(), false).state()).isEqualTo(JobState.PENDING);
        assertThat(f.manage.status(job.id(), true).state()).isEqualTo(JobState.RUNNING);
        assertThat(f.editing.count("fetch")).isEqualTo(1);
    }

    @Test
    void validate_reportsUnreadableFilesAndBrokenRulesTogether() throws Exception {
        f.inspector.with("small.jpg", new ImageFacts(ImageFormat.JPEG, 300, 900, 10_000, false));
        var cmd = EditRequest.draft(ModelCatalog.WAN25_I2I)
                .prompt("x").image("missing.png").image("small.jpg").n(9);

        var report = f.validate.validate(cmd, SubmitMode.ASYNC);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(v -> v.message())
                .anySatisfy(m -> assertThat(m).contains("images[0]", "missing.png", "no such file"))
                .anySatisfy(m -> assertThat(m).contains("images[1]", "small.jpg", "width 300 px", "384"))
                .anySatisfy(m -> assertThat(m).contains("n", "9", "1 to 4"));
        assertThat(report.inputs()).hasSize(2);
        assertThat(f.editing.calls()).isEmpty();
    }

    @Test
    void validate_validRequest_showsExpectedOutputCostAndPreviewWithoutCallingTheService() throws Exception {
        f.inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 2000, 1000, 10_000, false));
        var cmd = EditRequest.draft(ModelCatalog.WAN25_I2I)
                .prompt("Put a clock on the shelf").image("shelf.png").n(2);

        var report = f.validate.validate(cmd, SubmitMode.ASYNC);

        assertThat(report.valid()).isTrue();
        assertThat(report.expected()).hasValueSatisfying(e -> {
            assertThat(e.maxImages()).isEqualTo(2);
            assertThat(e.estimatedCost().amount()).isEqualByComparingTo("0.40");
            assertThat(e.dimensions().orElseThrow().aspect()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        });
        assertThat(report.preview()).isPresent();
        assertThat(f.editing.calls()).isEmpty();
    }

    @Test
    void validateAndPrepare_readTheReferencesOnACopy_soTheSameDraftCanBeUsedAgain() throws Exception {
        f.inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 2000, 1000, 10_000, false));
        var edit = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).function("description_edit")
                .prompt("Put a clock on the shelf").image("shelf.png").image("missing.png");

        var first = f.validate.validate(edit, SubmitMode.ASYNC);
        var second = f.validate.validate(edit, SubmitMode.ASYNC);

        assertThat(edit.imageReferences()).as("the caller's draft is left as stated").containsExactly("shelf.png", "missing.png");
        assertThat(second.errors()).as("no violation is added twice").isEqualTo(first.errors());
        assertThat(first.inputs()).extracting(i -> i.field()).containsExactly("images[0]", "images[1]");
        assertThat(first.errors()).extracting(v -> v.message())
                .anySatisfy(m -> assertThat(m).contains("images[1]", "missing.png", "no such file"));
        var one = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).function("description_edit").prompt("p").image("shelf.png");
        assertThat(f.validate.validate(one, SubmitMode.ASYNC).inputs()).extracting(i -> i.field())
                .as("the one image of wanx2.1 is named as the rules name it").containsExactly("base_image");
        var wan25 = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("Put a clock on the shelf").image("shelf.png");
        assertThat(f.validate.prepare(wan25).fingerprint()).isEqualTo(f.validate.prepare(wan25).fingerprint());
    }

    @Test
    void validate_dataUri_isDecodedAndInspected() throws Exception {
        f.inspector.with("data:image/png", new ImageFacts(ImageFormat.PNG, 512, 512, 3, false));
        String data = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        var cmd = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("x").image(data);

        var report = f.validate.validate(cmd, SubmitMode.ASYNC);

        assertThat(report.valid()).isTrue();
        assertThat(report.request().orElseThrow().images().get(0)).isInstanceOf(ImageInput.InlineImage.class);
        assertThat(report.request().orElseThrow().images().get(0).reference()).doesNotContain("AQID");
    }

    @Test
    void prepare_invalidRequest_throwsWithEveryViolation() throws Exception {
        var cmd = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT)
                .region(dev.wanedit.domain.catalog.Region.SINGAPORE).image("https://example.com/a.png").prompt("");

        assertThatThrownBy(() -> f.validate.prepare(cmd))
                .isInstanceOfSatisfying(InvalidEditRequest.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).contains("model", "prompt", "function"));
    }

    @Test
    void localImage_pathIsKeptAsReference() throws Exception {
        var img = new ImageInput.LocalImage(Path.of("/tmp/x/clock.png"), new ImageFacts(ImageFormat.PNG, 500, 500, 1, false));
        assertThat(img.reference()).endsWith("clock.png");
    }

    @Test
    void submit_withADestination_recordsItOnTheJobSoResumeStoresThere() throws Exception {
        SubmitEditService withDestination = new SubmitEditService(f.jobs, f.editing, f.reconciler, f.limiters,
                new JobIdSource(f.clock, new java.util.Random(3)), f.clock, f.sleeper,
                dev.wanedit.application.policy.Backoff.STANDARD, f.random, Optional.of("/srv/results"), f.leases);

        EditJob job = withDestination.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        assertThat(f.jobs.find(job.id()).orElseThrow().destination()).contains("/srv/results");
    }

    @Test
    void submit_whileAnotherThreadIsSendingACreate_leavesThatCreateAlone() throws Exception {
        java.util.concurrent.CountDownLatch inCall = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dev.wanedit.application.port.out.ImageEditingService slowFirst = new dev.wanedit.application.port.out.ImageEditingService() {
            private final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);

            @Override
            public PreparedCreate prepare(EditRequest r, SubmitMode m, Optional<String> endpoint) {
                return f.editing.prepare(r, m, endpoint);
            }

            @Override
            public Optional<String> endpoint() {
                return Optional.empty();
            }

            @Override
            public dev.wanedit.application.port.out.Submission create(PreparedCreate c) {
                if (first.getAndSet(false)) {
                    inCall.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return f.editing.create(c);
            }

            @Override
            public dev.wanedit.domain.job.TaskSnapshot fetch(dev.wanedit.domain.job.RemoteTaskRef t) {
                return f.editing.fetch(t);
            }

            @Override
            public void cancel(dev.wanedit.domain.job.RemoteTaskRef t) {
                f.editing.cancel(t);
            }

            @Override
            public dev.wanedit.application.port.out.TaskPage listTaskPage(dev.wanedit.application.port.out.TaskSearch s, int page) {
                return f.editing.listTaskPage(s, page);
            }

            @Override
            public dev.wanedit.application.port.out.RequestPreview preview(EditRequest r, SubmitMode m) {
                return f.editing.preview(r, m);
            }
        };
        Reconciler reconciler = new Reconciler(slowFirst, f.jobs, f.limiters.queries(), f.clock, f.sleeper, f.random,
                Reconciler.Policy.STANDARD);
        SubmitEditService service = new SubmitEditService(f.jobs, slowFirst, reconciler, f.limiters,
                new JobIdSource(f.clock, new java.util.Random(9)), f.clock, f.sleeper,
                dev.wanedit.application.policy.Backoff.STANDARD, f.random, Optional.empty(), f.leases);
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<EditJob> first = other.submit(() -> service.submit(ServiceFixture.wan25("first"),
                    SubmitOptions.async()).journaled().orElseThrow());
            assertThat(inCall.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            EditJob second = service.submit(ServiceFixture.wan25("second"), SubmitOptions.async()).journaled().orElseThrow();
            release.countDown();
            EditJob firstJob = first.get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(second.state()).isEqualTo(JobState.PENDING);
            assertThat(firstJob.state()).isEqualTo(JobState.PENDING);
            assertThat(f.editing.created()).isEqualTo(2);
            assertThat(f.jobs.find(firstJob.id()).orElseThrow().task()).isPresent();
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    private List<EditJob> resumeAll() throws InterruptedException {
        return f.resume.resume(Duration.ofMinutes(10), false, ProgressListener.NONE).stream()
                .map(dev.wanedit.application.port.in.ResumeJobs.Resumed::job).toList();
    }

    @Test
    void resume_ofAJobOfAnotherProvider_namesTheProviderOptionNotAnEndpoint() throws Exception {
        f.editing.endpoint(Optional.of("file:///var/lib/wanedit/local-provider/"));
        EditJob local = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        f.editing.endpoint(Optional.empty()); // resumed by a process configured for DashScope

        List<ResumeJobs.Resumed> first = f.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.job().id()).isEqualTo(local.id());
            assertThat(r.reason()).hasValueSatisfying(why -> assertThat(why)
                    .contains("run resume with --provider local").doesNotContain("--endpoint file:"));
        });

        ServiceFixture g = new ServiceFixture(); // the other way round, in a journal of its own
        EditJob remote = g.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        g.editing.endpoint(Optional.of("file:///var/lib/wanedit/local-provider/")); // resumed with --provider local

        List<ResumeJobs.Resumed> second = g.resume.resume(Duration.ofMinutes(5), false, ProgressListener.NONE);

        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.job().id()).isEqualTo(remote.id());
            assertThat(r.reason()).hasValueSatisfying(why -> assertThat(why).contains("--provider dashscope and no --endpoint"));
        });
        assertThat(f.editing.created() + g.editing.created()).as("nothing sent to the other provider").isEqualTo(2);
    }

    @Test
    void await_anotherProcessWritesTheJobWhileItsResultsAreStored_storesOnFromTheJournalsCopy() throws Exception {
        EditJob job = f.submit.submit(ServiceFixture.wan25(2), SubmitOptions.async()).journaled().orElseThrow();
        // `status --refresh` or `cancel` in another terminal writes the job between download and journal
        f.downloads.beforeNextStore(j -> f.jobs.update(f.jobs.find(j.id()).orElseThrow()));

        EditJob done = f.await.await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();

        assertThat(done.state()).isEqualTo(JobState.STORED);
        assertThat(done.results()).hasSize(2).allMatch(ResultImage::isStored);
        assertThat(f.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.STORED);
        assertThat(f.downloads.stored()).as("each image kept once").hasSize(2);
        assertThat(f.editing.created()).isEqualTo(1);
    }
}
