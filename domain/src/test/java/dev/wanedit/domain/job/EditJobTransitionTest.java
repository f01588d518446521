package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.TaskSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every legal and every illegal edge of the {@link EditJob} life cycle. */
class EditJobTransitionTest {

    private static final Instant LATER = EditJobs.T0.plus(Duration.ofMinutes(10));

    private static EditJob job(JobState state) {
        return EditJobs.aJob().inState(state).build();
    }

    // ---- the builder itself ----

    @ParameterizedTest(name = "the builder reaches {0}")
    @EnumSource(JobState.class)
    void build_inState_reachesStateThroughRealTransitions(JobState state) {
        EditJob j = job(state);
        assertThat(j.state()).isEqualTo(state);
        assertThat(j.createdAt()).isEqualTo(EditJobs.T0);
        assertThat(j.id()).isEqualTo(EditJobs.JOB_ID);
        assertThat(j.fingerprint()).isEqualTo(j.request().fingerprint());
    }

    // ---- legal edges ----

    @Test
    void create_newJob_createdWithNothingSent() {
        EditRequest r = EditRequests.valid();
        EditJob j = EditJob.create(EditJobs.JOB_ID, r, EditJobs.T0, Optional.of(new BatchRef("b1", "line-3")));
        assertThat(j.state()).isEqualTo(JobState.CREATED);
        assertThat(j.task()).isEmpty();
        assertThat(j.results()).isEmpty();
        assertThat(j.failure()).isEmpty();
        assertThat(j.updatedAt()).isEqualTo(EditJobs.T0);
        assertThat(j.version()).isZero();
        assertThat(j.batch()).hasValue(new BatchRef("b1", "line-3"));
    }

    @Test
    void beginSubmission_fromCreated_submittingSinceRecorded() {
        EditJob j = job(JobState.CREATED);
        j.beginSubmission(LATER);
        assertThat(j.state()).isEqualTo(JobState.SUBMITTING);
        assertThat(j.submittingSince()).hasValue(LATER);
        assertThat(j.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JobState.class)
    void actualCost_isKnownOnceTheServiceHasAnswered(JobState state) {
        EditJob j = job(state);
        // written out, not derived from JobState: the service has answered in exactly these states
        Set<JobState> answered = EnumSet.of(JobState.SUCCEEDED, JobState.STORED, JobState.FAILED, JobState.CANCELED,
                JobState.EXPIRED);
        assertThat(j.isActualCostKnown()).isEqualTo(answered.contains(state));
    }

    @Test
    void beginSubmission_synchronous_isRemembered_andClearedWhenNotAccepted() {
        EditJob j = job(JobState.CREATED);
        j.beginSubmission(LATER, true);
        assertThat(j.isSynchronousCall()).isTrue();
        assertThat(j.state()).isEqualTo(JobState.SUBMITTING);

        j.submissionNotAccepted(LATER.plusSeconds(1));

        assertThat(j.isSynchronousCall()).isFalse();
        j.beginSubmission(LATER.plusSeconds(2));
        assertThat(j.isSynchronousCall()).isFalse();
    }

    @Test
    void synchronousOutcomeUnknown_endsFailedWithoutATask_sayingWhyItIsNotSentAgain() {
        EditJob j = job(JobState.CREATED);
        j.beginSubmission(LATER, true);

        j.synchronousOutcomeUnknown(LATER.plusSeconds(300));

        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.task()).isEmpty();
        assertThat(j.failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(JobFailure.Kind.OUTCOME_UNKNOWN);
            assertThat(f.message()).contains("may have run and been billed").contains("--force");
        });
    }

    @Test
    void synchronousOutcomeUnknown_forATaskCreate_isIllegal_itIsReconciledInstead() {
        EditJob j = job(JobState.SUBMITTING);
        assertThat(j.isSynchronousCall()).isFalse();
        assertThatThrownBy(() -> j.synchronousOutcomeUnknown(LATER)).isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("not synchronous");
        EditJob created = job(JobState.CREATED);
        assertThatThrownBy(() -> created.synchronousOutcomeUnknown(LATER)).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void restore_keepsTheSynchronousFlag() {
        EditJob j = job(JobState.CREATED);
        j.beginSubmission(LATER, true);
        EditJob back = EditJob.restore(j.snapshot());
        assertThat(back.isSynchronousCall()).isTrue();
        assertThat(j.copy().isSynchronousCall()).isTrue();
        back.synchronousOutcomeUnknown(LATER.plusSeconds(400));
        assertThat(back.state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void submissionNotAccepted_fromSubmitting_backToCreatedAndWindowCleared() {
        EditJob j = job(JobState.SUBMITTING);
        j.submissionNotAccepted(LATER);
        assertThat(j.state()).isEqualTo(JobState.CREATED);
        assertThat(j.submittingSince()).isEmpty();
        assertThat(j.task()).isEmpty();
        assertThat(j.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest(name = "accepted as {0} moves to {1}")
    @CsvSource({"PENDING, PENDING", "RUNNING, RUNNING"})
    void accepted_fromSubmitting_taskRecordedAndStateFollowsStatus(RemoteStatus status, JobState expected) {
        EditJob j = job(JobState.SUBMITTING);
        j.accepted(EditJobs.TASK, status, LATER);
        assertThat(j.state()).isEqualTo(expected);
        assertThat(j.task()).hasValue(EditJobs.TASK);
        assertThat(j.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest(name = "rejected from {0}")
    @EnumSource(value = JobState.class, names = {"CREATED", "SUBMITTING"})
    void rejected_fromCreatedOrSubmitting_failedWithReason(JobState from) {
        EditJob j = job(from);
        j.rejected(EditJobs.rejection(), LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.failure()).hasValue(EditJobs.rejection());
        assertThat(j.failure().orElseThrow().kind()).isEqualTo(JobFailure.Kind.REJECTED);
        assertThat(j.task()).isEmpty();
    }

    @Test
    void completedSynchronously_succeeded_resultsKeptUntil24hAfterEnd() {
        EditJob j = job(JobState.SUBMITTING);
        j.completedSynchronously(EditJobs.TASK, TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(2)), LATER.plusSeconds(1));
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.task()).hasValue(EditJobs.TASK);
        assertThat(j.results()).hasSize(2).allSatisfy(r -> {
            assertThat(r.succeeded()).isTrue();
            assertThat(r.urlExpiresAt()).hasValue(Instant.parse("2026-11-22T05:10:00Z"));
        });
        assertThat(j.remoteEndTime()).hasValue(LATER);
        assertThat(j.remoteSubmitTime()).hasValue(LATER.minusSeconds(30));
        assertThat(j.pendingDownloads()).hasSize(2);
    }

    @Test
    void completedSynchronously_failed_failedWithServiceCodeAndMessage() {
        EditJob j = job(JobState.SUBMITTING);
        j.completedSynchronously(EditJobs.TASK, TaskSnapshots.failedTask("DataInspectionFailed", "inappropriate"), LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.failure()).hasValue(new JobFailure(JobFailure.Kind.TASK_FAILED, "DataInspectionFailed", "inappropriate"));
    }

    @Test
    void cancelled_fromSubmitting_canceled() {
        EditJob j = job(JobState.SUBMITTING);
        j.cancelled(LATER);
        assertThat(j.state()).isEqualTo(JobState.CANCELED);
    }

    @ParameterizedTest(name = "cancelled from {0}")
    @EnumSource(value = JobState.class, names = {"CREATED", "SUBMITTING", "PENDING", "RUNNING"})
    void cancelled_fromUnfinishedRemoteState_canceled(JobState from) {
        EditJob j = job(from);
        j.cancelled(LATER);
        assertThat(j.state()).isEqualTo(JobState.CANCELED);
        assertThat(j.updatedAt()).isEqualTo(LATER);
        assertThat(j.state().isFinal()).isTrue();
    }

    @Test
    void apply_runningWhilePending_movesToRunningAndReportsChange() {
        EditJob j = job(JobState.PENDING);
        assertThat(j.apply(TaskSnapshots.of(RemoteStatus.RUNNING), LATER)).isTrue();
        assertThat(j.state()).isEqualTo(JobState.RUNNING);
        assertThat(j.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest(name = "{1} seen while {0} changes nothing")
    @CsvSource({"PENDING, PENDING", "RUNNING, RUNNING", "RUNNING, PENDING"})
    void apply_sameOrEarlierStatus_noChangeNeverBackwards(JobState from, RemoteStatus seen) {
        EditJob j = job(from);
        Instant before = j.updatedAt();
        assertThat(j.apply(TaskSnapshots.of(seen), LATER)).isFalse();
        assertThat(j.state()).isEqualTo(from);
        assertThat(j.updatedAt()).isEqualTo(before);
    }

    static Stream<Arguments> finalSnapshots() {
        return Stream.of(JobState.PENDING, JobState.RUNNING).flatMap(from -> Stream.of(
                Arguments.of(from, TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(1)), JobState.SUCCEEDED, null),
                Arguments.of(from, TaskSnapshots.failedTask("InternalError", "boom"), JobState.FAILED, JobFailure.Kind.TASK_FAILED),
                Arguments.of(from, TaskSnapshots.of(RemoteStatus.CANCELED), JobState.CANCELED, null)));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("finalSnapshots")
    void apply_finalStatus_movesToMatchingState(JobState from, TaskSnapshot seen, JobState expected, JobFailure.Kind failure) {
        EditJob j = job(from);
        assertThat(j.apply(seen, LATER)).isTrue();
        assertThat(j.state()).isEqualTo(expected);
        assertThat(j.updatedAt()).isEqualTo(LATER);
        assertThat(j.failure().map(JobFailure::kind)).isEqualTo(Optional.ofNullable(failure));
    }

    @Test
    void apply_unknownPast24Hours_expiresAndSaysWhy() {
        EditJob j = job(JobState.RUNNING);
        Instant dayLater = Instant.parse("2026-11-22T05:00:02Z"); // created 2026-11-21T05:00:00Z, kept 24 h
        assertThat(j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), dayLater)).isTrue();
        assertThat(j.state()).isEqualTo(JobState.EXPIRED);
        assertThat(j.failure().orElseThrow().code()).isEqualTo("UNKNOWN");
        assertThat(j.failure().orElseThrow().message()).contains("24 hours");
    }

    @ParameterizedTest(name = "a young {0} task answering UNKNOWN is asked again, not expired")
    @EnumSource(value = JobState.class, names = {"PENDING", "RUNNING"})
    void apply_unknownWhileYoung_remembersItAndKeepsTheState(JobState from) {
        EditJob j = job(from);
        assertThat(j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), LATER)).isTrue(); // journaled: since when
        assertThat(j.state()).isEqualTo(from);
        assertThat(j.unknownSince()).contains(LATER);
        assertThat(j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), LATER.plusSeconds(60))).isFalse();
        assertThat(j.unknownSince()).contains(LATER);
        assertThat(j.apply(TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(1)), LATER.plusSeconds(90))).isTrue();
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.unknownSince()).isEmpty();
    }

    @Test
    void apply_unknownWithoutABreakForTheTolerance_expiresEvenWhenYoung() {
        EditJob j = job(JobState.RUNNING);
        j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), LATER);
        j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), Instant.parse("2026-11-21T05:39:59Z")); // 30 min less 1 s
        assertThat(j.state()).isEqualTo(JobState.RUNNING);
        j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), Instant.parse("2026-11-21T05:40:00Z")); // 30 min after the first
        assertThat(j.state()).isEqualTo(JobState.EXPIRED);
        assertThat(j.failure().orElseThrow().message()).contains("without a break");
    }

    @Test
    void apply_unknownInterruptedByAnAnswer_startsTheToleranceAgain() {
        EditJob j = job(JobState.RUNNING);
        j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), LATER);
        j.apply(TaskSnapshots.of(RemoteStatus.RUNNING), LATER.plusSeconds(600));
        assertThat(j.unknownSince()).isEmpty();
        j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), Instant.parse("2026-11-21T05:40:00Z"));
        assertThat(j.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void revive_expiredByUnknownButTheTaskIsBack_takesTheTaskStateAndRecordsIt() {
        EditJob j = job(JobState.EXPIRED);
        Instant at = Instant.parse("2026-11-22T05:01:00Z");
        assertThat(j.revive(TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), at)).isTrue();
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.failure()).isEmpty();
        assertThat(j.history()).extracting(JobEvent::kind).containsExactly(JobEvent.Kind.REVIVED);
    }

    @Test
    void revive_resultsExpiredOrStillUnknown_doesNothing() {
        EditJob gone = job(JobState.SUCCEEDED);
        gone.resultsExpired(LATER);
        assertThat(gone.revive(TaskSnapshots.succeeded(LATER, TaskSnapshots.oks(1)), LATER)).isFalse();
        assertThat(gone.state()).isEqualTo(JobState.EXPIRED);
        EditJob unknown = job(JobState.EXPIRED);
        assertThat(unknown.revive(TaskSnapshots.of(RemoteStatus.UNKNOWN), LATER)).isFalse();
        assertThat(unknown.state()).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void apply_succeededWithoutEndTime_expiryCountedFromObservation() {
        EditJob j = job(JobState.RUNNING);
        TaskSnapshot s = new TaskSnapshot(TaskSnapshots.TASK_ID, RemoteStatus.SUCCEEDED, Optional.empty(), Optional.empty(),
                Optional.empty(), TaskSnapshots.oks(1), Optional.empty(), Optional.empty(), Optional.empty());
        j.apply(s, LATER);
        assertThat(j.results().get(0).urlExpiresAt()).hasValue(Instant.parse("2026-11-22T05:10:00Z")); // seen 05:10, kept 24 h
    }

    @Test
    void recordStored_everySuccessfulResult_storedAfterTheLast() {
        EditJob j = EditJobs.aJob().request(EditRequests.wan25().n(3).build()).inState(JobState.SUCCEEDED).build();
        j.recordStored(0, "out/0.png", "d0", 100, LATER);
        j.recordStored(1, "out/1.png", "d1", 101, LATER);
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.pendingDownloads()).extracting(ResultImage::index).containsExactly(2);
        j.recordStored(2, "out/2.png", "d2", 102, LATER.plusSeconds(1));
        assertThat(j.state()).isEqualTo(JobState.STORED);
        assertThat(j.updatedAt()).isEqualTo(LATER.plusSeconds(1));
        assertThat(j.pendingDownloads()).isEmpty();
        assertThat(j.results()).extracting(r -> r.storedAt().orElseThrow()).containsExactly("out/0.png", "out/1.png", "out/2.png");
        assertThat(j.results()).extracting(ResultImage::bytes).containsExactly(100L, 101L, 102L);
        assertThat(j.results()).extracting(r -> r.sha256().orElseThrow()).containsExactly("d0", "d1", "d2");
    }

    @Test
    void recordStored_unknownIndex_rejectedWithoutChange() {
        EditJob j = job(JobState.SUCCEEDED);
        List<ResultImage> before = j.results();
        assertThatThrownBy(() -> j.recordStored(5, "x", "y", 1, LATER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no result 5");
        assertThat(j.results()).isEqualTo(before);
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void resultsExpired_fromSucceeded_expiredWithReason() {
        EditJob j = job(JobState.SUCCEEDED);
        j.resultsExpired(LATER);
        assertThat(j.state()).isEqualTo(JobState.EXPIRED);
        assertThat(j.failure().orElseThrow().kind()).isEqualTo(JobFailure.Kind.EXPIRED);
        assertThat(j.failure().orElseThrow().code()).isEqualTo("ResultExpired");
    }

    @Test
    void journalVersion_advancesOnlyOverTheVersionItWasReadAt() {
        EditJob j = job(JobState.RUNNING);
        j.journalVersion().inserted();
        j.journalVersion().updated(1);
        assertThat(j.version()).isEqualTo(2);
        assertThatThrownBy(() -> j.journalVersion().updated(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2 was written over version 1");
        assertThat(j.version()).isEqualTo(2);
        assertThat(j.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void restore_anyStoredState_exactlyAsStored() {
        EditJob original = job(JobState.SUCCEEDED);
        EditJob.Snapshot o = original.snapshot();
        EditJob r = EditJob.restore(o.toBuilder().fingerprint("fp-from-journal").batch(Optional.empty()).version(12).build());
        assertThat(r.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(r.fingerprint()).isEqualTo("fp-from-journal");
        assertThat(r.results()).isEqualTo(original.results());
        assertThat(r.version()).isEqualTo(12);
        r.resultsExpired(LATER);
        assertThat(r.state()).isEqualTo(JobState.EXPIRED);
    }

    // ---- illegal edges: every action from every state it is not allowed in ----

    static Stream<Arguments> illegalPairs() {
        return Arrays.stream(JobState.values()).flatMap(s -> Arrays.stream(JobActions.values())
                .filter(a -> !a.allowedIn().contains(s)).map(a -> Arguments.of(s, a)));
    }

    @ParameterizedTest(name = "{1} while {0} is illegal")
    @MethodSource("illegalPairs")
    void action_fromDisallowedState_throwsIllegalTransitionAndLeavesJobUnchanged(JobState from, JobActions action) {
        EditJob j = job(from);
        Instant updated = j.updatedAt();
        List<ResultImage> results = j.results();
        Optional<JobFailure> failure = j.failure();
        Optional<RemoteTaskRef> task = j.task();
        assertThatThrownBy(() -> action.apply(j, LATER)).isInstanceOf(IllegalTransition.class)
                .hasMessageContaining(EditJobs.JOB_ID.value()).hasMessageContaining("while " + from);
        assertThat(j.state()).isEqualTo(from);
        assertThat(j.updatedAt()).isEqualTo(updated);
        assertThat(j.results()).isEqualTo(results);
        assertThat(j.failure()).isEqualTo(failure);
        assertThat(j.task()).isEqualTo(task);
    }

    static Stream<Arguments> legalPairs() {
        return Arrays.stream(JobState.values()).flatMap(s -> Arrays.stream(JobActions.values())
                .filter(a -> a.allowedIn().contains(s)).map(a -> Arguments.of(s, a)));
    }

    @ParameterizedTest(name = "{1} while {0} is legal and lands in a successor")
    @MethodSource("legalPairs")
    void action_fromAllowedState_landsInDocumentedSuccessorOrStays(JobState from, JobActions action) {
        EditJob j = job(from);
        action.apply(j, LATER);
        assertThat(j.state()).satisfiesAnyOf(
                s -> assertThat(from.successors()).contains(s),
                s -> assertThat(s).isEqualTo(from));
    }

    /** JobState.successors() is exactly the set of states some action reaches from that state. */
    @ParameterizedTest(name = "successors of {0} match the behaviour")
    @EnumSource(JobState.class)
    void successors_matchStatesReachableByActions(JobState from) {
        Set<JobState> reached = EnumSet.noneOf(JobState.class);
        for (JobActions a : JobActions.values()) {
            EditJob j = job(from);
            try {
                a.apply(j, LATER);
            } catch (IllegalTransition e) {
                continue;
            }
            if (j.state() != from) {
                reached.add(j.state());
            }
        }
        assertThat(reached).isEqualTo(from.successors());
    }
}
