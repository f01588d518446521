package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.TaskSnapshots;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A create of unknown outcome, adoption and re-send records, shortfalls, URL expiry and guarded restores. */
class CreateOutcomeTest {

    private static final Instant SENT = EditJobs.T0.plusSeconds(1);
    private static final Instant LATER = EditJobs.T0.plusSeconds(90);

    private static EditJob unknown(CreateDoubt.Cause cause) {
        EditJob j = EditJobs.aJob().inState(JobState.SUBMITTING).build();
        j.createOutcomeUnknown(cause, "what happened", SENT.plusSeconds(1));
        return j;
    }

    @Test
    void createOutcomeUnknown_keepsWhenTheCreateWasSentAndWhy() {
        EditJob j = unknown(CreateDoubt.Cause.GATEWAY_ERROR);
        assertThat(j.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        CreateDoubt d = j.doubt().orElseThrow();
        assertThat(d.sentAt()).isEqualTo(SENT);
        assertThat(d.cause()).isEqualTo(CreateDoubt.Cause.GATEWAY_ERROR);
        assertThat(d.taken()).isFalse();
        assertThat(d.looks()).isZero();
    }

    @Test
    void createOutcomeUnknown_ofASynchronousCall_isRefused() {
        EditJob j = EditJobs.aJob().build();
        j.beginSubmission(SENT, true);
        assertThatThrownBy(() -> j.createOutcomeUnknown(CreateDoubt.Cause.NO_ANSWER, "", LATER))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("synchronous");
    }

    @Test
    void provenNotCreated_recordsTheResendAndAllowsANewSubmission() {
        EditJob j = unknown(CreateDoubt.Cause.NO_ANSWER);
        j.searched(List.of(), LATER);
        j.provenNotCreated(Duration.ofMinutes(2), LATER.plusSeconds(30));
        assertThat(j.state()).isEqualTo(JobState.CREATED);
        assertThat(j.doubt()).isEmpty();
        assertThat(j.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JobEvent.Kind.RESENT);
            assertThat(e.detail()).contains("1 searches").contains("120 s").contains("no answer");
        });
        j.beginSubmission(LATER.plusSeconds(31));
        assertThat(j.state()).isEqualTo(JobState.SUBMITTING);
    }

    @Test
    void provenNotCreated_afterA2xxAnswer_isRefused() {
        EditJob j = unknown(CreateDoubt.Cause.UNREADABLE_ANSWER);
        assertThat(j.doubt().orElseThrow().taken()).isTrue();
        assertThatThrownBy(() -> j.provenNotCreated(Duration.ofMinutes(2), LATER))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("2xx");
        assertThat(j.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
    }

    @Test
    void adopt_recordsTheTaskAndTheBasis_andFollowsItsState() {
        EditJob j = unknown(CreateDoubt.Cause.NO_ANSWER);
        j.adopt(EditJobs.TASK, TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(1)), "orig_prompt, n and submit time", LATER);
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.task()).contains(EditJobs.TASK);
        assertThat(j.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JobEvent.Kind.ADOPTED);
            assertThat(e.detail()).contains(EditJobs.TASK.taskId()).contains("orig_prompt");
        });
    }

    @Test
    void searched_withCandidates_recordsOneAmbiguityEventPerNewSet() {
        EditJob j = unknown(CreateDoubt.Cause.NO_ANSWER);
        j.searched(List.of("t-1", "t-2"), LATER);
        j.searched(List.of("t-1", "t-2"), LATER.plusSeconds(5));
        assertThat(j.doubt().orElseThrow().looks()).isEqualTo(2);
        assertThat(j.doubt().orElseThrow().candidates()).containsExactly("t-1", "t-2");
        assertThat(j.history()).singleElement().satisfies(e -> assertThat(e.detail()).contains("t-1, t-2"));
    }

    @Test
    void giveUpSearch_endsFailedOutcomeUnknown() {
        EditJob j = unknown(CreateDoubt.Cause.UNREADABLE_ANSWER);
        j.giveUpSearch("not found in 24 hours", LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.failure().orElseThrow().kind()).isEqualTo(JobFailure.Kind.OUTCOME_UNKNOWN);
    }

    @Test
    void fewerImagesThanRequested_isPartialWithTheMissingSlotsNamed() {
        EditJob j = EditJobs.aJob().request(EditRequests.wan25().n(4).build()).inState(JobState.RUNNING).build();
        j.apply(TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(1)), LATER);
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.results()).hasSize(4);
        assertThat(j.isPartial()).isTrue();
        assertThat(j.results().get(3).errorCode()).contains("NotReturned");
        assertThat(j.results().get(3).errorMessage().orElseThrow()).contains("1 of the 4");
        assertThat(j.pendingDownloads()).hasSize(1);
    }

    @Test
    void signedExpiry_isTheUrlsExpiresWhenPresent() {
        URI signed = URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1.png?Expires=1764000000&Signature=x");
        assertThat(RemoteResult.signedExpiry(signed)).contains(Instant.ofEpochSecond(1764000000));
        assertThat(RemoteResult.signedExpiry(URI.create("https://h/1.png?Signature=x"))).isEmpty();
        assertThat(RemoteResult.signedExpiry(URI.create("https://h/1.png?Expires=soon"))).isEmpty();
        EditJob j = EditJobs.aJob().inState(JobState.RUNNING).build();
        j.apply(TaskSnapshots.succeeded(LATER, List.of(RemoteResult.success(0, signed, "p"))), LATER);
        assertThat(j.results().get(0).urlExpiresAt()).contains(Instant.ofEpochSecond(1764000000));
    }

    @Test
    void refreshResultUrls_replacesOnlyUnstoredOnes() {
        EditJob j = EditJobs.aJob().request(EditRequests.wan25().n(2).build()).inState(JobState.SUCCEEDED).build();
        j.recordStored(0, "out/0.png", "sha", 10, LATER);
        URI fresh0 = URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/0.png?Expires=1900000000");
        URI fresh1 = URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1.png?Expires=1900000000");
        boolean changed = j.refreshResultUrls(TaskSnapshots.succeeded(LATER,
                List.of(RemoteResult.success(0, fresh0, "p"), RemoteResult.success(1, fresh1, "p"))), LATER);
        assertThat(changed).isTrue();
        assertThat(j.results().get(0).remoteUrl()).isNotEqualTo(Optional.of(fresh0));
        assertThat(j.results().get(1).remoteUrl()).contains(fresh1);
        assertThat(j.results().get(1).urlExpiresAt()).contains(Instant.ofEpochSecond(1900000000));
    }

    @Test
    void recordProblem_isClearedWhenEverythingIsStored() {
        EditJob j = EditJobs.aJob().inState(JobState.SUCCEEDED).build();
        j.recordProblem(new JobProblem(LATER, "download_denied", "HTTP 403"));
        assertThat(j.isPaidButNotStored()).isTrue();
        assertThat(j.problem().orElseThrow().code()).isEqualTo("download_denied");
        j.recordStored(0, "out/0.png", "sha", 10, LATER.plusSeconds(5));
        assertThat(j.state()).isEqualTo(JobState.STORED);
        assertThat(j.problem()).isEmpty();
        assertThat(j.isPaidButNotStored()).isFalse();
    }

    @Test
    void restore_roundTripsEveryField() {
        EditJob j = unknown(CreateDoubt.Cause.NO_ANSWER);
        j.searched(List.of("a", "b"), LATER);
        EditJob back = EditJob.restore(j.snapshot());
        assertThat(back.snapshot()).isEqualTo(j.snapshot());
    }

    @Test
    void restore_inconsistentRows_areRefusedNamingTheFieldAndTheRule() {
        EditJob.Snapshot pending = EditJobs.aJob().inState(JobState.PENDING).build().snapshot();
        EditJob.Snapshot noTask = pending.toBuilder().task(Optional.empty()).build();
        assertThatThrownBy(() -> EditJob.restore(noTask)).isInstanceOf(InvalidSnapshot.class)
                .hasMessage("job " + pending.id() + ": task: a PENDING job has a task")
                .satisfies(e -> assertThat(((InvalidSnapshot) e).field()).isEqualTo("task"));
        EditJob.Snapshot unknownWithoutDoubt = pending.toBuilder().state(JobState.OUTCOME_UNKNOWN).task(Optional.empty()).build();
        assertThatThrownBy(() -> EditJob.restore(unknownWithoutDoubt)).isInstanceOf(InvalidSnapshot.class)
                .hasMessageContaining("doubt: an OUTCOME_UNKNOWN job records what is known of its create");
    }

    @Test
    void create_recordsTheEndpointItIsMeantFor() {
        EditJob j = EditJob.create(EditJobs.JOB_ID, EditRequests.valid(), EditJobs.T0, Optional.empty(), Optional.empty(),
                Optional.of("http://127.0.0.1:8089"));
        assertThat(j.endpoint()).contains("http://127.0.0.1:8089");
        assertThat(EditJob.restore(j.snapshot()).endpoint()).contains("http://127.0.0.1:8089");
    }
}
