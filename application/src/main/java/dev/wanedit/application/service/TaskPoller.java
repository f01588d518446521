package dev.wanedit.application.service;

import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.PollSchedule;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.TaskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * One task query under the account-wide query budget: waits for a permit, asks, and turns a
 * throttled or unavailable answer into "ask again later" with the delay the service asked for.
 */
public final class TaskPoller {

    private final ImageEditingService editing;
    private final Limiters limiters;
    private final Sleeper sleeper;
    private final double scheduleScale;
    private final CompletionScan scan;

    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper) {
        this(editing, limiters, sleeper, 1.0);
    }

    /**
     * @param scheduleScale multiplies every poll delay (1 for the real service; an emulator's time
     *     scale when tasks are known to run that much faster)
     */
    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper, double scheduleScale) {
        this.editing = editing;
        this.limiters = limiters;
        this.sleeper = sleeper;
        this.scheduleScale = scheduleScale;
        this.scan = new CompletionScan(editing, sleeper);
    }

    /**
     * What one poll produced: a snapshot, or a failure (throttled, unavailable, unreadable) with the
     * delay the service asked for, if any. Callers count failures in a row and back off.
     */
    public record Poll(Optional<TaskSnapshot> snapshot, Optional<Duration> retryAfter) {

        public boolean failed() {
            return snapshot.isEmpty();
        }
    }

    public Poll poll(EditJob job) throws InterruptedException {
        return poll(job, limiters.queries());
    }

    /** One query under a given query budget (a batch's override of the account's). */
    public Poll poll(EditJob job, RateLimiter queries) throws InterruptedException {
        try {
            return new Poll(Optional.of(Permits.call(queries, sleeper, () -> editing.fetch(job.task().orElseThrow()))),
                    Optional.empty());
        } catch (RemoteServiceException.RateLimited e) {
            e.retryAfter().ifPresent(queries::pause);
            return new Poll(Optional.empty(), e.retryAfter());
        } catch (RemoteServiceException.Unavailable e) {
            return new Poll(Optional.empty(), e.retryAfter());
        }
    }

    /** One query of a task, under the account's budget; remote problems are thrown. */
    public TaskSnapshot fetch(EditJob job) throws InterruptedException {
        return Permits.call(limiters.queries(), sleeper, () -> editing.fetch(job.task().orElseThrow()));
    }

    /**
     * Completion discovery for many tasks in flight: which of {@code jobs}' tasks the task list no
     * longer shows as PENDING or RUNNING (see {@link CompletionScan}); each list page is one call
     * of {@code queries}. Empty when the list could not be read this time.
     */
    Optional<CompletionScan.Result> scanActive(Collection<EditJob> jobs, RateLimiter queries, Instant now)
            throws InterruptedException {
        return scan.scan(jobs, queries, now);
    }

    /** A delay of the real service's time scaled like the poll schedules. */
    Duration scaled(Duration d) {
        return scheduleScale == 1.0 ? d : Duration.ofNanos(Math.max(1, Math.round(d.toNanos() * scheduleScale)));
    }

    /** The schedule for a job's model. */
    public PollSchedule scheduleFor(EditJob job) {
        PollSchedule s = PollSchedule.forModel(job.request().model());
        return scheduleScale == 1.0 ? s : s.scaled(scheduleScale);
    }
}
