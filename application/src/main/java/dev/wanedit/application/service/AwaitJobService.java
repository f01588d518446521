package dev.wanedit.application.service;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.TaskSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Use case implementation: polls a job's task on its model's schedule (never past the deadline,
 * always within the account's query budget, backing off while queries fail), journals every
 * change, and stores the results the moment the task succeeds. A create of unknown outcome is
 * settled first (searched for in the task list); a job that had ended EXPIRED because its task
 * answered UNKNOWN is asked once more and brought back if the service still knows the task. A job
 * is done only once its results are stored.
 */
public final class AwaitJobService implements AwaitJob {

    private final JobRepository jobs;
    private final TaskPoller poller;
    private final ResultCollector collector;
    private final Reconciler reconciler;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Backoff backoff;
    private final JobLeases leases;

    public AwaitJobService(JobRepository jobs, TaskPoller poller, ResultCollector collector, Reconciler reconciler,
                           Clock clock, Sleeper sleeper, RandomGenerator random, Backoff backoff, JobLeases leases) {
        this.leases = leases;
        this.jobs = jobs;
        this.poller = poller;
        this.collector = collector;
        this.reconciler = reconciler;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.backoff = backoff;
    }

    @Override
    public AwaitOutcome await(JobId id, Duration deadline, ProgressListener progress) {
        EditJob job = jobs.find(id).orElseThrow(() -> new JobNotFound(id.value()));
        try {
            return new AwaitOutcome.Finished(await(job, deadline, progress));
        } catch (WaitTimedOut e) {
            return new AwaitOutcome.TimedOut(e.job());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller decides what an interrupt means (the CLI: exit 130)
            return new AwaitOutcome.Interrupted(job); // as last seen; the journal holds what was written
        }
    }

    /**
     * Waits for a job already loaded (for the services that wait for several jobs). While another live process holds the job (it is sending it or
     * waiting for it), this one only watches the journal, and takes the job over if that process's
     * lease lapses (it died); so two processes never query, store or create for one job at once.
     *
     * @throws WaitTimedOut when the deadline passes first
     */
    public EditJob await(EditJob job, Duration deadline, ProgressListener progress) throws InterruptedException {
        Instant start = clock.instant();
        Instant end = start.plus(deadline);
        boolean heldBefore = leases.holders(List.of(job.id())).values().stream()
                .anyMatch(o -> o.id().equals(leases.self().id()));
        try {
            EditJob now = job;
            while (!now.state().isFinal() && !leases.acquire(now.id())) {
                now = watch(now, start, end, progress);
            }
            if (now != job) {
                job = jobs.find(job.id()).orElse(now); // taken over: work on what the journal holds
            }
            return awaitLeased(job, start, end, progress);
        } catch (ConcurrentJobUpdate e) {
            // another process took the job over while this one worked on it: report what it wrote
            return jobs.find(job.id()).orElse(job);
        } finally {
            if (!heldBefore) {
                leases.release(job.id());
            }
        }
    }

    /** One look at a job another process holds: wait a poll's time, then read what it journaled. */
    private EditJob watch(EditJob job, Instant start, Instant end, ProgressListener progress) throws InterruptedException {
        Instant now = clock.instant();
        if (!now.isBefore(end)) {
            throw new WaitTimedOut(job);
        }
        Duration step = poller.scaled(WATCH_EVERY);
        sleeper.sleep(now.plus(step).isAfter(end) ? Duration.between(now, end) : step);
        EditJob seen = jobs.find(job.id()).orElse(job);
        progress.polled(seen, 0, Duration.between(start, clock.instant()));
        return seen;
    }

    /** How often a job held by another process is read again from the journal (scaled like the polls). */
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private EditJob awaitLeased(EditJob job, Instant start, Instant end, ProgressListener progress) throws InterruptedException {
        if (job.state() == JobState.SUBMITTING || job.state() == JobState.OUTCOME_UNKNOWN) {
            reconciler.settle(job, end);
            if (job.state() == JobState.OUTCOME_UNKNOWN || job.state() == JobState.SUBMITTING) {
                throw new WaitTimedOut(job);
            }
        }
        if (job.state() == JobState.EXPIRED && job.task().isPresent()
                && job.failure().map(f -> f.code().equals("UNKNOWN")).orElse(false)) {
            reviveIfKnown(job);
        }
        int polls = 0;
        int failures = 0;
        Optional<Duration> retryAfter = Optional.empty();
        while (job.state().isRemoteActive()) {
            Duration delay = poller.nextDelay(job, polls, retryAfter, random, clock.instant());
            if (failures > 0) {
                Duration back = backoff.delay(failures, retryAfter, random);
                delay = back.compareTo(delay) > 0 ? back : delay;
            }
            Instant now = clock.instant();
            if (now.plus(delay).isAfter(end)) {
                Duration left = Duration.between(now, end);
                if (left.isNegative() || left.isZero()) {
                    throw new WaitTimedOut(job);
                }
                delay = left; // one last look at the deadline
            }
            sleeper.sleep(delay);
            TaskPoller.Poll poll = poller.poll(job);
            polls++;
            retryAfter = poll.retryAfter();
            failures = poll.failed() ? failures + 1 : 0;
            if (poll.snapshot().isPresent()) {
                TaskSnapshot s = poll.snapshot().get();
                if (job.apply(s, clock.instant())) {
                    jobs.update(job);
                }
            }
            progress.polled(job, polls, Duration.between(start, clock.instant()));
            if (job.state().isRemoteActive() && !clock.instant().isBefore(end)) {
                throw new WaitTimedOut(job);
            }
        }
        if (job.state() == JobState.SUCCEEDED) {
            job = collector.collect(job, progress, end);
        }
        return job;
    }

    /** One query for a job that ended EXPIRED on UNKNOWN answers: brought back if the service knows its task again. */
    private void reviveIfKnown(EditJob job) throws InterruptedException {
        try {
            if (job.revive(poller.fetch(job), clock.instant())) {
                jobs.update(job);
            }
        } catch (RemoteServiceException.Unavailable | RemoteServiceException.RateLimited e) {
            // nothing learned; the job stays as it is
        }
    }
}
