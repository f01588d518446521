package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.TaskSnapshots;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Partial success, a success without images, and the actual cost. */
class EditJobResultsTest {

    private static final Instant LATER = EditJobs.T0.plusSeconds(60);

    private static EditJob partial() {
        return EditJobs.aJob().request(EditRequests.wan25().n(3).build())
                .withResults(TaskSnapshots.ok(0), TaskSnapshots.failed(1), TaskSnapshots.ok(2))
                .inState(JobState.SUCCEEDED).build();
    }

    @Test
    void apply_someImagesFailed_partialSuccess() {
        EditJob j = partial();
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(j.isPartial()).isTrue();
        assertThat(j.failure()).isEmpty();
        assertThat(j.pendingDownloads()).extracting(ResultImage::index).containsExactly(0, 2);
        ResultImage failed = j.results().get(1);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.errorCode()).hasValue("InternalError.Timeout");
        assertThat(failed.errorMessage()).isPresent();
        assertThat(failed.urlExpiresAt()).isEmpty();
    }

    @Test
    void recordStored_allSuccessesOfPartial_storedAndStillPartial() {
        EditJob j = partial();
        j.recordStored(0, "out/0.png", "d0", 1, LATER);
        assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
        j.recordStored(2, "out/2.png", "d2", 1, LATER);
        assertThat(j.state()).isEqualTo(JobState.STORED);
        assertThat(j.isPartial()).isTrue();
        assertThat(j.pendingDownloads()).isEmpty();
    }

    @Test
    void recordStored_failedSlot_rejectedWithoutChange() {
        EditJob j = partial();
        assertThatThrownBy(() -> j.recordStored(1, "out/1.png", "d1", 1, LATER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result 1").hasMessageContaining("failed");
        assertThat(j.results().get(1).isStored()).isFalse();
        assertThat(j.pendingDownloads()).hasSize(2);
    }

    @Test
    void isPartial_allSucceeded_false() {
        EditJob j = EditJobs.aJob().request(EditRequests.wan25().n(2).build()).inState(JobState.STORED).build();
        assertThat(j.isPartial()).isFalse();
        assertThat(j.results()).allMatch(ResultImage::isStored);
    }

    @Test
    void isPartial_failedJob_false() {
        assertThat(EditJobs.aJob().inState(JobState.FAILED).build().isPartial()).isFalse();
    }

    @Test
    void apply_succeededWithOnlyFailedImages_failedWithFirstImageError() {
        EditJob j = EditJobs.aJob().inState(JobState.RUNNING).build();
        j.apply(TaskSnapshots.succeeded(LATER, List.of(TaskSnapshots.failed(0), RemoteResult.failure(1, "Other", "x"))), LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        JobFailure f = j.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(JobFailure.Kind.TASK_FAILED);
        assertThat(f.code()).isEqualTo("InternalError.Timeout");
        assertThat(f.message()).contains("internal timeout");
        assertThat(j.results()).hasSize(2);
        assertThat(j.pendingDownloads()).isEmpty();
    }

    @Test
    void apply_succeededWithNoResultsAtAll_failedNoResult() {
        EditJob j = EditJobs.aJob().inState(JobState.PENDING).build();
        j.apply(TaskSnapshots.succeeded(LATER, List.of()), LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.failure().orElseThrow().code()).isEqualTo("NoResult");
        assertThat(j.failure().orElseThrow().message()).isEqualTo("the task succeeded without a single image");
    }

    @Test
    void completedSynchronously_noSuccessfulImage_failed() {
        EditJob j = EditJobs.aJob().inState(JobState.SUBMITTING).build();
        j.completedSynchronously(EditJobs.TASK, TaskSnapshots.succeeded(LATER, List.of(TaskSnapshots.failed(0))), LATER);
        assertThat(j.state()).isEqualTo(JobState.FAILED);
    }

    @ParameterizedTest(name = "{0} in {1}: {2} of 4 succeeded costs {3}")
    @CsvSource({
        "wan2.5-i2i-preview, BEIJING,   3, 0.60",
        "wan2.5-i2i-preview, SINGAPORE, 3, 0.660531",
        "wanx2.1-imageedit,  BEIJING,   1, 0.14",
        "wan2.7-image,       SINGAPORE, 4, 0.880708",
        "wan2.7-image-pro,   BEIJING,   2, 1.00",
        "wan2.7-image-pro,   SINGAPORE, 1, 0.562065",
    })
    void actualCost_countsSuccessfulImagesOnly(String model, Region region, int ok, String cost) {
        List<RemoteResult> slots = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slots.add(i < ok ? TaskSnapshots.ok(i) : TaskSnapshots.failed(i));
        }
        EditJob j = EditJobs.aJob().request(EditRequests.forModel(model).region(region).n(4).build())
                .withResults(slots).inState(JobState.SUCCEEDED).build();
        assertThat(j.actualCost().amount()).isEqualByComparingTo(cost);
        assertThat(j.actualCost().currency()).isEqualTo(Money.CNY);
    }

    @Test
    void actualCost_usageImageCountPresent_usageWins() {
        EditJob j = EditJobs.aJob().request(EditRequests.wan25().n(4).build())
                .withResults(TaskSnapshots.oks(4)).withUsageImageCount(2).inState(JobState.SUCCEEDED).build();
        assertThat(j.usage()).hasValue(Usage.images(2));
        assertThat(j.actualCost().amount()).isEqualByComparingTo("0.40");
    }

    @Test
    void actualCost_beforeAnyResult_zero() {
        assertThat(EditJobs.aJob().inState(JobState.RUNNING).build().actualCost().amount()).isEqualByComparingTo("0");
        assertThat(EditJobs.aJob().inState(JobState.FAILED).build().actualCost().amount()).isEqualByComparingTo("0");
    }
}
