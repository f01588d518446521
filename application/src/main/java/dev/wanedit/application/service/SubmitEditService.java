package dev.wanedit.application.service;

import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.SubmitOptions;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.InvalidEditRequest;
import dev.wanedit.domain.JobFailure;
import dev.wanedit.domain.JobState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Use case implementation: journal, then create. The job is written as CREATED, then SUBMITTING
 * before the billable call, and the task id right after it, so a crash at any point leaves a job
 * that {@code resume} can finish without paying twice. Throttled creates (nothing created) wait
 * and try again under the model's submission rate; a create of unknown outcome is reconciled
 * through the task list before it is ever sent again.
 */
public final class SubmitEditService implements SubmitEdit {

    /** How many times a create refused with 429 is tried in all. */
    static final int MAX_ATTEMPTS = 5;

    private final JobRepository jobs;
    private final ImageEditingService editing;
    private final Reconciler reconciler;
    private final Limiters limiters;
    private final JobIdSource ids;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Optional<String> destination;

    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper) {
        this(jobs, editing, reconciler, limiters, ids, clock, sleeper, Optional.empty());
    }

    /**
     * @param destination recorded on every new job: where its results are to be stored (the local
     *     store's absolute output folder), so that a later {@code resume} stores them there too
     */
    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper, Optional<String> destination) {
        this.destination = destination;
        this.jobs = jobs;
        this.editing = editing;
        this.reconciler = reconciler;
        this.limiters = limiters;
        this.ids = ids;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public EditJob submit(EditRequest request, SubmitOptions options) {
        return submit(request, options, limiters.submissions(request.model()));
    }

    /** Submits under a given submission rate limiter (a batch's override of the model's rate). */
    public EditJob submit(EditRequest request, SubmitOptions options, RateLimiter rate) {
        if (options.mode() == SubmitMode.SYNC) {
            request.model().synchronousCallViolation().ifPresent(v -> {
                throw new InvalidEditRequest(List.of(v));
            });
        }
        Optional<EditJob> existing = options.batch().isPresent()
                ? jobs.findByBatchLine(options.batch().get().batchId(), options.batch().get().lineKey())
                : Optional.empty();
        if (existing.isEmpty() && !options.force()) {
            existing = jobs.findUnfinishedByFingerprint(request.fingerprint());
        }
        if (existing.isPresent() && !(options.force() && options.batch().isPresent())) {
            EditJob job = existing.get();
            if (job.state() == JobState.CREATED || job.state() == JobState.SUBMITTING) {
                return send(job, options.mode(), rate);
            }
            return job; // already sent: idempotent
        }
        EditJob job = EditJob.create(ids.next(), request, clock.instant(), options.batch(), destination);
        jobs.insert(job);
        return send(job, options.mode(), rate);
    }

    /**
     * Sends a journaled job that has no task yet (CREATED), or settles one whose create outcome is
     * unknown (SUBMITTING) first.
     */
    public EditJob send(EditJob job, SubmitMode mode) {
        return send(job, mode, limiters.submissions(job.request().model()));
    }

    /** As {@link #send(EditJob, SubmitMode)}, under a given submission rate (a batch's override). */
    public EditJob send(EditJob job, SubmitMode mode, RateLimiter rate) {
        if (job.state() == JobState.SUBMITTING && reconciler.reconcile(job) != Reconciler.Outcome.NOT_CREATED) {
            return job; // adopted a task, or gave up an unanswered synchronous call
        }
        for (int attempt = 1; ; attempt++) {
            waitForPermit(job, rate);
            settleOlderUnknownCreates(job);
            reconciler.sending(job); // before SUBMITTING is journaled: other threads must not settle it
            try {
                job.beginSubmission(clock.instant(), mode == SubmitMode.SYNC);
                jobs.update(job);
                RemoteOutcome outcome = call(job, mode, rate, attempt);
                if (outcome == RemoteOutcome.DONE) {
                    return job;
                }
            } finally {
                reconciler.sent(job);
            }
        }
    }

    /** What one create attempt left to do. */
    private enum RemoteOutcome { DONE, AGAIN }

    private RemoteOutcome call(EditJob job, SubmitMode mode, RateLimiter rate, int attempt) {
        try {
            Submission s = editing.submit(job.request(), mode);
            if (s.finalSnapshot().isPresent()) {
                job.completedSynchronously(s.task(), s.finalSnapshot().get(), clock.instant());
            } else {
                job.accepted(s.task(), s.status(), clock.instant());
            }
            jobs.update(job);
            return RemoteOutcome.DONE;
        } catch (RemoteServiceException.RateLimited e) {
            job.submissionNotAccepted(clock.instant());
            jobs.update(job);
            if (attempt >= MAX_ATTEMPTS) {
                throw e;
            }
            Duration pause = e.retryAfter().orElse(Duration.ofSeconds(1L << Math.min(attempt, 5)));
            rate.pause(pause);
            return RemoteOutcome.AGAIN;
        } catch (RemoteServiceException.Rejected | RemoteServiceException.Unauthorized e) {
            if (e instanceof RemoteServiceException.Rejected) {
                job.rejected(new JobFailure(JobFailure.Kind.REJECTED, e.code(), e.getMessage()), clock.instant());
            } else {
                job.submissionNotAccepted(clock.instant());
            }
            jobs.update(job);
            throw e;
        } catch (RemoteServiceException.Unavailable e) {
            // Certainly not created (the adapter reports sent-but-unanswered creates as OutcomeUnknown).
            job.submissionNotAccepted(clock.instant());
            jobs.update(job);
            throw e;
        } catch (RemoteServiceException.OutcomeUnknown e) {
            if (mode == SubmitMode.SYNC) { // sent, unanswered, and not in the task list: never send it again
                job.synchronousOutcomeUnknown(clock.instant());
                jobs.update(job);
                return RemoteOutcome.DONE;
            }
            if (reconciler.reconcile(job) != Reconciler.Outcome.NOT_CREATED || attempt >= MAX_ATTEMPTS) {
                if (job.state() == JobState.CREATED) {
                    throw e;
                }
                return RemoteOutcome.DONE;
            }
            return RemoteOutcome.AGAIN;
        }
    }

    /**
     * Settles every other job of the same model and region whose create outcome is unknown (left
     * in SUBMITTING by a crash), oldest first, before a new create is sent. The reconciler pairs
     * unsettled jobs with unknown tasks in creation order; if an older job whose create never
     * reached the service were still unsettled when this create's answer is lost, this job would
     * be paired with nothing, its task would be created again, and the older job would later adopt
     * this job's task. Settling first keeps at most one unknown create per model at a time.
     * (A job another live process is sending at this very moment would be settled too early; the
     * journal's version check then makes one of the two writers fail instead of losing an update.)
     */
    private void settleOlderUnknownCreates(EditJob job) {
        for (EditJob other : reconciler.unsettledLike(job)) {
            if (!other.id().equals(job.id())) {
                reconciler.reconcile(other);
            }
        }
    }

    private void waitForPermit(EditJob job, RateLimiter rate) {
        Duration wait = rate.reserve();
        if (!wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to submit job " + job.id(), e);
            }
        }
    }
}
