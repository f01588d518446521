package dev.wanedit.domain.job;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.testdata.EditJobs;
import dev.wanedit.domain.testdata.TaskSnapshots;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Every action of {@link EditJob}, with the states the documented life cycle allows it in. Variants
 * of one method (accepted as PENDING or RUNNING, each snapshot status) are separate actions so that
 * every edge is exercised.
 */
enum JobActions {
    BEGIN_SUBMISSION((j, at) -> j.beginSubmission(at), JobState.CREATED),
    SUBMISSION_NOT_ACCEPTED((j, at) -> j.submissionNotAccepted(at), JobState.SUBMITTING),
    ACCEPTED_PENDING((j, at) -> j.accepted(EditJobs.TASK, RemoteStatus.PENDING, at), JobState.SUBMITTING),
    ACCEPTED_RUNNING((j, at) -> j.accepted(EditJobs.TASK, RemoteStatus.RUNNING, at), JobState.SUBMITTING),
    REJECTED((j, at) -> j.rejected(EditJobs.rejection(), at), JobState.CREATED, JobState.SUBMITTING),
    COMPLETED_SYNC_SUCCEEDED((j, at) -> j.completedSynchronously(EditJobs.TASK,
            TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), at), JobState.SUBMITTING),
    COMPLETED_SYNC_NO_IMAGE((j, at) -> j.completedSynchronously(EditJobs.TASK,
            TaskSnapshots.succeeded(at, List.of(TaskSnapshots.failed(0))), at), JobState.SUBMITTING),
    COMPLETED_SYNC_FAILED((j, at) -> j.completedSynchronously(EditJobs.TASK,
            TaskSnapshots.failedTask("DataInspectionFailed", "inappropriate"), at), JobState.SUBMITTING),
    COMPLETED_SYNC_CANCELED((j, at) -> j.completedSynchronously(EditJobs.TASK,
            TaskSnapshots.of(RemoteStatus.CANCELED), at), JobState.SUBMITTING),
    APPLY_PENDING((j, at) -> j.apply(TaskSnapshots.of(RemoteStatus.PENDING), at), JobState.PENDING, JobState.RUNNING),
    APPLY_RUNNING((j, at) -> j.apply(TaskSnapshots.of(RemoteStatus.RUNNING), at), JobState.PENDING, JobState.RUNNING),
    APPLY_SUCCEEDED((j, at) -> j.apply(TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), at), JobState.PENDING, JobState.RUNNING),
    APPLY_SUCCEEDED_NO_IMAGE((j, at) -> j.apply(TaskSnapshots.succeeded(at, List.of()), at), JobState.PENDING, JobState.RUNNING),
    APPLY_FAILED((j, at) -> j.apply(TaskSnapshots.failedTask("InternalError", "boom"), at), JobState.PENDING, JobState.RUNNING),
    APPLY_CANCELED((j, at) -> j.apply(TaskSnapshots.of(RemoteStatus.CANCELED), at), JobState.PENDING, JobState.RUNNING),
    APPLY_UNKNOWN((j, at) -> j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), at), JobState.PENDING, JobState.RUNNING),
    APPLY_UNKNOWN_A_DAY_LATER((j, at) -> j.apply(TaskSnapshots.of(RemoteStatus.UNKNOWN), at.plus(ModelCatalog.RESULT_RETENTION)),
            JobState.PENDING, JobState.RUNNING),
    /** Stores every successful result not stored yet (index 0 when there are none, which then fails on state first). */
    RECORD_STORED_ALL((j, at) -> {
        List<ResultImage> pending = j.pendingDownloads();
        if (pending.isEmpty()) {
            j.recordStored(0, "out/0.png", "sha", 1, at);
        }
        for (ResultImage r : pending) {
            j.recordStored(r.index(), "out/" + r.index() + ".png", "sha" + r.index(), 10, at);
        }
    }, JobState.SUCCEEDED),
    RESULTS_EXPIRED((j, at) -> j.resultsExpired(at), JobState.SUCCEEDED),
    CANCELLED((j, at) -> j.cancelled(at), JobState.CREATED, JobState.SUBMITTING, JobState.PENDING, JobState.RUNNING),
    CREATE_OUTCOME_UNKNOWN((j, at) -> j.createOutcomeUnknown(CreateDoubt.Cause.GATEWAY_ERROR, "502", at), JobState.SUBMITTING),
    SEARCHED((j, at) -> j.searched(List.of(), at), JobState.OUTCOME_UNKNOWN),
    ADOPT_PENDING((j, at) -> j.adopt(EditJobs.TASK, TaskSnapshots.of(RemoteStatus.PENDING), "prompt", at), JobState.OUTCOME_UNKNOWN),
    ADOPT_SUCCEEDED((j, at) -> j.adopt(EditJobs.TASK, TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), "prompt", at),
            JobState.OUTCOME_UNKNOWN),
    ADOPT_RUNNING((j, at) -> j.adopt(EditJobs.TASK, TaskSnapshots.of(RemoteStatus.RUNNING), "prompt", at), JobState.OUTCOME_UNKNOWN),
    ADOPT_FAILED((j, at) -> j.adopt(EditJobs.TASK, TaskSnapshots.failedTask("InternalError", "boom"), "time", at),
            JobState.OUTCOME_UNKNOWN),
    ADOPT_CANCELED((j, at) -> j.adopt(EditJobs.TASK, TaskSnapshots.of(RemoteStatus.CANCELED), "time", at), JobState.OUTCOME_UNKNOWN),
    PROVEN_NOT_CREATED((j, at) -> j.provenNotCreated(java.time.Duration.ofMinutes(2), at), JobState.OUTCOME_UNKNOWN),
    GIVE_UP_SEARCH((j, at) -> j.giveUpSearch("never found", at), JobState.OUTCOME_UNKNOWN),
    REVIVE_RUNNING((j, at) -> j.revive(TaskSnapshots.of(RemoteStatus.RUNNING), at), JobState.EXPIRED),
    REVIVE_PENDING((j, at) -> j.revive(TaskSnapshots.of(RemoteStatus.PENDING), at), JobState.EXPIRED),
    REVIVE_SUCCEEDED((j, at) -> j.revive(TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), at), JobState.EXPIRED),
    REVIVE_FAILED((j, at) -> j.revive(TaskSnapshots.failedTask("InternalError", "boom"), at), JobState.EXPIRED),
    REVIVE_CANCELED((j, at) -> j.revive(TaskSnapshots.of(RemoteStatus.CANCELED), at), JobState.EXPIRED),
    REFRESH_RESULT_URLS((j, at) -> j.refreshResultUrls(TaskSnapshots.succeeded(at, TaskSnapshots.oks(1)), at), JobState.SUCCEEDED),
    RECORD_PROBLEM((j, at) -> j.recordProblem(new JobProblem(at, "store_failed", "disk full")), JobState.SUCCEEDED);

    private final BiConsumer<EditJob, Instant> action;
    private final Set<JobState> allowedIn;

    JobActions(BiConsumer<EditJob, Instant> action, JobState first, JobState... rest) {
        this.action = action;
        this.allowedIn = EnumSet.of(first, rest);
    }

    void apply(EditJob job, Instant at) {
        action.accept(job, at);
    }

    Set<JobState> allowedIn() {
        return allowedIn;
    }
}
