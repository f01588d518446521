package dev.wanedit.domain;

import java.time.Duration;
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
 *
 * <p>Money decisions are kept on the job: where it is to be sent ({@link #endpoint()}), what is
 * known of a create whose outcome is unknown ({@link #doubt()}), and every adoption of a found task
 * or re-send of a create ({@link #history()}).
 */
public final class EditJob {

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
    }

    private final JobId id;
    private final EditRequest request;
    private final String fingerprint;
    private final Instant createdAt;
    private final Optional<BatchRef> batch;
    private final Optional<String> destination;
    private Optional<String> endpoint;
    private JobState state;
    private Optional<RemoteTaskRef> task;
    private Optional<Instant> submittingSince;
    private boolean synchronousCall;
    private Optional<CreateDoubt> doubt;
    private Optional<Instant> remoteSubmitTime;
    private Optional<Instant> remoteEndTime;
    private List<ResultImage> results;
    private Optional<Usage> usage;
    private Optional<JobFailure> failure;
    private List<JobEvent> history;
    private Optional<Instant> unknownSince;
    private Optional<JobProblem> problem;
    private Instant updatedAt;
    private long version;

    private EditJob(Snapshot s) {
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
        this.version = s.version();
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
        if (id == null || request == null || at == null) {
            throw new IllegalArgumentException("a new job has an id, a request and a creation time");
        }
        return new EditJob(new Snapshot(id, request, request.fingerprint(), at, batch, destination, endpoint,
                JobState.CREATED, Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), at, 0));
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
        if (stored == null || stored.isEmpty() || stored.stream().anyMatch(r -> !r.isStored())) {
            throw new IllegalArgumentException("job " + id + ": a recovered job has at least one stored image and only stored ones");
        }
        java.util.Map<Integer, ResultImage> byIndex = new java.util.TreeMap<>();
        stored.forEach(r -> byIndex.put(r.index(), r));
        int n = Math.max(slots, byIndex.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
        List<ResultImage> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ResultImage r = byIndex.get(i);
            results.add(r != null ? r : new ResultImage(i, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 0, Optional.of("NotFoundStored"),
                    Optional.of("the journal entry was lost and no stored image " + i + " was found in " + where)));
        }
        JobEvent event = new JobEvent(at, JobEvent.Kind.RECOVERED, "the journal had no entry for this request; "
                + byIndex.size() + " stored image(s) of task " + task.taskId() + " found in " + where
                + ", journaled from their sidecars instead of paying again");
        return restore(new Snapshot(id, request, fingerprint, createdAt, batch, destination, endpoint,
                JobState.STORED, Optional.of(task), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), results, Optional.empty(), Optional.empty(), List.of(event), Optional.empty(),
                Optional.empty(), at, 0));
    }

    /**
     * Rebuilds a job from what a journal kept. The state's invariants are checked, so a damaged row
     * cannot make, say, a PENDING job without a task.
     *
     * @throws IllegalArgumentException naming what is inconsistent
     */
    public static EditJob restore(Snapshot s) {
        if (s == null || s.id() == null || s.request() == null || s.createdAt() == null || s.state() == null
                || s.updatedAt() == null || s.fingerprint() == null) {
            throw new IllegalArgumentException("id, request, fingerprint, createdAt, state and updatedAt are required");
        }
        String problem = switch (s.state()) {
            case CREATED -> s.task().isPresent() ? "a CREATED job has no task" : null;
            case SUBMITTING -> s.submittingSince().isEmpty() ? "a SUBMITTING job records when its create was sent" : null;
            case OUTCOME_UNKNOWN -> s.doubt().isEmpty() ? "an OUTCOME_UNKNOWN job records what is known of its create" : null;
            case PENDING, RUNNING, SUCCEEDED, STORED -> s.task().isEmpty() ? "a " + s.state() + " job has a task" : null;
            case FAILED -> s.failure().isEmpty() && s.task().isEmpty() ? "a FAILED job has a failure or a task" : null;
            case CANCELED -> null;
            case EXPIRED -> s.failure().isEmpty() ? "an EXPIRED job records why" : null;
        };
        if (problem == null && s.state() == JobState.STORED
                && s.results().stream().anyMatch(r -> r.succeeded() && !r.isStored())) {
            problem = "a STORED job has every successful result stored";
        }
        if (problem != null) {
            throw new IllegalArgumentException("job " + s.id() + ": " + problem);
        }
        return new EditJob(s);
    }

    /** Everything the journal keeps of this job. */
    public Snapshot snapshot() {
        return new Snapshot(id, request, fingerprint, createdAt, batch, destination, endpoint, state, task, submittingSince,
                synchronousCall, doubt, remoteSubmitTime, remoteEndTime, results, usage, failure, history, unknownSince,
                problem, updatedAt, version);
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

    /** True when the job records no usable endpoint (an older journal's unsent job). */
    public boolean endpointUnknown() {
        return endpoint.filter(UNKNOWN_ENDPOINT::equals).isPresent();
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
        switch (seen.status()) {
            case SUCCEEDED, FAILED, CANCELED -> applyFinal(seen, at);
            case RUNNING -> move(JobState.RUNNING, at);
            case PENDING, UNKNOWN -> move(JobState.PENDING, at);
        }
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
        switch (snapshot.status()) {
            case PENDING -> { }
            case RUNNING -> {
                if (state == JobState.PENDING) {
                    move(JobState.RUNNING, at);
                }
            }
            case SUCCEEDED, FAILED, CANCELED -> applyFinal(snapshot, at);
            case UNKNOWN -> {
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
            }
        }
        return changed || state != before;
    }

    private void expire(String why, Instant at) {
        failure = Optional.of(new JobFailure(JobFailure.Kind.EXPIRED, "UNKNOWN", why));
        unknownSince = Optional.empty();
        move(JobState.EXPIRED, at);
    }

    /**
     * EXPIRED → the state a fresh query reports: the job had ended EXPIRED because its task
     * answered UNKNOWN, yet the service still knows it. Recorded in {@link #history()}.
     *
     * @return true when the job was brought back
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
        switch (snapshot.status()) {
            case SUCCEEDED, FAILED, CANCELED -> applyFinal(snapshot, at);
            case RUNNING -> move(JobState.RUNNING, at);
            case PENDING, UNKNOWN -> move(JobState.PENDING, at);
        }
        return true;
    }

    private void applyFinal(TaskSnapshot s, Instant at) {
        s.submitTime().ifPresent(t -> remoteSubmitTime = Optional.of(t));
        s.endTime().ifPresent(t -> remoteEndTime = Optional.of(t));
        usage = s.usage().or(() -> usage);
        unknownSince = Optional.empty();
        switch (s.status()) {
            case SUCCEEDED -> {
                Instant fallbackExpiry = s.endTime().orElse(at).plus(ModelCatalog.RESULT_RETENTION);
                List<ResultImage> images = new ArrayList<>();
                for (RemoteResult r : s.results()) {
                    images.add(ResultImage.from(r, fallbackExpiry));
                }
                int requested = request.output().n();
                if (!request.output().sequential() && !images.isEmpty() && images.size() < requested) {
                    // The service may return fewer images than asked for (protocol §2.4); an image set
                    // (sequential) chooses its own count, with n as an upper bound.
                    int returned = images.size();
                    for (int i = returned; i < requested; i++) {
                        images.add(ResultImage.notReturned(i, returned, requested));
                    }
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
            }
            case FAILED -> {
                failure = Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, s.code().orElse("TaskFailed"),
                        s.message().orElse("")));
                move(JobState.FAILED, at);
            }
            case CANCELED -> move(JobState.CANCELED, at);
            case PENDING, RUNNING, UNKNOWN -> throw new IllegalArgumentException("not a final status: " + s.status());
        }
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
        List<ResultImage> next = new ArrayList<>(results.size());
        boolean changed = false;
        for (ResultImage r : results) {
            Optional<RemoteResult> fresh = snapshot.results().stream().filter(x -> x.index() == r.index() && x.succeeded())
                    .findFirst();
            if (r.succeeded() && !r.isStored() && fresh.isPresent() && !fresh.get().url().equals(r.remoteUrl())) {
                next.add(r.withUrl(fresh.get().url().orElseThrow(), fresh.get().url().flatMap(RemoteResult::signedExpiry)
                        .orElse(fallbackExpiry)));
                changed = true;
            } else {
                next.add(r);
            }
        }
        if (changed) {
            results = List.copyOf(next);
            updatedAt = at;
        }
        return changed;
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

    /** Called by a repository after it wrote the job; the version guards against lost updates. */
    public void persisted(long newVersion) {
        if (newVersion <= version && newVersion != 1) {
            throw new IllegalArgumentException("job " + id + ": a journal version only grows (" + version + " → " + newVersion + ")");
        }
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

    public long version() {
        return version;
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

    private List<JobEvent> append(JobEvent e) {
        List<JobEvent> next = new ArrayList<>(history);
        next.add(e);
        return List.copyOf(next);
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
