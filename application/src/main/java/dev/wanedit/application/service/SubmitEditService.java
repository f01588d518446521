package dev.wanedit.application.service;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Use case implementation: journal, then create, so that a paid task is created once whatever
 * happens.
 *
 * <p>The job is journaled as CREATED (atomically with the look for an existing job of the same
 * request), its inputs are uploaded (nothing billable), a submission permit is taken, the job is
 * journaled SUBMITTING, and the create is sent; the task id is journaled before this returns. What
 * the create's answer means decides what happens next:
 * <ul>
 *   <li>2xx with a task: recorded (PENDING/RUNNING, or the final result of a synchronous call);</li>
 *   <li>429: nothing was created; the job is CREATED again and the create is sent again after a
 *       back-off (never shorter than {@code Retry-After}), through the submission limiter, within
 *       the submission's patience;</li>
 *   <li>another 4xx: nothing was created; a rejection ends the job FAILED;</li>
 *   <li>not sent at all (connection refused): CREATED again; tried a few times, then left for resume;</li>
 *   <li>no answer, a reset, a 5xx, a gateway page, or a 2xx whose body could not be read: the
 *       outcome is unknown; the job is OUTCOME_UNKNOWN and the {@link Reconciler} searches the task
 *       list for it; only when the task is provably absent (and the service never answered 2xx) is
 *       the create sent again, and the journal says so.</li>
 * </ul>
 * A synchronous call whose answer is lost is never sent again (it is not in the task list).
 */
public final class SubmitEditService implements SubmitEdit {

    /** Creates that certainly were not sent (connection refused) are tried this often before the job is left for resume. */
    static final int UNSENT_ATTEMPTS = 3;
    /**
     * Creates proven absent are sent again this often in one submission; a service that keeps
     * losing answers (every create a 5xx, say) is left for resume instead of being tried for the
     * whole patience.
     */
    static final int MAX_RESENDS = 1;

    private final JobRepository jobs;
    private final ImageEditingService editing;
    private final Reconciler reconciler;
    private final Limiters limiters;
    private final JobIdSource ids;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Optional<String> destination;
    private final StorePreflight preflight;
    private final OwnBucketInputs ownBucket;
    private final JobLeases leases;
    private final StoredResults stored;
    private final SendTimes sendTimes;

    /**
     * @param destination recorded on every new job: where its results are to be stored (the local
     *     store's absolute output folder), so that a later {@code resume} stores them there too
     */
    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random,
                             Optional<String> destination, JobLeases leases) {
        this(jobs, editing, reconciler, limiters, ids, clock, sleeper, backoff, random, destination, leases,
                StorePreflight.none(), OwnBucketInputs.unconfigured());
    }

    /**
     * @param preflight checks the result store once, before the first job is journaled and paid for
     * @param ownBucket signs the URLs of inputs in the user's own bucket just before a create is sent
     */
    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random,
                             Optional<String> destination, JobLeases leases, StorePreflight preflight,
                             OwnBucketInputs ownBucket) {
        this(jobs, editing, reconciler, limiters, ids, clock, sleeper, backoff, random, destination, leases, preflight,
                ownBucket, StoredResults.none());
    }

    /**
     * @param stored the results stored earlier, searched for a batch line the journal has no job for
     *     (a lost or emptied journal), so that the line is journaled from them instead of paid again
     */
    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random,
                             Optional<String> destination, JobLeases leases, StorePreflight preflight,
                             OwnBucketInputs ownBucket, StoredResults stored) {
        this(jobs, editing, reconciler, limiters, ids, clock, sleeper, backoff, random, destination, leases, preflight,
                ownBucket, stored, new SendTimes());
    }

    /** @param sendTimes where the instant each create is sent is kept, for the poller that measures from it */
    public SubmitEditService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Limiters limiters,
                             JobIdSource ids, Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random,
                             Optional<String> destination, JobLeases leases, StorePreflight preflight,
                             OwnBucketInputs ownBucket, StoredResults stored, SendTimes sendTimes) {
        this.sendTimes = sendTimes;
        this.stored = stored;
        this.preflight = preflight;
        this.ownBucket = ownBucket;
        this.destination = destination;
        this.leases = leases;
        this.jobs = jobs;
        this.editing = editing;
        this.reconciler = reconciler;
        this.limiters = limiters;
        this.ids = ids;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.random = random;
    }

    /**
     * Checks the result store before the first billable call of this process (a batch calls it
     * once for every line's results before submitting any).
     *
     * @throws dev.wanedit.application.port.out.ResultStoreUnusable naming the folder or bucket and why
     */
    public void checkStore(long expectedBytes) {
        preflight.beforePaying(expectedBytes);
    }

    /** The reconciler that settles this service's creates of unknown outcome. */
    Reconciler reconciler() {
        return reconciler;
    }

    @Override
    public SubmitOutcome submit(EditRequest request, SubmitOptions options) throws InterruptedException {
        return submit(request, options, limiters.submissions(request.model()));
    }

    /** Submits under a given submission rate limiter (a batch's override of the model's rate). */
    public SubmitOutcome submit(EditRequest request, SubmitOptions options, RateLimiter rate) throws InterruptedException {
        JobRepository.Insertion ins;
        try {
            ins = journal(request, options);
        } catch (InvalidEditRequest e) {
            return SubmitOutcome.Rejected.byRules(e.violations()); // nothing journaled, nothing sent
        }
        EditJob job = ins.job();
        // a new job is never final before it is sent: a final one was journaled from its stored results
        boolean reused = !ins.inserted() || job.state().isFinal();
        if (!ins.inserted() && !needsSending(job)) {
            return new SubmitOutcome.Reused(job); // already sent: idempotent
        }
        if (!leases.acquire(job.id())) {
            // another live process is sending it or waiting for it: never a second create
            return reused ? new SubmitOutcome.Reused(job) : new SubmitOutcome.Sent(job);
        }
        try {
            EditJob sent = send(job, options.mode(), rate, options.patience());
            return reused ? new SubmitOutcome.Reused(sent) : new SubmitOutcome.Sent(sent);
        } catch (RemoteServiceException.Rejected e) {
            return SubmitOutcome.Rejected.byService(jobs.find(job.id()).orElse(job), e); // journaled FAILED
        }
    }

    /**
     * The journal step of a submission alone: the job of the request (the same batch line, or an
     * unfinished twin meant for the same endpoint), or a new CREATED job, leased to this process.
     * Nothing is sent.
     */
    public JobRepository.Insertion journal(EditRequest request, SubmitOptions options) {
        if (options.mode() == SubmitMode.SYNC) {
            request.model().synchronousCallViolation().ifPresent(v -> {
                throw new InvalidEditRequest(List.of(v));
            });
        }
        checkStore(StorePreflight.expectedBytes(request)); // before anything is journaled or paid for
        EditJob fresh = EditJob.create(ids.next(), request, clock.instant(), options.batch(), destination, editing.endpoint());
        if (fresh.batch().isPresent() && !options.force()) {
            fresh = recovered(fresh).orElse(fresh);
        }
        JobRepository.Insertion ins = jobs.insertOrReuse(fresh, options.force());
        if (ins.inserted()) {
            if (fresh.state().isFinal()) {
                leases.release(fresh.id()); // journaled from its stored results: nothing to work on
            } else {
                leases.acquire(fresh.id()); // a shared journal leased it in the insert already; this records it
            }
        }
        return ins;
    }

    /**
     * The job of a batch line, journaled again from the results it stored, when the journal lost it:
     * the sidecars in the line's output folder name the same fingerprint, batch line and endpoint.
     * A batch line the journal still has is found by the insert instead (this one is then dropped);
     * a stored job whose id the journal knows is not the journal's loss.
     */
    private Optional<EditJob> recovered(EditJob fresh) {
        return stored.find(fresh)
                .filter(f -> jobs.find(f.jobId()).isEmpty())
                .map(f -> f.recover(fresh.request(), clock.instant()));
    }

    /** The leases this service takes, for the services that wait for its jobs. */
    JobLeases leases() {
        return leases;
    }

    static boolean needsSending(EditJob job) {
        return job.state() == JobState.CREATED || job.state() == JobState.SUBMITTING
                || job.state() == JobState.OUTCOME_UNKNOWN;
    }

    /**
     * Sends a journaled job that has no task yet (CREATED), or first settles one whose create
     * outcome is unknown (OUTCOME_UNKNOWN, or SUBMITTING left by a process that ended).
     *
     * @param patience how long this may take (throttling, searching the task list); zero returns
     *     as soon as the create is answered or its outcome is recorded as unknown
     * @return the job as it stands: with its task, CREATED (not sent yet), OUTCOME_UNKNOWN (being
     *     searched for), or final
     */
    public EditJob send(EditJob job, SubmitMode mode, RateLimiter rate, Duration patience) throws InterruptedException {
        try {
            return sendLeased(job, mode, rate, patience);
        } catch (ConcurrentJobUpdate e) {
            // Another process changed the job meanwhile (it took the job over when this process's
            // lease lapsed): what it wrote stands; this process stops working on the job.
            return jobs.find(job.id()).orElse(job);
        }
    }

    private EditJob sendLeased(EditJob job, SubmitMode mode, RateLimiter rate, Duration patience) throws InterruptedException {
        Instant until = clock.instant().plus(patience);
        if (job.state() == JobState.SUBMITTING || job.state() == JobState.OUTCOME_UNKNOWN) {
            reconciler.settle(job, until);
            if (job.state() != JobState.CREATED) {
                return job; // adopted, still unknown, still open (sync), or given up
            }
        }
        if (job.state() != JobState.CREATED) {
            return job;
        }
        ImageEditingService.PreparedCreate prepared;
        try {
            // inputs in the user's own bucket go as URLs signed now; the journal keeps their oss:// reference
            prepared = editing.prepare(SignedInputs.forSending(job.request(), ownBucket), mode, job.endpoint());
        } catch (RemoteServiceException.Rejected e) {
            job.rejected(new JobFailure(JobFailure.Kind.REJECTED, e.code(), e.getMessage()), clock.instant());
            jobs.update(job);
            throw e;
        }
        int throttled = 0;
        int unsent = 0;
        int resent = 0;
        while (true) {
            Permits.await(rate, sleeper);
            reconciler.sending(job); // before SUBMITTING is journaled: no other thread may take it for stranded
            Duration again;
            try {
                job.beginSubmission(clock.instant(), mode == SubmitMode.SYNC);
                jobs.update(job);
                call(job, prepared);
                if (job.state() == JobState.OUTCOME_UNKNOWN) {
                    reconciler.sent(job);
                    reconciler.settle(job, until);
                    if (job.state() == JobState.CREATED && resent++ < MAX_RESENDS) {
                        continue; // provably never created: send it again (the journal says so)
                    }
                }
                return job;
            } catch (RemoteServiceException.RateLimited e) {
                e.retryAfter().ifPresent(rate::pause);
                again = backoff.delay(++throttled, e.retryAfter(), random);
                if (!clock.instant().plus(again).isBefore(until)) {
                    throw e; // the job stays CREATED: nothing was created
                }
            } catch (RemoteServiceException.Unavailable e) {
                again = backoff.delay(++unsent, e.retryAfter(), random);
                if (unsent >= UNSENT_ATTEMPTS || !clock.instant().plus(again).isBefore(until)) {
                    throw e;
                }
            } finally {
                reconciler.sent(job);
            }
            sleeper.sleep(again);
        }
    }

    /**
     * One create attempt; the job leaves it with its task, final, OUTCOME_UNKNOWN, or (throttled,
     * refused, not sent: the exception is rethrown) CREATED.
     */
    private void call(EditJob job, ImageEditingService.PreparedCreate prepared) {
        try {
            Instant sent = clock.instant();
            Submission s = editing.create(prepared);
            if (s.finalSnapshot().isPresent()) {
                job.completedSynchronously(s.task(), s.finalSnapshot().get(), clock.instant());
            } else {
                job.accepted(s.task(), s.status(), clock.instant());
                sendTimes.sent(job.id(), sent); // its polls are measured from here
            }
            jobs.update(job);
        } catch (RemoteServiceException.RateLimited e) {
            job.submissionNotAccepted(clock.instant()); // throttled: nothing was created
            jobs.update(job);
            throw e;
        } catch (RemoteServiceException.Rejected e) {
            job.rejected(new JobFailure(JobFailure.Kind.REJECTED, e.code(), e.getMessage()), clock.instant());
            jobs.update(job);
            throw e;
        } catch (RemoteServiceException.Unauthorized | RemoteServiceException.Unavailable e) {
            job.submissionNotAccepted(clock.instant()); // certainly not created (refused, or never sent)
            jobs.update(job);
            throw e;
        } catch (RemoteServiceException.OutcomeUnknown e) {
            if (job.isSynchronousCall()) { // sent, unanswered, and not in the task list: never send it again
                job.synchronousOutcomeUnknown(clock.instant());
            } else {
                job.createOutcomeUnknown(e.doubt(), e.getMessage(), clock.instant());
            }
            jobs.update(job);
        }
    }
}
