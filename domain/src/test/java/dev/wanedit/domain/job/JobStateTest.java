package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The declared life cycle of {@link JobState}. */
class JobStateTest {

    @Test
    void successors_asDocumented() {
        assertThat(JobState.CREATED.successors()).containsExactlyInAnyOrder(JobState.SUBMITTING, JobState.FAILED, JobState.CANCELED);
        assertThat(JobState.SUBMITTING.successors()).containsExactlyInAnyOrder(JobState.CREATED, JobState.OUTCOME_UNKNOWN,
                JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED);
        assertThat(JobState.OUTCOME_UNKNOWN.successors()).containsExactlyInAnyOrder(JobState.CREATED, JobState.PENDING,
                JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED);
        assertThat(JobState.PENDING.successors()).containsExactlyInAnyOrder(JobState.RUNNING, JobState.SUCCEEDED,
                JobState.FAILED, JobState.CANCELED, JobState.EXPIRED);
        assertThat(JobState.RUNNING.successors()).containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.FAILED,
                JobState.CANCELED, JobState.EXPIRED);
        assertThat(JobState.SUCCEEDED.successors()).containsExactlyInAnyOrder(JobState.STORED, JobState.EXPIRED);
        assertThat(JobState.EXPIRED.successors()).as("revival only").containsExactlyInAnyOrder(JobState.PENDING,
                JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED);
    }

    @ParameterizedTest(name = "{0} is final and has no successor")
    @EnumSource(value = JobState.class, names = {"STORED", "FAILED", "CANCELED"})
    void isFinal_finalStates_noSuccessors(JobState s) {
        assertThat(s.isFinal()).isTrue();
        assertThat(s.successors()).isEmpty();
        assertThat(s.isRemoteActive()).isFalse();
    }

    @ParameterizedTest(name = "{0} is not final")
    @EnumSource(value = JobState.class, names = {"CREATED", "SUBMITTING", "OUTCOME_UNKNOWN", "PENDING", "RUNNING", "SUCCEEDED"})
    void isFinal_unfinishedStates_haveSuccessorsAndAreUnfinished(JobState s) {
        assertThat(s.isFinal()).isFalse();
        assertThat(s.successors()).isNotEmpty();
        assertThat(JobState.unfinished()).contains(s);
    }

    @Test
    void unfinished_isExactlyTheNonFinalStates() {
        assertThat(JobState.unfinished()).isEqualTo(EnumSet.copyOf(
                Arrays.stream(JobState.values()).filter(s -> !s.isFinal()).toList()));
    }

    @Test
    void isRemoteActive_onlyPendingAndRunning() {
        assertThat(Arrays.stream(JobState.values()).filter(JobState::isRemoteActive))
                .containsExactly(JobState.PENDING, JobState.RUNNING);
    }

    @ParameterizedTest(name = "{0} never moves to itself")
    @EnumSource(JobState.class)
    void canMoveTo_self_false(JobState s) {
        assertThat(s.canMoveTo(s)).isFalse();
        for (JobState t : JobState.values()) {
            assertThat(s.canMoveTo(t)).isEqualTo(s.successors().contains(t));
        }
    }

    @Test
    void successors_returnsACopy() {
        JobState.CREATED.successors().clear();
        assertThat(JobState.CREATED.successors()).hasSize(3);
    }
}
