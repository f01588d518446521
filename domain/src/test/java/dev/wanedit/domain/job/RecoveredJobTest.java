package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.EditRequests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job journaled again from the results it stored, after its journal entry was lost. */
class RecoveredJobTest {

    private static final Instant NOW = EditJobs.T0.plusSeconds(3600);
    private static final JobId ID = new JobId("20261121-080000-000-abc123");
    private static final RemoteTaskRef TASK = new RemoteTaskRef("task-1", Region.BEIJING, Optional.of("http://127.0.0.1:8089"));

    private static ResultImage stored(int index) {
        return new ResultImage(index, Optional.empty(), Optional.empty(), Optional.of("actual"), Optional.of("out/" + index + ".png"),
                Optional.of("d" + index), 10, Optional.empty(), Optional.empty());
    }

    private static EditJob recovered(int slots, List<ResultImage> images) {
        EditRequest r = EditRequests.wan25().n(slots).build();
        return EditJob.recovered(ID, r, "fp-of-the-journal", EditJobs.T0, Optional.of(new BatchRef("m.jsonl", "l1@abc")),
                Optional.of("/out"), Optional.of("http://127.0.0.1:8089"), TASK, slots, images, "/out/" + ID, NOW);
    }

    @Test
    void everyImageFound_storedComplete_withTheEventSayingWhere() {
        EditJob j = recovered(2, List.of(stored(0), stored(1)));

        assertThat(j.state()).isEqualTo(JobState.STORED);
        assertThat(j.isPartial()).isFalse();
        assertThat(j.pendingDownloads()).isEmpty();
        assertThat(j.fingerprint()).isEqualTo("fp-of-the-journal"); // as journaled, not recomputed
        assertThat(j.task()).contains(TASK);
        assertThat(j.results()).allMatch(ResultImage::succeeded);
        assertThat(j.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JobEvent.Kind.RECOVERED);
            assertThat(e.detail()).contains("task-1").contains("/out/" + ID).contains("2 stored image");
        });
        assertThat(j.updatedAt()).isEqualTo(NOW);
        assertThat(j.createdAt()).isEqualTo(EditJobs.T0);
    }

    @Test
    void aSlotNotFound_isPartial_andNamesIt() {
        EditJob j = recovered(3, List.of(stored(0), stored(2)));

        assertThat(j.isPartial()).isTrue();
        assertThat(j.results()).hasSize(3);
        assertThat(j.results().get(1).succeeded()).isFalse();
        assertThat(j.results().get(1).errorCode()).hasValue("NotFoundStored");
        assertThat(j.pendingDownloads()).isEmpty(); // nothing to download: no URL is known
    }

    @Test
    void nothingStored_refused() {
        assertThatThrownBy(() -> recovered(1, List.of())).isInstanceOf(IllegalArgumentException.class);
        ResultImage notStored = new ResultImage(0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> recovered(1, List.of(notStored))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only stored ones");
    }

    @Test
    void aStoredImageWithoutAUrl_succeeded_butOneWithAnError_didNot() {
        assertThat(stored(0).succeeded()).isTrue();
        ResultImage failed = new ResultImage(0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.of("InternalError.Timeout"), Optional.of("timeout"));
        assertThat(failed.succeeded()).isFalse();
    }
}
