package dev.wanedit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregate: one edit request on its way to stored results. It owns its state and guards
 * every transition (see {@link JobState}); illegal transitions throw {@link IllegalTransition}.
 * Time is always passed in. A remote failure is a state with a {@link JobFailure}, not an exception.
 */
public final class EditJob {

    private final JobId id;
    private final EditRequest request;
    private final String fingerprint;
    private final Instant createdAt;
    private final Optional<BatchRef> batch;
    private final Optional<String> destination;
    private JobState state;
    private Optional<RemoteTaskRef> task;
    private Optional<Instant> submittingSince;
    private boolean synchronousCall;
    private Optional<Instant> remoteSubmitTime;
    private Optional<Instant> remoteEndTime;
    private List<ResultImage> results;
    private Optional<Usage> usage;
    private Optional<JobFailure> failure;
    private Instant updatedAt;
    private long version;

    private EditJob(JobId id, EditRequest request, String fingerprint, Instant createdAt, Optional<BatchRef> batch,
                    JobState state, Optional<RemoteTaskRef> task, Optional<Instant> submittingSince,
                    Optional<Instant> remoteSubmitTime, Optional<Instant> remoteEndTime, List<ResultImage> results,
                    Optional<Usage> usage, Optional<JobFailure> failure, Instant updatedAt, long version,
                    Optional<String> destination, boolean synchronousCall) {
        if (id == null || request == null || createdAt == null || state == null || updatedAt == null) {
            throw new IllegalArgumentException("id, request, createdAt, state and updatedAt are required");
        }
        this.id = id;
        this.request = request;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
        this.batch = batch;
        this.destination = destination == null ? Optional.empty() : destination;
        this.state = state;
        this.task = task;
        this.submittingSince = submittingSince;
        this.remoteSubmitTime = remoteSubmitTime;
        this.remoteEndTime = remoteEndTime;
        this.results = List.copyOf(results);
        this.usage = usage;
        this.failure = failure;
        this.updatedAt = updatedAt;
        this.version = version;
        this.synchronousCall = synchronousCall;
    }

    /** A new job in {@link JobState#CREATED}. */
    public static EditJob create(JobId id, EditRequest request, Instant at, Optional<BatchRef> batch) {
        return create(id, request, at, batch, Optional.empty());
    }

    /**
     * A new job in {@link JobState#CREATED} that remembers where its results should be stored
     * (for the local store an absolute folder), so that {@code resume} stores them there from any
     * working directory and whatever the configuration is then.
     */
    public static EditJob create(JobId id, EditRequest request, Instant at, Optional<BatchRef> batch,
                                 Optional<String> destination) {
        return new EditJob(id, request, request.fingerprint(), at, batch, JobState.CREATED, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), at, 0,
                destination, false);
    }

    /** Rebuilds a job from the journal, exactly as stored; no transition rules apply. */
    public static EditJob restore(JobId id, EditRequest request, String fingerprint, Instant createdAt,
                                  Optional<BatchRef> batch, JobState state, Optional<RemoteTaskRef> task,
                                  Optional<Instant> submittingSince, Optional<Instant> remoteSubmitTime,
                                  Optional<Instant> remoteEndTime, List<ResultImage> results, Optional<Usage> usage,
                                  Optional<JobFailure> failure, Instant updatedAt, long version) {
        return restore(id, request, fingerprint, createdAt, batch, state, task, submittingSince, remoteSubmitTime, remoteEndTime,
                results, usage, failure, updatedAt, version, Optional.empty());
    }

    /** Rebuilds a job from the journal, with the destination it was created with. */
    public static EditJob restore(JobId id, EditRequest request, String fingerprint, Instant createdAt,
                                  Optional<BatchRef> batch, JobState state, Optional<RemoteTaskRef> task,
                                  Optional<Instant> submittingSince, Optional<Instant> remoteSubmitTime,
                                  Optional<Instant> remoteEndTime, List<ResultImage> results, Optional<Usage> usage,
                                  Optional<JobFailure> failure, Instant updatedAt, long version,
                                  Optional<String> destination) {
        return restore(id, request, fingerprint, createdAt, batch, state, task, submittingSince, remoteSubmitTime,
                remoteEndTime, results, usage, failure, updatedAt, version, destination, false);
    }

    /**
     * Rebuilds a job from the journal, with its destination and whether its create call was a
     * synchronous one ({@link #isSynchronousCall()}).
     */
    public static EditJob restore(JobId id, EditRequest request, String fingerprint, Instant createdAt,
                                  Optional<BatchRef> batch, JobState state, Optional<RemoteTaskRef> task,
                                  Optional<Instant> submittingSince, Optional<Instant> remoteSubmitTime,
                                  Optional<Instant> remoteEndTime, List<ResultImage> results, Optional<Usage> usage,
                                  Optional<JobFailure> failure, Instant updatedAt, long version,
                                  Optional<String> destination, boolean synchronousCall) {
        return new EditJob(id, request, fingerprint, createdAt, batch, state, task, submittingSince, remoteSubmitTime,
                remoteEndTime, results, usage, failure, updatedAt, version, destination, synchronousCall);
    }

    /** An independent copy with every field, as a journal would read it back (for in-memory journals). */
    public EditJob copy() {
        return new EditJob(id, request, fingerprint, createdAt, batch, state, task, submittingSince, remoteSubmitTime,
                remoteEndTime, results, usage, failure, updatedAt, version, destination, synchronousCall);
    }

    // ---- transitions ----

    /** CREATED → SUBMITTING: a task-creating call is about to be sent. Journal this before sending. */
    public void beginSubmission(Instant at) {
        beginSubmission(at, false);
    }

    /**
     * CREATED → SUBMITTING: a create call is about to be sent. Journal this before sending.
     *
     * @param synchronous true for a synchronous call (wan2.7), which leaves no task in the task
     *     list: if its answer is lost, nothing can show whether it ran
     */
    public void beginSubmission(Instant at, boolean synchronous) {
        require("begin submission", JobState.CREATED);
        submittingSince = Optional.of(at);
        synchronousCall = synchronous;
        move(JobState.SUBMITTING, at);
    }

    /** SUBMITTING → CREATED: the create call certainly did not create a task (refused, throttled before acceptance). */
    public void submissionNotAccepted(Instant at) {
        require("withdraw a submission", JobState.SUBMITTING);
        submittingSince = Optional.empty();
        synchronousCall = false;
        move(JobState.CREATED, at);
    }

    /**
     * SUBMITTING → FAILED: a synchronous call was sent and its answer lost. Nothing can show whether
     * it ran, so the job ends {@link JobFailure.Kind#OUTCOME_UNKNOWN} instead of being sent again.
     */
    public void synchronousOutcomeUnknown(Instant at) {
        require("give up an unanswered synchronous call", JobState.SUBMITTING);
        if (!synchronousCall) {
            throw new IllegalTransition(id, state, "give up a create call that was not synchronous (reconcile it through the task list)");
        }
        failure = Optional.of(new JobFailure(JobFailure.Kind.OUTCOME_UNKNOWN, "SyncOutcomeUnknown",
                "the synchronous call was sent but its answer was lost; it may have run and been billed, and a synchronous "
                        + "call cannot be looked up afterwards, so it was not sent again. Submit the edit again (--force) if "
                        + "you want it run anew"));
        move(JobState.FAILED, at);
    }

    /** SUBMITTING → PENDING or RUNNING: the service created the task. */
    public void accepted(RemoteTaskRef ref, RemoteStatus status, Instant at) {
        require("record an accepted task", JobState.SUBMITTING);
        task = Optional.of(ref);
        move(status == RemoteStatus.RUNNING ? JobState.RUNNING : JobState.PENDING, at);
    }

    /** SUBMITTING (or CREATED) → FAILED: the service rejected the request; nothing was created. */
    public void rejected(JobFailure reason, Instant at) {
        require("record a rejection", JobState.SUBMITTING, JobState.CREATED);
        failure = Optional.of(reason);
        move(JobState.FAILED, at);
    }

    /** SUBMITTING → SUCCEEDED or FAILED: a synchronous call answered with the final result. */
    public void completedSynchronously(RemoteTaskRef ref, TaskSnapshot snapshot, Instant at) {
        require("record a synchronous result", JobState.SUBMITTING);
        if (snapshot.status() != RemoteStatus.SUCCEEDED && snapshot.status() != RemoteStatus.FAILED
                && snapshot.status() != RemoteStatus.CANCELED) {
            throw new IllegalArgumentException("a synchronous call must end SUCCEEDED, FAILED or CANCELED, not " + snapshot.status());
        }
        task = Optional.of(ref);
        applyFinal(snapshot, at);
    }

    /**
     * Applies what a task query saw. PENDING and RUNNING move forward only; SUCCEEDED records the
     * results (a task without a single successful image counts as FAILED); FAILED and CANCELED are
     * final; UNKNOWN means the task expired or never existed.
     *
     * @return true when the state changed
     */
    public boolean apply(TaskSnapshot snapshot, Instant at) {
        require("apply a task snapshot", JobState.PENDING, JobState.RUNNING);
        JobState before = state;
        snapshot.submitTime().ifPresent(t -> remoteSubmitTime = Optional.of(t));
        switch (snapshot.status()) {
            case PENDING:
                break;
            case RUNNING:
                if (state == JobState.PENDING) {
                    move(JobState.RUNNING, at);
                }
                break;
            case SUCCEEDED:
            case FAILED:
            case CANCELED:
                applyFinal(snapshot, at);
                break;
            case UNKNOWN:
                failure = Optional.of(new JobFailure(JobFailure.Kind.EXPIRED, "UNKNOWN",
                        "the service no longer knows the task (tasks are kept for 24 hours)"));
                move(JobState.EXPIRED, at);
                break;
            default:
                throw new IllegalStateException("unknown remote status " + snapshot.status());
        }
        return state != before;
    }

    private void applyFinal(TaskSnapshot s, Instant at) {
        s.submitTime().ifPresent(t -> remoteSubmitTime = Optional.of(t));
        s.endTime().ifPresent(t -> remoteEndTime = Optional.of(t));
        usage = s.usage().or(() -> usage);
        switch (s.status()) {
            case SUCCEEDED: {
                Instant expiry = s.endTime().orElse(at).plus(ModelCatalog.RESULT_RETENTION);
                List<ResultImage> images = new ArrayList<>();
                for (RemoteResult r : s.results()) {
                    images.add(ResultImage.from(r, expiry));
                }
                results = List.copyOf(images);
                if (images.stream().noneMatch(ResultImage::succeeded)) {
                    String code = images.stream().flatMap(i -> i.errorCode().stream()).findFirst().orElse("NoResult");
                    String msg = images.stream().flatMap(i -> i.errorMessage().stream()).findFirst()
                            .orElse("the task succeeded without a single image");
                    failure = Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, code, msg));
                    move(JobState.FAILED, at);
                } else {
                    move(JobState.SUCCEEDED, at);
                }
                break;
            }
            case FAILED:
                failure = Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, s.code().orElse("TaskFailed"),
                        s.message().orElse("")));
                move(JobState.FAILED, at);
                break;
            case CANCELED:
                move(JobState.CANCELED, at);
                break;
            default:
                throw new IllegalArgumentException("not a final status: " + s.status());
        }
    }

    /** Records one stored result; when every successful result is stored the job is STORED. */
    public void recordStored(int index, String location, String sha256, long bytes, Instant at) {
        require("record a stored result", JobState.SUCCEEDED);
        List<ResultImage> next = new ArrayList<>(results.size());
        boolean found = false;
        for (ResultImage r : results) {
            if (r.index() == index) {
                if (!r.succeeded()) {
                    throw new IllegalArgumentException("result " + index + " of job " + id + " failed and has nothing to store");
                }
                next.add(r.stored(location, sha256, bytes));
                found = true;
            } else {
                next.add(r);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("job " + id + " has no result " + index);
        }
        results = List.copyOf(next);
        updatedAt = at;
        if (pendingDownloads().isEmpty()) {
            move(JobState.STORED, at);
        }
    }

    /** SUCCEEDED → EXPIRED: result URLs died before every image was stored. */
    public void resultsExpired(Instant at) {
        require("expire results", JobState.SUCCEEDED);
        failure = Optional.of(new JobFailure(JobFailure.Kind.EXPIRED, "ResultExpired",
                "result URLs expired before every image was stored"));
        move(JobState.EXPIRED, at);
    }

    /**
     * → CANCELED: a job never sent (CREATED, or SUBMITTING reconciled as not created) cancelled
     * locally, or a task the service reports CANCELED. The service cancels only PENDING tasks
     * (protocol §3.1); RUNNING is allowed because the report may arrive after the task started.
     */
    public void cancelled(Instant at) {
        require("be cancelled", JobState.CREATED, JobState.SUBMITTING, JobState.PENDING, JobState.RUNNING);
        move(JobState.CANCELED, at);
    }

    /** Called by a repository after it wrote the job; the version guards against lost updates. */
    public void persisted(long newVersion) {
        this.version = newVersion;
    }

    // ---- queries ----

    public JobId id() {
        return id;
    }

    public EditRequest request() {
        return request;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<BatchRef> batch() {
        return batch;
    }

    public JobState state() {
        return state;
    }

    /** Where the results should be stored, as the result store understands it; empty for its default. */
    public Optional<String> destination() {
        return destination;
    }

    public Optional<RemoteTaskRef> task() {
        return task;
    }

    /** True when the job's create call is (or was) a synchronous call, which the task list does not show. */
    public boolean isSynchronousCall() {
        return synchronousCall;
    }

    /** When the (last) create call was started; the window in which a task of unknown outcome may have been created. */
    public Optional<Instant> submittingSince() {
        return submittingSince;
    }

    public Optional<Instant> remoteSubmitTime() {
        return remoteSubmitTime;
    }

    public Optional<Instant> remoteEndTime() {
        return remoteEndTime;
    }

    public List<ResultImage> results() {
        return results;
    }

    public Optional<Usage> usage() {
        return usage;
    }

    public Optional<JobFailure> failure() {
        return failure;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    /** Successful results not stored yet. */
    public List<ResultImage> pendingDownloads() {
        return results.stream().filter(r -> r.succeeded() && !r.isStored()).toList();
    }

    /** True when the task succeeded but some image slots failed. */
    public boolean isPartial() {
        return (state == JobState.SUCCEEDED || state == JobState.STORED) && results.stream().anyMatch(r -> !r.succeeded());
    }

    /** The region the job's task runs in (the task's, once there is one), else the request's. */
    public Region region() {
        return task.map(RemoteTaskRef::region).orElse(request.region());
    }

    /** True once the service has said what it produced, so {@link #actualCost()} is a fact rather than zero. */
    public boolean isActualCostKnown() {
        return switch (state) {
            case SUCCEEDED, STORED, FAILED, CANCELED, EXPIRED -> true;
            case CREATED, SUBMITTING, PENDING, RUNNING -> false;
        };
    }

    /** The cost of what the service produced: unit price times successful images. */
    public Money actualCost() {
        Money unit = request.model().pricePerImage(request.region()).orElse(Money.zero(Money.CNY));
        int images = usage.map(Usage::imageCount).orElse((int) results.stream().filter(ResultImage::succeeded).count());
        return unit.times(images);
    }

    private void require(String action, JobState... allowed) {
        Set<JobState> ok = EnumSet.noneOf(JobState.class);
        ok.addAll(List.of(allowed));
        if (!ok.contains(state)) {
            throw new IllegalTransition(id, state, action);
        }
    }

    private void move(JobState next, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalTransition(id, state, "move to " + next);
        }
        state = next;
        updatedAt = at;
    }

    @Override
    public String toString() {
        return "EditJob[" + id + ", " + state + task.map(t -> ", task " + t.taskId()).orElse("") + "]";
    }
}
