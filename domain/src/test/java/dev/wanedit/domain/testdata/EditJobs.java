package dev.wanedit.domain.testdata;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Test-data builder for {@link EditJob}: {@code EditJobs.aJob().inState(JobState.RUNNING).build()}.
 * It reaches the state by walking the real transitions (so a job in any state is one the aggregate
 * itself produced), one second apart from {@link #T0}:
 * <ul>
 *   <li>CREATED: {@code create}</li>
 *   <li>SUBMITTING: + {@code beginSubmission}</li>
 *   <li>PENDING: + {@code accepted(PENDING)}</li>
 *   <li>RUNNING: + {@code apply(RUNNING)}</li>
 *   <li>SUCCEEDED: + {@code apply(SUCCEEDED)} with the results (default: n successful images)</li>
 *   <li>STORED: + {@code recordStored} for every successful result</li>
 *   <li>FAILED: RUNNING + {@code apply(FAILED)}</li>
 *   <li>CANCELED: PENDING + {@code cancelled}</li>
 *   <li>OUTCOME_UNKNOWN: SUBMITTING + {@code createOutcomeUnknown(NO_ANSWER)}</li>
 *   <li>EXPIRED: RUNNING + {@code apply(UNKNOWN)} 24 hours after the create</li>
 * </ul>
 */
public final class EditJobs {

    /** The fixed creation instant of every built job. */
    public static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
    public static final JobId JOB_ID = new JobId("20261121-050000-000-abc123");
    public static final RemoteTaskRef TASK = new RemoteTaskRef(TaskSnapshots.TASK_ID, Region.BEIJING, Optional.empty());

    private JobId id = JOB_ID;
    private EditRequest request;
    private Instant createdAt = T0;
    private Optional<BatchRef> batch = Optional.empty();
    private JobState state = JobState.CREATED;
    private List<RemoteResult> results;
    private Integer usageImageCount;

    private EditJobs() {
    }

    public static EditJobs aJob() {
        return new EditJobs();
    }

    public EditJobs id(JobId id) {
        this.id = id;
        return this;
    }

    /** The request; defaults to {@link EditRequests#valid()}. */
    public EditJobs request(EditRequest request) {
        this.request = request;
        return this;
    }

    public EditJobs createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public EditJobs inBatch(String batchId, String lineKey) {
        this.batch = Optional.of(new BatchRef(batchId, lineKey));
        return this;
    }

    public EditJobs inState(JobState state) {
        this.state = state;
        return this;
    }

    /** The image slots the SUCCEEDED snapshot reports (used for SUCCEEDED and STORED). */
    public EditJobs withResults(List<RemoteResult> results) {
        this.results = List.copyOf(results);
        return this;
    }

    public EditJobs withResults(RemoteResult... results) {
        return withResults(List.of(results));
    }

    /** {@code usage.image_count} reported with the SUCCEEDED snapshot. */
    public EditJobs withUsageImageCount(int count) {
        this.usageImageCount = count;
        return this;
    }

    /** The instant of the {@code step}-th transition after creation. */
    public Instant at(int step) {
        return createdAt.plusSeconds(step);
    }

    public EditJob build() {
        EditRequest req = request != null ? request : EditRequests.valid();
        EditJob job = EditJob.create(id, req, createdAt, batch);
        switch (state) {
            case CREATED:
                break;
            case SUBMITTING:
                job.beginSubmission(at(1));
                break;
            case OUTCOME_UNKNOWN:
                job.beginSubmission(at(1));
                job.createOutcomeUnknown(CreateDoubt.Cause.NO_ANSWER, "read timed out", at(2));
                break;
            case PENDING:
                toPending(job);
                break;
            case RUNNING:
                toRunning(job);
                break;
            case SUCCEEDED:
                toSucceeded(job, req);
                break;
            case STORED:
                toSucceeded(job, req);
                for (ResultImage r : job.pendingDownloads()) {
                    job.recordStored(r.index(), "out/" + id + "/" + r.index() + ".png", "sha" + r.index(), 1000 + r.index(), at(5));
                }
                break;
            case FAILED:
                toRunning(job);
                job.apply(TaskSnapshots.failedTask("InternalError", "the task failed"), at(4));
                break;
            case CANCELED:
                toPending(job);
                job.cancelled(at(3));
                break;
            case EXPIRED:
                toRunning(job);
                job.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), createdAt.plus(ModelCatalog.RESULT_RETENTION).plusSeconds(4));
                break;
            default:
                throw new IllegalStateException("no path to " + state);
        }
        if (job.state() != state) {
            throw new IllegalStateException("walked to " + job.state() + " instead of " + state
                    + " (results " + results + ")");
        }
        return job;
    }

    private void toPending(EditJob job) {
        job.beginSubmission(at(1));
        job.accepted(TASK, RemoteStatus.PENDING, at(2));
    }

    private void toRunning(EditJob job) {
        toPending(job);
        job.apply(TaskSnapshots.of(RemoteStatus.RUNNING), at(3));
    }

    private void toSucceeded(EditJob job, EditRequest req) {
        toRunning(job);
        List<RemoteResult> slots = results != null ? results : TaskSnapshots.oks(req.output().n());
        job.apply(usageImageCount == null ? TaskSnapshots.succeeded(at(4), slots)
                : TaskSnapshots.succeeded(at(4), slots, usageImageCount), at(4));
    }

    /** A rejection as the service would report it. */
    public static JobFailure rejection() {
        return new JobFailure(JobFailure.Kind.REJECTED, "InvalidParameter", "the size is not supported");
    }
}
