package dev.wanedit.domain.job;

import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.EditRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link EditJob} holds and what can be read of it; the job's life (its creation, restore
 * and every transition) is in {@link EditJob}, the only subclass. The fields change only through
 * EditJob's transitions: they are package-private for EditJob alone, the way the JDK's
 * {@code AbstractStringBuilder} holds {@code StringBuilder}'s state.
 */
abstract sealed class JobRecord permits EditJob {

    final JobId id;
    final EditRequest request;
    final String fingerprint;
    final Instant createdAt;
    final Optional<BatchRef> batch;
    final Optional<String> destination;
    Optional<String> endpoint;
    JobState state;
    Optional<RemoteTaskRef> task;
    Optional<Instant> submittingSince;
    boolean synchronousCall;
    Optional<CreateDoubt> doubt;
    Optional<Instant> remoteSubmitTime;
    Optional<Instant> remoteEndTime;
    List<ResultImage> results;
    Optional<Usage> usage;
    Optional<JobFailure> failure;
    List<JobEvent> history;
    Optional<Instant> unknownSince;
    Optional<JobProblem> problem;
    Instant updatedAt;
    final JournalVersion journalVersion;

    JobRecord(EditJob.Snapshot s) {
        this.id = s.id();
        this.request = s.request();
        this.fingerprint = s.fingerprint();
        this.createdAt = s.createdAt();
        this.batch = s.batch();
        this.destination = s.destination();
        this.endpoint = s.endpoint();
        this.state = s.state();
        this.task = s.task();
        this.submittingSince = s.submittingSince();
        this.synchronousCall = s.synchronousCall();
        this.doubt = s.doubt();
        this.remoteSubmitTime = s.remoteSubmitTime();
        this.remoteEndTime = s.remoteEndTime();
        this.results = s.results();
        this.usage = s.usage();
        this.failure = s.failure();
        this.history = s.history();
        this.unknownSince = s.unknownSince();
        this.problem = s.problem();
        this.updatedAt = s.updatedAt();
        this.journalVersion = new JournalVersion(s.version());
    }

    /** Everything the journal keeps of this job. */
    public EditJob.Snapshot snapshot() {
        return new EditJob.Snapshot(id, request, fingerprint, createdAt, batch, destination, endpoint, state, task, submittingSince,
                synchronousCall, doubt, remoteSubmitTime, remoteEndTime, results, usage, failure, history, unknownSince,
                problem, updatedAt, journalVersion.value());
    }

    /** True when the job records no usable endpoint (an older journal's unsent job). */
    public boolean endpointUnknown() {
        return endpoint.filter(EditJob.UNKNOWN_ENDPOINT::equals).isPresent();
    }

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

    /** The API base URL the job is to be sent to; empty for its region's own host. */
    public Optional<String> endpoint() {
        return endpoint;
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

    /** What is known of a create whose outcome is unknown (state OUTCOME_UNKNOWN). */
    public Optional<CreateDoubt> doubt() {
        return doubt;
    }

    /** The money decisions taken about this job (adoptions, re-sends, ambiguous searches, revivals), oldest first. */
    public List<JobEvent> history() {
        return history;
    }

    /** Since when the job's task has answered UNKNOWN without a break. */
    public Optional<Instant> unknownSince() {
        return unknownSince;
    }

    /** The latest problem that kept the job from moving on (a result not downloaded or stored yet). */
    public Optional<JobProblem> problem() {
        return problem;
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

    /** The version a journal last wrote this job at (0: never written). */
    public long version() {
        return journalVersion.value();
    }

    /** For journals only: the version they advance after each write of this job. */
    public JournalVersion journalVersion() {
        return journalVersion;
    }

    /** Successful results not stored yet. */
    public List<ResultImage> pendingDownloads() {
        return results.stream().filter(r -> r.succeeded() && !r.isStored()).toList();
    }

    /**
     * True when the task succeeded but some image slots failed or were not returned (fewer images
     * than requested, outside image-set mode).
     */
    public boolean isPartial() {
        return (state == JobState.SUCCEEDED || state == JobState.STORED) && results.stream().anyMatch(r -> !r.succeeded());
    }

    /** True when the service produced results that are not all stored yet (the job is SUCCEEDED and resumable). */
    public boolean isPaidButNotStored() {
        return state == JobState.SUCCEEDED && !pendingDownloads().isEmpty();
    }

    /** When the first unstored result's URL dies; empty when nothing waits to be stored. */
    public Optional<Instant> resultsExpireAt() {
        return pendingDownloads().stream().flatMap(r -> r.urlExpiresAt().stream()).min(Instant::compareTo);
    }

    /** The region the job's task runs in (the task's, once there is one), else the request's. */
    public Region region() {
        return task.map(RemoteTaskRef::region).orElse(request.region());
    }

    /** True once the service has said what it produced, so {@link #actualCost()} is a fact rather than zero. */
    public boolean isActualCostKnown() {
        return switch (state) {
            case SUCCEEDED, STORED, FAILED, CANCELED, EXPIRED -> true;
            case CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING -> false;
        };
    }

    /** The cost of what the service produced: unit price times successful images. */
    public Money actualCost() {
        Money unit = request.model().pricePerImage(request.region()).orElse(Money.zero(Money.CNY));
        int images = usage.map(Usage::imageCount).orElse((int) results.stream().filter(ResultImage::succeeded).count());
        return unit.times(images);
    }

    /** The history with {@code e} appended. */
    List<JobEvent> append(JobEvent e) {
        List<JobEvent> next = new ArrayList<>(history);
        next.add(e);
        return List.copyOf(next);
    }

    /** Refuses {@code action} unless the job is in one of the {@code allowed} states. */
    void require(String action, JobState... allowed) {
        Set<JobState> ok = EnumSet.noneOf(JobState.class);
        ok.addAll(List.of(allowed));
        if (!ok.contains(state)) {
            throw new IllegalTransition(id, state, action);
        }
    }

    /** The only change of state: refused unless {@link JobState#canMoveTo} allows it. */
    void move(JobState next, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalTransition(id, state, "move to " + next);
        }
        state = next;
        updatedAt = at;
    }

    /** → EXPIRED with {@code why}: the task is gone or kept answering UNKNOWN. */
    void expire(String why, Instant at) {
        failure = Optional.of(new JobFailure(JobFailure.Kind.EXPIRED, "UNKNOWN", why));
        unknownSince = Optional.empty();
        move(JobState.EXPIRED, at);
    }

    @Override
    public String toString() {
        return "EditJob[" + id + ", " + state + task.map(t -> ", task " + t.taskId()).orElse("") + "]";
    }
}
