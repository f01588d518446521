package dev.wanedit.application.service;

import dev.wanedit.application.policy.LearnedPollSchedule;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.PollSchedule;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.TaskHistory;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * One task query under the account-wide query budget: waits for a permit, asks, and turns a
 * throttled or unavailable answer into "ask again later" with the delay the service asked for.
 * It also decides when to ask next ({@link #nextDelay}): from the journal's history of tasks of the
 * same kind where there is one ({@link LearnedPollSchedule}), measured from the task's RUNNING start
 * once a query has shown it, else on the model's documented schedule; every task it sees succeed
 * joins that history.
 */
public final class TaskPoller {

    private final ImageEditingService editing;
    private final Limiters limiters;
    private final Sleeper sleeper;
    private final double scheduleScale;
    private final CompletionScan scan;
    private final TaskHistory history;
    private final SendTimes sendTimes;
    /** The newest ended tasks of each kind seen so far: the journal's, then this process's own. */
    private final Map<TaskHistory.Kind, Deque<TaskHistory.Timing>> learned = new ConcurrentHashMap<>();
    /** Per task in flight, from submission to its RUNNING start on the service's clock (once a query showed it). */
    private final Map<String, Duration> queued = new ConcurrentHashMap<>();
    /** The last sixteen task queries' round trips (ms), the oldest overwritten; -1: none yet. */
    private final long[] roundTrips = new long[16];
    private int nextTrip;
    /** RUNNING starts of succeeded tasks not written to the journal yet ({@link #recordHistory}). */
    private final Map<dev.wanedit.domain.job.JobId, Instant> unrecorded = new ConcurrentHashMap<>();

    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper) {
        this(editing, limiters, sleeper, 1.0);
    }

    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper, double scheduleScale) {
        this(editing, limiters, sleeper, scheduleScale, TaskHistory.NONE);
    }

    /**
     * @param scheduleScale multiplies every poll delay (1 for the real service; an emulator's time
     *     scale when tasks are known to run that much faster); the learned schedule needs none, it
     *     measures
     * @param history the journal's ended tasks, which schedules are learned from
     */
    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper, double scheduleScale,
                      TaskHistory history) {
        this(editing, limiters, sleeper, scheduleScale, history, new SendTimes());
    }

    /** @param sendTimes when this process sent each create ({@link SubmitEditService} fills it): a task's first anchor */
    public TaskPoller(ImageEditingService editing, Limiters limiters, Sleeper sleeper, double scheduleScale,
                      TaskHistory history, SendTimes sendTimes) {
        this.sendTimes = sendTimes;
        this.history = history;
        this.editing = editing;
        this.limiters = limiters;
        this.sleeper = sleeper;
        this.scheduleScale = scheduleScale;
        this.scan = new CompletionScan(editing, sleeper);
        java.util.Arrays.fill(roundTrips, -1);
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
            TaskSnapshot s = Permits.call(queries, sleeper, () -> timedFetch(job));
            observe(job, s);
            return new Poll(Optional.of(s), Optional.empty());
        } catch (RemoteServiceException.RateLimited e) {
            e.retryAfter().ifPresent(queries::pause);
            return new Poll(Optional.empty(), e.retryAfter());
        } catch (RemoteServiceException.Unavailable e) {
            return new Poll(Optional.empty(), e.retryAfter());
        }
    }

    /** One query of a task, under the account's budget; remote problems are thrown. */
    public TaskSnapshot fetch(EditJob job) throws InterruptedException {
        TaskSnapshot s = Permits.call(limiters.queries(), sleeper, () -> timedFetch(job));
        observe(job, s);
        return s;
    }

    /** The query, its round trip kept for the learned schedules' margin ({@link LearnedPollSchedule#margin}). */
    private TaskSnapshot timedFetch(EditJob job) {
        Instant sent = limiters.clock().instant();
        TaskSnapshot s = editing.fetch(job.task().orElseThrow());
        long ms = Math.max(0, Duration.between(sent, limiters.clock().instant()).toMillis());
        synchronized (roundTrips) {
            roundTrips[nextTrip] = ms;
            nextTrip = (nextTrip + 1) % roundTrips.length;
        }
        return s;
    }

    /**
     * How far after a duration of the history a look is put: from the longest of the last sixteen
     * queries' round trips, or {@link LearnedPollSchedule#MARGIN} before the first answer.
     */
    Duration margin() {
        long longest = -1;
        synchronized (roundTrips) {
            for (long t : roundTrips) {
                longest = Math.max(longest, t);
            }
        }
        return longest < 0 ? LearnedPollSchedule.MARGIN : LearnedPollSchedule.margin(Duration.ofMillis(longest));
    }

    /**
     * What a query taught: when the task started running (its next looks are measured from then),
     * and, once it succeeded, how long it took, for the tasks of its kind after it. A task seen
     * SUCCEEDED by the task list and then queried is learned from the same way.
     */
    void observe(EditJob job, TaskSnapshot s) {
        String task = s.taskId() == null ? job.task().map(t -> t.taskId()).orElse("") : s.taskId();
        if (s.status() == RemoteStatus.RUNNING && s.submitTime().isPresent() && s.scheduledTime().isPresent()) {
            if (queued.size() > 100_000) {
                queued.clear(); // tasks left behind by a deadline; their next looks fall back to submission time
            }
            queued.put(task, Duration.between(s.submitTime().get(), s.scheduledTime().get()));
            return;
        }
        if (s.status() == RemoteStatus.PENDING) {
            return;
        }
        queued.remove(task);
        sendTimes.forget(job.id());
        if (s.status() == RemoteStatus.SUCCEEDED && s.submitTime().isPresent() && s.endTime().isPresent()) {
            TaskHistory.Timing t = new TaskHistory.Timing(s.submitTime().get(), s.scheduledTime(), s.endTime().get());
            Deque<TaskHistory.Timing> d = samples(TaskHistory.Kind.of(job));
            synchronized (d) {
                d.addFirst(t);
                while (d.size() > LearnedPollSchedule.SAMPLES) {
                    d.removeLast();
                }
            }
            if (unrecorded.size() > 100_000) {
                unrecorded.clear(); // succeeded tasks whose results another process stores: their history is only less sure
            }
            s.scheduledTime().ifPresent(at -> unrecorded.put(job.id(), at));
        }
    }

    /**
     * Writes to the journal when the job's task started running, if a query showed it: called by the
     * collector before it stores the results (on the batch's storing pool, so the scheduler never
     * waits for this write).
     */
    void recordHistory(EditJob job) {
        Instant at = unrecorded.remove(job.id());
        if (at != null) {
            history.scheduled(job.id(), at);
        }
    }

    private Deque<TaskHistory.Timing> samples(TaskHistory.Kind kind) {
        return learned.computeIfAbsent(kind, k -> new ArrayDeque<>(history.ended(k, LearnedPollSchedule.SAMPLES)));
    }

    /**
     * The delay before look number {@code looks} at a job's task, at {@code now}: learned from the
     * history of its kind when there is enough of it (from the RUNNING start once a query showed it,
     * and tasks of the history say theirs, else from the submission), otherwise the model's schedule.
     * The submission is this machine's instant when the create call was sent ({@link SendTimes}; for a
     * job this process did not send, the instant before SUBMITTING was journaled, {@code submittingSince}); the
     * RUNNING start is that plus the wait the service reports ({@code scheduled_time − submit_time}),
     * so no clock of the service is compared with this one.
     */
    public Duration nextDelay(EditJob job, int looks, Optional<Duration> retryAfter, RandomGenerator random, Instant now) {
        PollSchedule steady = scheduleFor(job);
        if (job.task().isEmpty()) {
            return steady.delayBefore(looks, retryAfter, random);
        }
        List<TaskHistory.Timing> past;
        Deque<TaskHistory.Timing> d = samples(TaskHistory.Kind.of(job));
        synchronized (d) {
            past = List.copyOf(d);
        }
        Instant submitted = sendTimes.of(job.id()).or(job::submittingSince).orElse(job.createdAt());
        Duration wait = queued.get(job.task().get().taskId());
        if (wait != null) {
            Optional<LearnedPollSchedule> running = LearnedPollSchedule.learn(
                    past.stream().flatMap(t -> t.running().stream()).toList(), steady, margin());
            if (running.isPresent()) {
                return running.get().delayBefore(Duration.between(submitted.plus(wait), now), looks, retryAfter, random);
            }
        }
        return LearnedPollSchedule.learn(past.stream().map(TaskHistory.Timing::total).toList(), steady, margin())
                .map(l -> l.delayBefore(Duration.between(submitted, now), looks, retryAfter, random))
                .orElseGet(() -> steady.delayBefore(looks, retryAfter, random));
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
