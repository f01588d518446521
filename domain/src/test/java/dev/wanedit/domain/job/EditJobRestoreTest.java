package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.testdata.EditJobs;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EditJob#restore} takes back every job the life cycle makes and refuses every snapshot that breaks its state's rules. */
class EditJobRestoreTest {

    private static final JobFailure WHY = new JobFailure(JobFailure.Kind.TASK_FAILED, "InternalError", "it failed");

    private static EditJob.Snapshot in(JobState state) {
        return EditJobs.aJob().inState(state).build().snapshot();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JobState.class)
    void restore_aJobTheLifeCycleMade_isTheSameJob(JobState state) {
        EditJob.Snapshot s = in(state);
        assertThat(EditJob.restore(s).snapshot()).isEqualTo(s);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken(JobState.CREATED, b -> b.task(Optional.of(EditJobs.TASK)), "task", "a CREATED job has no task"),
                broken(JobState.CREATED, b -> b.failure(Optional.of(WHY)), "failure", "a CREATED job has not failed"),
                broken(JobState.CREATED, b -> b.results(in(JobState.SUCCEEDED).results()), "results",
                        "a CREATED job has no results"),
                broken(JobState.SUBMITTING, b -> b.submittingSince(Optional.empty()), "submittingSince",
                        "a SUBMITTING job records when its create was sent"),
                broken(JobState.SUBMITTING, b -> b.task(Optional.of(EditJobs.TASK)), "task", "a SUBMITTING job has no task yet"),
                broken(JobState.OUTCOME_UNKNOWN, b -> b.doubt(Optional.empty()), "doubt",
                        "an OUTCOME_UNKNOWN job records what is known of its create"),
                broken(JobState.OUTCOME_UNKNOWN, b -> b.task(Optional.of(EditJobs.TASK)), "task",
                        "an OUTCOME_UNKNOWN job has no task (a found one is adopted)"),
                broken(JobState.PENDING, b -> b.task(Optional.empty()), "task", "a PENDING job has a task"),
                broken(JobState.RUNNING, b -> b.task(Optional.empty()), "task", "a RUNNING job has a task"),
                broken(JobState.RUNNING, b -> b.failure(Optional.of(WHY)), "failure", "a RUNNING job has not failed"),
                broken(JobState.SUCCEEDED, b -> b.task(Optional.empty()), "task", "a SUCCEEDED job has a task"),
                broken(JobState.SUCCEEDED, b -> b.results(List.of()), "results",
                        "a SUCCEEDED job has at least one successful result"),
                broken(JobState.STORED, b -> b.task(Optional.empty()), "task", "a STORED job has a task"),
                broken(JobState.STORED, b -> b.results(in(JobState.SUCCEEDED).results()), "results",
                        "a STORED job has at least one stored result"),
                broken(JobState.FAILED, b -> b.failure(Optional.empty()), "failure", "a FAILED job records why it failed"),
                broken(JobState.EXPIRED, b -> b.failure(Optional.empty()), "failure", "an EXPIRED job records why it expired"),
                broken(JobState.PENDING, b -> b.fingerprint(" "), "fingerprint", "a job has its request's fingerprint"),
                broken(JobState.PENDING, b -> b.updatedAt(null), "updatedAt", "a job has a time of its last change"),
                broken(JobState.PENDING, b -> b.state(null), "state", "a job has a state"),
                broken(JobState.PENDING, b -> b.version(-1), "version", "a journal version is not negative, got -1"));
    }

    private static Arguments broken(JobState state, UnaryOperator<SnapshotBuilder> change, String field, String rule) {
        return Arguments.of(state, field, rule, change);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("brokenRules")
    void restore_aSnapshotBreakingARule_isRefusedNamingTheJobFieldAndRule(JobState state, String field, String rule,
                                                                          UnaryOperator<SnapshotBuilder> change) {
        EditJob.Snapshot s = change.apply(in(state).toBuilder()).build();
        assertThatThrownBy(() -> EditJob.restore(s)).isInstanceOfSatisfying(InvalidSnapshot.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e).hasMessage("job " + EditJobs.JOB_ID + ": " + field + ": " + rule);
        });
    }

    @Test
    void restore_aStoredJobWithAResultNotStored_isRefused() {
        EditJob.Snapshot succeeded = EditJobs.aJob().request(dev.wanedit.domain.testdata.EditRequests.wan25().n(2).build())
                .inState(JobState.SUCCEEDED).build().snapshot();
        List<ResultImage> oneStored = List.of(succeeded.results().get(0).stored("/out/0.png", "ab".repeat(32), 10),
                succeeded.results().get(1));
        EditJob.Snapshot s = succeeded.toBuilder().state(JobState.STORED).results(oneStored).build();
        assertThatThrownBy(() -> EditJob.restore(s)).isInstanceOf(InvalidSnapshot.class)
                .hasMessageEndingWith("results: a STORED job has every successful result stored");
    }

    @Test
    void restore_noSnapshot_isRefused() {
        assertThatThrownBy(() -> EditJob.restore(null)).isInstanceOf(InvalidSnapshot.class)
                .hasMessage("a job: snapshot: a job is restored from a snapshot");
    }
}
