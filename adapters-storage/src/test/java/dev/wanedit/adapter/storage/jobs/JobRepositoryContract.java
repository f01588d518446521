package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;
import static dev.wanedit.adapter.storage.testing.Jobs.assertSameJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link JobRepository} contract; every implementation runs it (Sven's AbstractCartRepositoryTest pattern). */
abstract class JobRepositoryContract {

    protected JobRepository repo;

    /** A fresh, empty repository. */
    protected abstract JobRepository newRepository();

    @BeforeEach
    void setUpRepository() {
        repo = newRepository();
    }

    @AfterEach
    void closeRepository() throws Exception {
        if (repo instanceof AutoCloseable c) {
            c.close();
        }
    }

    static Stream<EditRequest> requests() {
        return Requests.all().stream();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void insertThenFind_returnsEveryField_andTheRequestKeepsItsFingerprint(EditRequest request) {
        EditJob job = Jobs.inBatch(request, T0, "batch-1", "line-7");

        repo.insert(job);
        EditJob found = repo.find(job.id()).orElseThrow();

        assertThat(job.version()).isEqualTo(1);
        assertSameJob(found, job);
        assertThat(found.request().fingerprint()).isEqualTo(request.fingerprint()).isEqualTo(job.fingerprint());
    }

    @Test
    void fullLifeCycle_roundTripsTaskTimesResultsUsageAndStoredLocations() {
        EditJob job = Jobs.created(Requests.wan25("snow"), T0);
        repo.insert(job);
        job.beginSubmission(T0.plusMillis(10));
        repo.update(job);
        Jobs.accept(job, "task-abc", T0.plusSeconds(1));
        repo.update(job);
        TaskSnapshot running = new TaskSnapshot("task-abc", RemoteStatus.RUNNING, Optional.of(T0.plusSeconds(1)),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        job.apply(running, T0.plusSeconds(5));
        repo.update(job);
        job.apply(Jobs.succeeded("task-abc", 2, T0.plusSeconds(40)), T0.plusSeconds(41));
        repo.update(job);
        assertSameJob(repo.find(job.id()).orElseThrow(), job);

        job.recordStored(0, "/out/x/0.png", "aa".repeat(32), 1000, T0.plusSeconds(42));
        repo.update(job);
        job.recordStored(1, "oss://b/x/1.png", "bb".repeat(32), 2000, T0.plusSeconds(43));
        repo.update(job);

        EditJob found = repo.find(job.id()).orElseThrow();
        assertSameJob(found, job);
        assertThat(found.state()).isEqualTo(JobState.STORED);
        assertThat(found.version()).isEqualTo(7);
        assertThat(found.isPartial()).isTrue();
        assertThat(found.results()).hasSize(3);
        assertThat(found.results().get(2).errorCode()).contains("InternalError.Timeout");
        assertThat(found.usage().orElseThrow().inputTokens()).hasValue(123);
    }

    @Test
    void failureRoundTrips() {
        EditJob job = Jobs.rejected(Requests.wanx21Mask(), T0);
        repo.insert(job);
        EditJob found = repo.find(job.id()).orElseThrow();
        assertSameJob(found, job);
        assertThat(found.failure().orElseThrow().code()).isEqualTo("DataInspectionFailed");
    }

    @Test
    void update_withAStaleVersion_throwsConcurrentJobUpdate_andKeepsTheWinnersWrite() {
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        repo.insert(job);
        EditJob mine = repo.find(job.id()).orElseThrow();
        EditJob theirs = repo.find(job.id()).orElseThrow();

        theirs.beginSubmission(T0.plusSeconds(1));
        repo.update(theirs);
        mine.cancelled(T0.plusSeconds(2));

        assertThatThrownBy(() -> repo.update(mine)).isInstanceOf(ConcurrentJobUpdate.class).hasMessageContaining(job.id().value());
        EditJob stored = repo.find(job.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.SUBMITTING);
        assertThat(stored.version()).isEqualTo(2);
        assertThat(mine.version()).as("a failed write leaves the version alone").isEqualTo(1);
    }

    @Test
    void update_bumpsTheVersionOnTheCallersJob() {
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        repo.insert(job);
        repo.update(job);
        repo.update(job);
        assertThat(job.version()).isEqualTo(3);
        assertThat(repo.find(job.id()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void destination_isKeptWithTheJob() {
        EditJob base = Jobs.created(Requests.wanx21Doodle(), T0);
        EditJob job = EditJob.create(base.id(), base.request(), T0, Optional.empty(), Optional.of("/data/results"));
        repo.insert(job);
        job.beginSubmission(T0);
        repo.update(job);

        assertThat(repo.find(job.id()).orElseThrow().destination()).contains("/data/results");
    }

    @Test
    void insertTwice_isRefused() {
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        repo.insert(job);
        EditJob.Snapshot s = job.snapshot();
        EditJob again = EditJob.restore(s.toBuilder().version(0).build());
        assertThatThrownBy(() -> repo.insert(again)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
    }

    @Test
    void updateOfAJobNeverInserted_isRefused() {
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        assertThatThrownBy(() -> repo.update(job)).isInstanceOf(IllegalStateException.class).hasMessageContaining("never inserted");
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(repo.find(Jobs.id(T0))).isEmpty();
    }

    @Test
    void returnedJobsAreCopies_changingOneDoesNotChangeTheJournal() {
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        repo.insert(job);
        EditJob copy = repo.find(job.id()).orElseThrow();
        copy.beginSubmission(T0.plusSeconds(1));
        assertThat(repo.find(job.id()).orElseThrow().state()).isEqualTo(JobState.CREATED);
    }

    @Test
    void aJobWhoseCreateOutcomeIsUnknown_staysVisibleByStateAndFingerprint() {
        EditJob job = Jobs.submitting(Requests.wan25("unknown outcome"), T0);
        repo.insert(job);

        assertThat(repo.list(JobQuery.inStates(Set.of(JobState.SUBMITTING)))).extracting(EditJob::id).containsExactly(job.id());
        assertThat(repo.list(JobQuery.inStates(JobState.unfinished()))).extracting(EditJob::id).containsExactly(job.id());
        assertThat(repo.findUnfinishedByFingerprint(job.fingerprint())).map(EditJob::id).contains(job.id());
        assertThat(repo.find(job.id()).orElseThrow().submittingSince()).contains(T0.plusMillis(5));
    }

    @Test
    void findUnfinishedByFingerprint_returnsTheNewestUnfinished_andIgnoresFinishedJobs() {
        EditRequest r = Requests.wan25("same request");
        EditJob old = Jobs.created(r, T0);
        EditJob newer = Jobs.submitting(r, T0.plusSeconds(10));
        EditJob finished = Jobs.rejected(r, T0.plusSeconds(20));
        EditJob other = Jobs.created(Requests.wan25("other"), T0.plusSeconds(30));
        Stream.of(old, newer, finished, other).forEach(repo::insert);

        assertThat(repo.findUnfinishedByFingerprint(r.fingerprint())).map(EditJob::id).contains(newer.id());
        assertThat(repo.findUnfinishedByFingerprint("0".repeat(64))).isEmpty();
    }

    @Test
    void findByBatchLine_andByTaskId() {
        EditJob a = Jobs.inBatch(Requests.wanx21Doodle(), T0, "b1", "1");
        EditJob b = Jobs.inBatch(Requests.wanx21Doodle(), T0.plusSeconds(1), "b1", "2");
        EditJob c = Jobs.inBatch(Requests.wanx21Doodle(), T0.plusSeconds(2), "b2", "1");
        Stream.of(a, b, c).forEach(repo::insert);
        b.beginSubmission(T0.plusSeconds(3));
        Jobs.accept(b, "task-b", T0.plusSeconds(4));
        repo.update(b);

        assertThat(repo.findByBatchLine("b1", "2")).map(EditJob::id).contains(b.id());
        assertThat(repo.findByBatchLine("b2", "1")).map(EditJob::id).contains(c.id());
        assertThat(repo.findByBatchLine("b2", "2")).isEmpty();
        assertThat(repo.findByTaskId("task-b")).map(EditJob::id).contains(b.id());
        assertThat(repo.findByTaskId("task-zzz")).isEmpty();
    }

    @Test
    void list_isNewestFirst_andFiltersByStateAgeBatchAndLimit() {
        EditJob j1 = Jobs.inBatch(Requests.wanx21Doodle(), T0, "b1", "1");
        EditJob j2 = Jobs.rejected(Requests.wanx21Mask(), T0.plusSeconds(60));
        EditJob j3 = Jobs.inBatch(Requests.wanx21Doodle(), T0.plusSeconds(120), "b1", "2");
        EditJob j4 = Jobs.succeeded(Requests.wan27Boxes(), T0.plusSeconds(180), 1);
        Stream.of(j3, j1, j4, j2).forEach(repo::insert);

        assertThat(repo.list(JobQuery.all())).extracting(EditJob::id).containsExactly(j4.id(), j3.id(), j2.id(), j1.id());
        assertThat(repo.list(JobQuery.inStates(Set.of(JobState.FAILED, JobState.SUCCEEDED))))
                .extracting(EditJob::id).containsExactly(j4.id(), j2.id());
        Instant since = T0.plusSeconds(60);
        assertThat(repo.list(new JobQuery(Set.of(), Optional.of(since), Optional.empty(), 100)))
                .extracting(EditJob::id).containsExactly(j4.id(), j3.id(), j2.id());
        assertThat(repo.list(new JobQuery(Set.of(), Optional.empty(), Optional.of("b1"), 100)))
                .extracting(EditJob::id).containsExactly(j3.id(), j1.id());
        assertThat(repo.list(new JobQuery(Set.of(JobState.CREATED), Optional.of(since), Optional.of("b1"), 100)))
                .extracting(EditJob::id).containsExactly(j3.id());
        assertThat(repo.list(new JobQuery(Set.of(), Optional.empty(), Optional.empty(), 2)))
                .extracting(EditJob::id).containsExactly(j4.id(), j3.id());
    }

    @Test
    void list_ofJobsCreatedInTheSameInstant_isOrderedByIdDescending() {
        EditJob a = Jobs.created(Requests.wanx21Doodle(), T0);
        EditJob b = Jobs.created(Requests.wanx21Doodle(), T0);
        repo.insert(a);
        repo.insert(b);
        List<EditJob> all = repo.list(JobQuery.all());
        assertThat(all).extracting(EditJob::id)
                .containsExactly(a.id().compareTo(b.id()) > 0 ? new dev.wanedit.domain.job.JobId[] {a.id(), b.id()}
                        : new dev.wanedit.domain.job.JobId[] {b.id(), a.id()});
    }
}
