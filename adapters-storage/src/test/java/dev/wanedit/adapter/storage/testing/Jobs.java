package dev.wanedit.adapter.storage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.EditRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/** Jobs in every state, built through the aggregate's own transitions. */
public final class Jobs {

    public static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123456789Z");
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    private Jobs() {
    }

    public static synchronized JobId id(Instant at) {
        return JobId.generate(at, RANDOM);
    }

    public static EditJob created(EditRequest r, Instant at) {
        return EditJob.create(id(at), r, at, Optional.empty());
    }

    public static EditJob inBatch(EditRequest r, Instant at, String batch, String line) {
        return EditJob.create(id(at), r, at, Optional.of(new BatchRef(batch, line)));
    }

    public static EditJob submitting(EditRequest r, Instant at) {
        EditJob j = created(r, at);
        j.beginSubmission(at.plusMillis(5));
        return j;
    }

    public static void accept(EditJob j, String taskId, Instant at) {
        j.accepted(new RemoteTaskRef(taskId, Region.BEIJING, Optional.of("http://127.0.0.1:8089/api/v1")),
                RemoteStatus.PENDING, at);
    }

    /** SUCCEEDED with {@code ok} result images (0..ok-1) and one failed slot after them. */
    public static TaskSnapshot succeeded(String taskId, int ok, Instant end) {
        List<RemoteResult> results = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            results.add(RemoteResult.success(i, URI.create("https://dashscope-result.example/" + taskId + "/" + i + ".png?Expires=9"),
                    "actual prompt " + i));
        }
        results.add(RemoteResult.failure(ok, "InternalError.Timeout", "slot timed out"));
        return new TaskSnapshot(taskId, RemoteStatus.SUCCEEDED, Optional.of(end.minusSeconds(30)), Optional.of(end.minusSeconds(29)),
                Optional.of(end), results, Optional.of(new Usage(ok, Optional.of("1280*720"), OptionalInt.of(123), OptionalInt.of(456))),
                Optional.empty(), Optional.empty());
    }

    public static EditJob succeeded(EditRequest r, Instant at, int ok) {
        EditJob j = submitting(r, at);
        String task = "task-" + j.id().value();
        accept(j, task, at.plusSeconds(1));
        j.apply(succeeded(task, ok, at.plusSeconds(40)), at.plusSeconds(41));
        return j;
    }

    public static EditJob rejected(EditRequest r, Instant at) {
        EditJob j = submitting(r, at);
        j.rejected(new JobFailure(JobFailure.Kind.REJECTED, "DataInspectionFailed", "input data may contain inappropriate content"),
                at.plusSeconds(1));
        return j;
    }

    /** Every field of two jobs is equal (EditJob has no equals of its own). */
    public static void assertSameJob(EditJob actual, EditJob expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.fingerprint()).isEqualTo(expected.fingerprint());
        assertThat(actual.request().fingerprint()).isEqualTo(expected.request().fingerprint());
        assertThat(actual.request().canonicalForm()).isEqualTo(expected.request().canonicalForm());
        assertThat(actual.request().images()).isEqualTo(expected.request().images());
        assertThat(actual.request().mask()).isEqualTo(expected.request().mask());
        assertThat(actual.request().output()).isEqualTo(expected.request().output());
        assertThat(actual.request().functionParams()).isEqualTo(expected.request().functionParams());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.batch()).isEqualTo(expected.batch());
        assertThat(actual.state()).isEqualTo(expected.state());
        assertThat(actual.task()).isEqualTo(expected.task());
        assertThat(actual.submittingSince()).isEqualTo(expected.submittingSince());
        assertThat(actual.isSynchronousCall()).isEqualTo(expected.isSynchronousCall());
        assertThat(actual.remoteSubmitTime()).isEqualTo(expected.remoteSubmitTime());
        assertThat(actual.remoteEndTime()).isEqualTo(expected.remoteEndTime());
        assertThat(actual.results()).isEqualTo(expected.results());
        assertThat(actual.usage()).isEqualTo(expected.usage());
        assertThat(actual.failure()).isEqualTo(expected.failure());
        assertThat(actual.updatedAt()).isEqualTo(expected.updatedAt());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.destination()).isEqualTo(expected.destination());
        assertThat(actual.endpoint()).isEqualTo(expected.endpoint());
        assertThat(actual.doubt()).isEqualTo(expected.doubt());
        assertThat(actual.history()).isEqualTo(expected.history());
        assertThat(actual.unknownSince()).isEqualTo(expected.unknownSince());
        assertThat(actual.problem()).isEqualTo(expected.problem());
    }
}
