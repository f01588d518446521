package dev.wanedit.application.service;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.JobNotFound;
import dev.wanedit.application.port.in.ProgressListener;
import dev.wanedit.application.port.in.WaitTimedOut;
import dev.wanedit.application.policy.PollSchedule;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.TaskSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Use case implementation: polls a job's task on its model's schedule (never past the deadline,
 * always within the account's query budget), journals every change, and stores the results the
 * moment the task succeeds. A job is done only once its results are stored.
 */
public final class AwaitJobService implements AwaitJob {

    private final JobRepository jobs;
    private final TaskPoller poller;
    private final ResultCollector collector;
    private final Reconciler reconciler;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public AwaitJobService(JobRepository jobs, TaskPoller poller, ResultCollector collector, Reconciler reconciler,
                           Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.jobs = jobs;
        this.poller = poller;
        this.collector = collector;
        this.reconciler = reconciler;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public EditJob await(JobId id, Duration deadline, ProgressListener progress) throws InterruptedException {
        EditJob job = jobs.find(id).orElseThrow(() -> new JobNotFound(id.value()));
        return await(job, deadline, progress);
    }

    /** Waits for a job already loaded. */
    public EditJob await(EditJob job, Duration deadline, ProgressListener progress) throws InterruptedException {
        Instant start = clock.instant();
        Instant end = start.plus(deadline);
        if (job.state() == JobState.SUBMITTING) {
            reconciler.reconcile(job);
        }
        PollSchedule schedule = poller.scheduleFor(job);
        int polls = 0;
        Optional<Duration> retryAfter = Optional.empty();
        while (job.state().isRemoteActive()) {
            Duration delay = schedule.delayBefore(polls, retryAfter, random);
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
            collector.collect(job, progress);
        }
        return job;
    }
}
