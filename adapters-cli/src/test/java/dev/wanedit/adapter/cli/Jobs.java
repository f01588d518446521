package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Real domain jobs in every state, for the command tests. */
final class Jobs {

    static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123Z");
    static final ImageFacts JPEG_1024x768 = new ImageFacts(ImageFormat.JPEG, 1024, 768, 245_000, false);

    private static int counter;

    private Jobs() {
    }

    static JobId newId() {
        counter++;
        return new JobId(String.format("20261121-101530-123-%06d", counter));
    }

    static EditRequest wan25(int n) {
        return EditRequest.draft("wan2.5-i2i-preview").region(Region.BEIJING).prompt("Put the clock on the shelf")
                .image(new ImageInput.LocalImage(Path.of("shelf.jpg"), JPEG_1024x768)).n(n).build();
    }

    static EditJob created(EditRequest request) {
        return EditJob.create(newId(), request, T0, Optional.empty());
    }

    static EditJob pending(EditRequest request, String taskId) {
        EditJob j = created(request);
        j.beginSubmission(T0);
        j.accepted(new RemoteTaskRef(taskId, request.region(), Optional.empty()), RemoteStatus.PENDING, T0.plusSeconds(1));
        return j;
    }

    static EditJob running(EditRequest request, String taskId) {
        EditJob j = pending(request, taskId);
        j.apply(TaskSnapshot.of(taskId, RemoteStatus.RUNNING), T0.plusSeconds(5));
        return j;
    }

    /** The job moved to SUCCEEDED with {@code failedSlots} of its n slots failed, then every success stored. */
    static EditJob stored(EditJob j, int failedSlots) {
        int n = j.request().output().n();
        String taskId = j.task().orElseThrow().taskId();
        List<RemoteResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(i < n - failedSlots
                    ? RemoteResult.success(i, URI.create("https://dashscope-result.oss.aliyuncs.com/" + taskId + "/" + i + ".png"), null)
                    : RemoteResult.failure(i, "InternalError.Timeout", "An internal timeout error has occured during execution"));
        }
        Instant end = T0.plusSeconds(40);
        j.apply(new TaskSnapshot(taskId, RemoteStatus.SUCCEEDED, Optional.of(T0), Optional.empty(), Optional.of(end), results,
                Optional.of(Usage.images(n - failedSlots)), Optional.empty(), Optional.empty()), end);
        for (int i = 0; i < n - failedSlots; i++) {
            j.recordStored(i, "/out/" + j.id() + "/image-" + i + ".png", "ab12cd34ef56" + "0".repeat(52), 1_572_864L, end);
        }
        return j;
    }

    static EditJob failed(EditJob j, String code, String message) {
        String taskId = j.task().orElseThrow().taskId();
        j.apply(new TaskSnapshot(taskId, RemoteStatus.FAILED, Optional.of(T0), Optional.empty(), Optional.of(T0.plusSeconds(9)),
                List.of(), Optional.empty(), Optional.of(code), Optional.of(message)), T0.plusSeconds(9));
        return j;
    }

    static EditJob rejected(EditJob j) {
        j.rejected(new JobFailure(JobFailure.Kind.REJECTED, "DataInspectionFailed", "Input data may contain inappropriate content."), T0);
        return j;
    }
}
