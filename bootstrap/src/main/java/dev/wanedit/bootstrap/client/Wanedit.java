package dev.wanedit.bootstrap.client;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * wanedit for Java services: edits images with the Wan models through the same use cases, journal,
 * stores and policies as the {@code wanedit} command line, in one object that a service builds once
 * and closes when it stops.
 *
 * <pre>{@code
 * try (Wanedit wanedit = Wanedit.builder()
 *         .region(Region.BEIJING)
 *         .apiKey(() -> System.getenv("DASHSCOPE_API_KEY"))
 *         .journal(Path.of("/var/lib/my-service/wanedit.db"))
 *         .resultStore(Path.of("/var/lib/my-service/results"))
 *         .build()) {
 *     EditRequest request = wanedit.prepare(wanedit.command("wan2.5-i2i-preview")
 *             .image("shelf.png").prompt("Put a brass clock on the shelf"));
 *     EditJob job = wanedit.edit(request, Duration.ofMinutes(5));   // submitted, waited for, stored
 *     job.results().forEach(r -> System.out.println(r.storedAt().orElseThrow()));
 * }
 * }</pre>
 *
 * <p>What it guarantees is the command line's: every task id is journaled before {@link #submit}
 * returns, so a crash never loses a paid result and {@link #resume} finishes it without paying
 * twice; a request with the fingerprint of a live job is not sent again; results are stored the
 * moment a task succeeds. The blocking methods wait on the caller's thread; the
 * {@code CompletableFuture} variants hold no thread per waiting job (one scheduler thread polls the
 * jobs that are due, a few workers submit and store). It is safe for concurrent use. The API key is
 * never shown by {@link #toString()}, a log line or an exception.
 */
public final class Wanedit implements AutoCloseable {

    private final SubmitEdit submitEdit;
    private final AwaitJob awaitJob;
    private final ManageJobs manageJobs;
    private final ResumeJobs resumeJobs;
    private final RunBatch runBatch;
    private final ValidateEdit validateEdit;
    private final JobWatcher watcher;
    private final ProgressListener defaultProgress;
    private final Region region;
    private final String description;
    private final AutoCloseable owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    Wanedit(SubmitEdit submitEdit, AwaitJob awaitJob, ManageJobs manageJobs, ResumeJobs resumeJobs, RunBatch runBatch,
            ValidateEdit validateEdit, JobWatcher watcher, ProgressListener defaultProgress, Region region, String description,
            AutoCloseable owned) {
        this.submitEdit = submitEdit;
        this.awaitJob = awaitJob;
        this.manageJobs = manageJobs;
        this.resumeJobs = resumeJobs;
        this.runBatch = runBatch;
        this.validateEdit = validateEdit;
        this.watcher = watcher;
        this.defaultProgress = defaultProgress;
        this.region = region;
        this.description = description;
        this.owned = owned;
    }

    /**
     * A builder with no settings yet: give at least the API key (or {@link Builder#fromEnvironment()}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The region this client calls.
     *
     * @return the region every command built by {@link #command(String)} is for
     */
    public Region region() {
        return region;
    }

    /**
     * Starts an edit as a user states it, for this client's region: images as local paths, http(s)
     * URLs, {@code data:} URIs or {@code oss://bucket/key}, read when the edit is validated or
     * prepared (the draft itself is left as it is, so it can be prepared again).
     *
     * @param model a model id, e.g. {@code wan2.5-i2i-preview}
     * @return the domain's draft of an edit, with the region set
     */
    public EditRequestDraft command(String model) {
        return EditRequest.draft(model).region(region);
    }

    /**
     * Checks an edit locally (reads the input files' headers; no network): facts, every violation,
     * the expected output and its cost.
     *
     * @param edit the edit
     * @return the report; {@link ValidationReport#valid()} tells whether it can be sent
     */
    public ValidationReport validate(EditRequestDraft edit) {
        return validateEdit.validate(edit, SubmitMode.ASYNC);
    }

    /**
     * Reads the inputs and builds a request that every documented rule allows.
     *
     * @param edit the edit
     * @return the request, ready for {@link #submit(EditRequest)}
     * @throws dev.wanedit.domain.request.InvalidEditRequest listing every violation at once
     */
    public EditRequest prepare(EditRequestDraft edit) {
        return validateEdit.prepare(edit);
    }

    /**
     * Journals an edit and creates its remote task (a billable call); the task id is in the journal
     * before this returns. An unfinished job with the same request is returned instead of paying
     * twice.
     *
     * @param request the edit
     * @return the job, PENDING or RUNNING (or, when the create's answer was lost, OUTCOME_UNKNOWN:
     *     {@link #await} or {@link #resume} settles it)
     * @throws InterruptedException when the thread is interrupted while waiting out a throttled service
     * @throws dev.wanedit.application.port.out.RemoteServiceException when the service refused it
     *     (recorded on the job)
     */
    public EditJob submit(EditRequest request) throws InterruptedException {
        return submit(request, SubmitOptions.async());
    }

    /**
     * As {@link #submit(EditRequest)}, with options (force a resubmission, patience).
     *
     * @param request the edit
     * @param options how to submit
     * @return the job
     * @throws InterruptedException when the thread is interrupted while waiting out a throttled service
     */
    public EditJob submit(EditRequest request, SubmitOptions options) throws InterruptedException {
        SubmitOutcome outcome = submitEdit.submit(request, options);
        if (outcome instanceof SubmitOutcome.Rejected r) {
            throw r.reason().isPresent() ? r.reason().get() : new InvalidEditRequest(r.violations());
        }
        return outcome.journaled().orElseThrow();
    }

    /**
     * Waits on this thread until the job is final (its results downloaded and stored) or the
     * deadline passes.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @return the job in its final state: STORED, FAILED, CANCELED or EXPIRED
     * @throws dev.wanedit.application.port.in.value.WaitTimedOut when the deadline passed first; it
     *     carries the job, which stays resumable
     * @throws dev.wanedit.application.port.in.value.JobNotFound when the journal has no such job
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob await(JobId id, Duration deadline) throws InterruptedException {
        return await(id, deadline, defaultProgress);
    }

    /**
     * As {@link #await(JobId, Duration)}, telling {@code progress} about every poll and stored result.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @param progress hears about the wait
     * @return the job in its final state
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob await(JobId id, Duration deadline, ProgressListener progress) throws InterruptedException {
        AwaitOutcome outcome = awaitJob.await(id, deadline, progress);
        if (outcome instanceof AwaitOutcome.TimedOut) {
            throw new WaitTimedOut(outcome.job());
        }
        if (outcome instanceof AwaitOutcome.Interrupted) {
            Thread.interrupted(); // reported as the exception instead of the flag
            throw new InterruptedException("interrupted while waiting for job " + id + "; it stays resumable");
        }
        return outcome.job();
    }

    /**
     * Submits, waits and stores: {@link #submit(EditRequest)} then {@link #await(JobId, Duration)}.
     *
     * @param request the edit
     * @param deadline how long to wait for the task and the stores, after the submission
     * @return the job, STORED when it went well (each result's stored location on it)
     * @throws dev.wanedit.application.port.in.value.WaitTimedOut when the deadline passed first
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob edit(EditRequest request, Duration deadline) throws InterruptedException {
        return edit(request, deadline, defaultProgress);
    }

    /**
     * As {@link #edit(EditRequest, Duration)}, with a progress listener.
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @param progress hears about the wait
     * @return the job
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob edit(EditRequest request, Duration deadline, ProgressListener progress) throws InterruptedException {
        EditJob job = submit(request);
        return await(job.id(), deadline, progress);
    }

    /**
     * Submits on one of the client's workers.
     *
     * @param request the edit
     * @return the submitted job, or the submission's exception
     */
    public CompletableFuture<EditJob> submitAsync(EditRequest request) {
        return watcher.onWorker(() -> submit(request));
    }

    /**
     * Waits for a job without holding a thread while it waits: the client's scheduler queries its
     * task when it is due and a worker stores the results.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @return the job in its final state; completed exceptionally with
     *     {@link dev.wanedit.application.port.in.value.WaitTimedOut} (carrying the job) when the deadline
     *     passed first, or with {@link IllegalStateException} when the client was closed first
     */
    public CompletableFuture<EditJob> awaitAsync(JobId id, Duration deadline) {
        return awaitAsync(id, deadline, defaultProgress);
    }

    /**
     * As {@link #awaitAsync(JobId, Duration)}, with a progress listener (called on the client's threads).
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @param progress hears about the wait
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> awaitAsync(JobId id, Duration deadline, ProgressListener progress) {
        return watcher.await(id, deadline, progress);
    }

    /**
     * {@link #submitAsync(EditRequest)} then {@link #awaitAsync(JobId, Duration)}.
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> editAsync(EditRequest request, Duration deadline) {
        return editAsync(request, deadline, defaultProgress);
    }

    /**
     * As {@link #editAsync(EditRequest, Duration)}, with a progress listener (called on the client's threads).
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @param progress hears about the wait
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> editAsync(EditRequest request, Duration deadline, ProgressListener progress) {
        return submitAsync(request).thenCompose(job -> awaitAsync(job.id(), deadline, progress));
    }

    /**
     * A job as the journal holds it.
     *
     * @param id the job
     * @return the job
     * @throws dev.wanedit.application.port.in.value.JobNotFound when the journal has no such job
     */
    public EditJob status(JobId id) {
        return manageJobs.status(id, false);
    }

    /**
     * A job, refreshed by one task query when {@code refresh}.
     *
     * @param id the job
     * @param refresh ask the service (one query under the account's budget)
     * @return the job
     */
    public EditJob status(JobId id, boolean refresh) {
        return manageJobs.status(id, refresh);
    }

    /**
     * Cancels a job whose task is still PENDING (or that was never sent); the service refuses to
     * cancel a RUNNING task.
     *
     * @param id the job
     * @return the job, CANCELED
     * @throws dev.wanedit.application.port.out.RemoteServiceException when the service refused
     */
    public EditJob cancel(JobId id) {
        return manageJobs.cancel(id);
    }

    /**
     * The journal's jobs.
     *
     * @param query which jobs
     * @return the jobs, newest first
     */
    public List<EditJob> jobs(JobQuery query) {
        return manageJobs.list(query);
    }

    /**
     * Finishes every unfinished job in the journal (a crash's, another instance's whose lease
     * expired, one left by a timed-out wait) without creating any task twice; a job another live
     * process works on is left to it.
     *
     * @param deadlinePerJob how long to wait for each job
     * @return the jobs it worked on, in their new states, each with why it is not finished when it is not
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public List<ResumeJobs.Resumed> resume(Duration deadlinePerJob) throws InterruptedException {
        return resumeJobs.resume(deadlinePerJob, false, defaultProgress);
    }

    /**
     * Runs many edits under each model's submission rate and concurrency limits and the account's
     * query budget, on this thread, without a thread per job (the batch's own scheduler). The same
     * edits run again are recognised (by their content) and not paid for twice.
     *
     * @param edits the edits; iterated twice (every edit is validated before anything is sent)
     * @param deadline how long to run before leaving the rest to {@link #resume}
     * @return the batch's counts and its notable lines
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public BatchReport batch(Iterable<EditRequestDraft> edits, Duration deadline) throws InterruptedException {
        return batch(edits, ClientBatches.spec(edits, deadline), BatchProgress.Listener.NONE);
    }

    /**
     * As {@link #batch(Iterable, Duration)}, with every setting of a batch and a listener.
     *
     * @param edits the edits; iterated twice
     * @param spec the batch's id (recognises the same batch across runs), limits, cost cap, deadline
     * @param listener hears about the batch as it runs, and about every line that ends
     * @return the batch's counts and its notable lines
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public BatchReport batch(Iterable<EditRequestDraft> edits, BatchSpec spec, BatchProgress.Listener listener)
            throws InterruptedException {
        Objects.requireNonNull(edits, "edits");
        return runBatch.run(spec, ClientBatches.manifest(edits), listener);
    }

    /**
     * Stops the client's scheduler and workers (a wait or a store in progress is interrupted and
     * its future fails; the job stays resumable), the application's pools, the journal's heartbeat
     * and connections (this process's leases are given back), and the OSS client if it started
     * one. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            watcher.close();
        } finally {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing wanedit's journal: " + e.getMessage(), e);
            }
        }
    }

    /** Where it sends and keeps things; never the API key. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * How a {@link Wanedit} is configured. Every setting is checked by {@link #build()}, and every
     * bad one is named at once, by the same rules as the command line's settings.
     */
    public static final class Builder extends ClientSettings {

        // the settings, their checks and their resolution live in the package-private ClientSettings
        private Builder() {
        }
    }
}
