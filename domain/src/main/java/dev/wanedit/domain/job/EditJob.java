package dev.wanedit.domain.job;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.request.EditRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The aggregate: one edit request on its way to stored results. It owns its state and guards
 * every transition (see {@link JobState}); illegal transitions throw {@link IllegalTransition}.
 * Time is always passed in. A remote failure is a state with a {@link JobFailure}, not an exception.
 *
 * <p>Money decisions are kept on the job: where it is to be sent ({@link #endpoint()}), what is
 * known of a create whose outcome is unknown ({@link #doubt()}), and every adoption of a found task
 * or re-send of a create ({@link #history()}).
 */
public final class EditJob extends JobRecord {

    /**
     * Everything a journal keeps of a job, as plain values: what {@link #snapshot()} gives and
     * {@link #restore(Snapshot)} takes back.
     *
     * @param endpoint the API base URL the job is to be sent to when it is not the region's own host
     * @param doubt what is known of a create whose outcome is unknown (state OUTCOME_UNKNOWN only)
     * @param history money decisions taken about the job, oldest first
     * @param unknownSince since when its task has answered UNKNOWN without a break
     * @param problem the latest problem that kept it from moving on (a failed download or store)
     */
    public record Snapshot(JobId id, EditRequest request, String fingerprint, Instant createdAt, Optional<BatchRef> batch,
                           Optional<String> destination, Optional<String> endpoint, JobState state,
                           Optional<RemoteTaskRef> task, Optional<Instant> submittingSince, boolean synchronousCall,
                           Optional<CreateDoubt> doubt, Optional<Instant> remoteSubmitTime, Optional<Instant> remoteEndTime,
                           List<ResultImage> results, Optional<Usage> usage, Optional<JobFailure> failure,
                           List<JobEvent> history, Optional<Instant> unknownSince, Optional<JobProblem> problem,
                           Instant updatedAt, long version) {

        public Snapshot {
            batch = orEmpty(batch);
            destination = orEmpty(destination);
            endpoint = orEmpty(endpoint).filter(e -> !e.isBlank());
            task = orEmpty(task);
            submittingSince = orEmpty(submittingSince);
            doubt = orEmpty(doubt);
            remoteSubmitTime = orEmpty(remoteSubmitTime);
            remoteEndTime = orEmpty(remoteEndTime);
            results = results == null ? List.of() : List.copyOf(results);
            usage = orEmpty(usage);
            failure = orEmpty(failure);
            history = history == null ? List.of() : List.copyOf(history);
            unknownSince = orEmpty(unknownSince);
            problem = orEmpty(problem);
        }

        private static <T> Optional<T> orEmpty(Optional<T> o) {
            return o == null ? Optional.empty() : o;
        }

        /** An empty builder: set at least id, request, createdAt, state and updatedAt. */
        public static SnapshotBuilder builder() {
            return new SnapshotBuilder();
        }

        /** A builder holding this snapshot's values, to change some of them. */
        public SnapshotBuilder toBuilder() {
            return new SnapshotBuilder(this);
        }
    }


    private EditJob(Snapshot s) {
        super(s);
    }

    /** A new job in {@link JobState#CREATED}. */
    public static EditJob create(JobId id, EditRequest request, Instant at, Optional<BatchRef> batch) {
        return create(id, request, at, batch, Optional.empty(), Optional.empty());
    }

    /** A new job in {@link JobState#CREATED} for the region's own host, with where its results are to be stored. */
    public static EditJob create(JobId id, EditRequest request, Instant at, Optional<BatchRef> batch,
                                 Optional<String> destination) {
        return create(id, request, at, batch, destination, Optional.empty());
    }

    /**
     * A new job in {@link JobState#CREATED}.
     *
     * @param destination where its results are to be stored (for the local store an absolute
     *     folder), so that {@code resume} stores them there from any working directory
     * @param endpoint the API base URL it is to be sent to when that is not the region's own host
     *     (an emulator, a proxy, a workspace host); {@code resume} never sends it anywhere else
     */
    public static EditJob create(JobId id, EditRequest request, Instant at, Optional<BatchRef> batch,
                                 Optional<String> destination, Optional<String> endpoint) {
        return restore(Snapshot.builder().id(id).request(request).createdAt(at).batch(batch).destination(destination)
                .endpoint(endpoint).state(JobState.CREATED).updatedAt(at).build());
    }

    /**
     * A job journaled again from the results it stored, after its journal entry was lost: STORED,
     * with its task, its stored images and a {@link JobEvent.Kind#RECOVERED} event saying where they
     * were found. Slots below {@code slots} that were not found are recorded as missing, so the job
     * reads as partial rather than complete.
     *
     * @param fingerprint the fingerprint the job was journaled with (its sidecars keep it)
     * @param slots how many image slots the task had (its results, failed ones included)
     * @param stored the stored images found (at least one), each with its location, digest and size
     * @throws IllegalArgumentException when nothing was found or an image is not stored
     */
    public static EditJob recovered(JobId id, EditRequest request, String fingerprint, Instant createdAt, Optional<BatchRef> batch,
                                    Optional<String> destination, Optional<String> endpoint, RemoteTaskRef task,
                                    int slots, List<ResultImage> stored, String where, Instant at) {
        List<ResultImage> results = JobResults.recovered(id, slots, stored, where);
        return restore(Snapshot.builder().id(id).request(request).fingerprint(fingerprint).createdAt(createdAt).batch(batch)
                .destination(destination).endpoint(endpoint).state(JobState.STORED).task(Optional.of(task)).results(results)
                .history(List.of(JobResults.recoveredEvent(task, results, where, at))).updatedAt(at).build());
    }

    /**
     * Rebuilds a job from what a journal kept. The rules of its state are checked
     * ({@link SnapshotRules}), so a damaged row cannot make, say, a PENDING job without a task.
     *
     * @throws InvalidSnapshot naming the field and the rule it breaks
     */
    public static EditJob restore(Snapshot s) {
        SnapshotRules.check(s);
        return new EditJob(s);
    }

    /** An independent copy with every field, as a journal would read it back (for in-memory journals). */
    public EditJob copy() {
        return new EditJob(snapshot());
    }

    // ---- the create call ----

    /**
     * The endpoint of journals written before jobs recorded theirs, for a job that may have been
     * meant for an emulator or a proxy: it is sent nowhere until someone says where ({@link #retarget}).
     */
    public static final String UNKNOWN_ENDPOINT = "unknown";

    /**
     * The job is to be sent to (or, for a create of unknown outcome, looked for at) another endpoint
     * (empty: the region's own host), because the user said so. Only a job with no task can be moved.
     */
    public void retarget(Optional<String> to, Instant at) {
        require("move to another endpoint", JobState.CREATED, JobState.SUBMITTING, JobState.OUTCOME_UNKNOWN);
        endpoint = to == null ? Optional.empty() : to.filter(e -> !e.isBlank());
        updatedAt = at;
    }

    /** CREATED → SUBMITTING: a create call is about to be sent (an asynchronous one). Journal this before sending. */
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
        doubt = Optional.empty();
        move(JobState.SUBMITTING, at);
    }

    /** SUBMITTING → CREATED: the create call certainly did not create a task (refused, throttled, never sent). */
    public void submissionNotAccepted(Instant at) {
        require("withdraw a submission", JobState.SUBMITTING);
        submittingSince = Optional.empty();
        synchronousCall = false;
        move(JobState.CREATED, at);
    }

    /**
     * SUBMITTING → OUTCOME_UNKNOWN: the create was sent and whether the service took it is unknown.
     * Not for a synchronous call (see {@link #synchronousOutcomeUnknown}).
     */
    public void createOutcomeUnknown(CreateDoubt.Cause cause, String detail, Instant at) {
        require("record a create of unknown outcome", JobState.SUBMITTING);
        if (synchronousCall) {
            throw new IllegalTransition(id, state, "search the task list for a synchronous call (it is never listed)");
        }
        doubt = Optional.of(CreateDoubt.of(submittingSince.orElse(at), cause, detail));
        move(JobState.OUTCOME_UNKNOWN, at);
    }

    /** OUTCOME_UNKNOWN: one more search of the task list found nothing decisive; {@code ambiguous} names what it could not tell apart. */
    public void searched(List<String> ambiguous, Instant at) {
        require("record a search of the task list", JobState.OUTCOME_UNKNOWN);
        CreateDoubt d = doubt.orElseThrow();
        boolean newlyAmbiguous = !ambiguous.isEmpty() && !ambiguous.equals(d.candidates());
        doubt = Optional.of(d.lookedAt(at, ambiguous));
        if (newlyAmbiguous) {
            history = append(new JobEvent(at, JobEvent.Kind.AMBIGUOUS, "the task list shows " + ambiguous.size()
                    + " tasks that could each be this job's: " + String.join(", ", ambiguous)
                    + "; none was adopted"));
        }
        updatedAt = at;
    }

    /**
     * OUTCOME_UNKNOWN (or SUBMITTING found without a live sender) → the state of a task found in
     * the task list and taken for this job's: PENDING, RUNNING, or with a final snapshot SUCCEEDED,
     * FAILED or CANCELED. The adoption is recorded in {@link #history()} with {@code basis}.
     */
    public void adopt(RemoteTaskRef ref, TaskSnapshot seen, String basis, Instant at) {
        require("adopt a task", JobState.OUTCOME_UNKNOWN);
        history = append(new JobEvent(at, JobEvent.Kind.ADOPTED, "task " + ref.taskId() + " (" + basis + ")"));
        task = Optional.of(ref);
        seen.submitTime().ifPresent(t -> remoteSubmitTime = Optional.of(t));
        follow(seen, at);
    }

    /**
     * OUTCOME_UNKNOWN → CREATED: the task list did not show the task over the whole search window,
     * so the service did not take the create, and it may be sent again. Refused when the service
     * answered 2xx (it took the task).
     */
    public void provenNotCreated(Duration window, Instant at) {
        require("send a create again", JobState.OUTCOME_UNKNOWN);
        CreateDoubt d = doubt.orElseThrow();
        if (d.taken()) {
            throw new IllegalTransition(id, state, "send again a create the service answered with 2xx");
        }
        history = append(new JobEvent(at, JobEvent.Kind.RESENT, "the create sent at " + d.sentAt() + " ("
                + d.cause().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ") was not in the task list after "
                + d.looks() + " searches over " + window.toSeconds() + " s; sending it again"));
        doubt = Optional.empty();
        submittingSince = Optional.empty();
        move(JobState.CREATED, at);
    }

    /**
     * OUTCOME_UNKNOWN → FAILED ({@link JobFailure.Kind#OUTCOME_UNKNOWN}): the task could not be
     * found for longer than the service keeps tasks; nothing more can be learned.
     */
    public void giveUpSearch(String why, Instant at) {
        require("give up the search for a task", JobState.OUTCOME_UNKNOWN);
        failure = Optional.of(new JobFailure(JobFailure.Kind.OUTCOME_UNKNOWN, "TaskNotFound", why));
        move(JobState.FAILED, at);
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

    // ---- the task ----

    /**
     * Applies what a task query saw. PENDING and RUNNING move forward only; SUCCEEDED records the
     * results (a task without a single successful image counts as FAILED); FAILED and CANCELED are
     * final. UNKNOWN ends the job EXPIRED only when the task is past the service's 24-hour window,
     * or has answered UNKNOWN without a break for {@link ModelCatalog#UNKNOWN_TOLERANCE}; before
     * that it is remembered ({@link #unknownSince()}) and the task is asked again.
     *
     * @return true when anything the journal keeps changed
     */
    public boolean apply(TaskSnapshot snapshot, Instant at) {
        require("apply a task snapshot", JobState.PENDING, JobState.RUNNING);
        JobState before = state;
        boolean changed = false;
        if (snapshot.submitTime().isPresent() && !snapshot.submitTime().equals(remoteSubmitTime)) {
            remoteSubmitTime = snapshot.submitTime();
            changed = true;
        }
        if (snapshot.status() != RemoteStatus.UNKNOWN && unknownSince.isPresent()) {
            unknownSince = Optional.empty();
            changed = true;
        }
        if (snapshot.status() == RemoteStatus.UNKNOWN) {
            Instant since = unknownSince.orElse(at);
            Instant born = remoteSubmitTime.or(() -> submittingSince).orElse(createdAt);
            if (!at.isBefore(born.plus(ModelCatalog.RESULT_RETENTION))) {
                expire("the service no longer knows the task, created " + born + " (tasks are kept for 24 hours)", at);
            } else if (!at.isBefore(since.plus(ModelCatalog.UNKNOWN_TOLERANCE))) {
                expire("the service has answered UNKNOWN for this task without a break since " + since + " ("
                        + ModelCatalog.UNKNOWN_TOLERANCE.toMinutes() + " min), although it is younger than 24 hours", at);
            } else if (unknownSince.isEmpty()) {
                unknownSince = Optional.of(at);
                updatedAt = at;
                changed = true;
            }
        } else {
            whileRemote(snapshot.status()).ifPresentOrElse(next -> {
                if (next == JobState.RUNNING && state == JobState.PENDING) {
                    move(JobState.RUNNING, at);
                }
            }, () -> applyFinal(snapshot, at));
        }
        return changed || state != before;
    }

    /**
     * EXPIRED → the state a fresh query reports: the job had ended EXPIRED because its task answered
     * UNKNOWN, yet the service still knows it (recorded in {@link #history()}); true when brought back.
     */
    public boolean revive(TaskSnapshot snapshot, Instant at) {
        require("be revived", JobState.EXPIRED);
        boolean unknownExpiry = failure.map(f -> f.kind() == JobFailure.Kind.EXPIRED && f.code().equals("UNKNOWN")).orElse(false);
        if (!unknownExpiry || task.isEmpty() || snapshot.status() == RemoteStatus.UNKNOWN) {
            return false;
        }
        history = append(new JobEvent(at, JobEvent.Kind.REVIVED, "task " + task.get().taskId() + " is "
                + snapshot.status() + " again (it had answered UNKNOWN)"));
        failure = Optional.empty();
        follow(snapshot, at);
        return true;
    }

    private void applyFinal(TaskSnapshot s, Instant at) {
        s.submitTime().ifPresent(t -> remoteSubmitTime = Optional.of(t));
        s.endTime().ifPresent(t -> remoteEndTime = Optional.of(t));
        usage = s.usage().or(() -> usage);
        unknownSince = Optional.empty();
        JobState next = switch (s.status()) {
            case SUCCEEDED -> {
                results = JobResults.fromTask(s, request.output(), s.endTime().orElse(at).plus(ModelCatalog.RESULT_RETENTION));
                if (results.stream().noneMatch(ResultImage::succeeded)) {
                    failure = Optional.of(JobResults.noImage(results));
                    yield JobState.FAILED;
                }
                yield JobState.SUCCEEDED;
            }
            case FAILED -> {
                failure = Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, s.code().orElse("TaskFailed"),
                        s.message().orElse("")));
                yield JobState.FAILED;
            }
            case CANCELED -> JobState.CANCELED;
            case PENDING, RUNNING, UNKNOWN -> throw new IllegalArgumentException("not a final status: " + s.status());
        };
        move(next, at);
    }

    /** The job's state while its task has this status; empty for a final status, which {@link #applyFinal} decides. */
    private static Optional<JobState> whileRemote(RemoteStatus status) {
        return switch (status) {
            case PENDING, UNKNOWN -> Optional.of(JobState.PENDING);
            case RUNNING -> Optional.of(JobState.RUNNING);
            case SUCCEEDED, FAILED, CANCELED -> Optional.empty();
        };
    }

    /** Moves to what a reported status means: the live state it stands for, or the end it reports. */
    private void follow(TaskSnapshot s, Instant at) {
        whileRemote(s.status()).ifPresentOrElse(next -> move(next, at), () -> applyFinal(s, at));
    }

    /**
     * SUCCEEDED: a fresh query of the task gave (possibly newly signed) result URLs; the URLs of
     * results not stored yet are replaced by the new ones of the same index.
     *
     * @return true when a URL changed
     */
    public boolean refreshResultUrls(TaskSnapshot snapshot, Instant at) {
        require("refresh result URLs", JobState.SUCCEEDED);
        if (snapshot.status() != RemoteStatus.SUCCEEDED) {
            return false;
        }
        Instant fallbackExpiry = snapshot.endTime().or(() -> remoteEndTime).orElse(at).plus(ModelCatalog.RESULT_RETENTION);
        Optional<List<ResultImage>> next = JobResults.refreshed(results, snapshot, fallbackExpiry);
        next.ifPresent(n -> {
            results = n;
            updatedAt = at;
        });
        return next.isPresent();
    }

    /** Records one stored result; when every successful result is stored the job is STORED. */
    public void recordStored(int index, String location, String sha256, long bytes, Instant at) {
        require("record a stored result", JobState.SUCCEEDED);
        results = JobResults.withStored(id, results, index, location, sha256, bytes);
        updatedAt = at;
        if (pendingDownloads().isEmpty()) {
            problem = Optional.empty();
            move(JobState.STORED, at);
        }
    }

    /** SUCCEEDED: a result could not be downloaded or stored yet; the job stays SUCCEEDED and resumable. */
    public void recordProblem(JobProblem p) {
        require("record a problem storing results", JobState.SUCCEEDED);
        problem = Optional.of(p);
        updatedAt = p.at();
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
}
