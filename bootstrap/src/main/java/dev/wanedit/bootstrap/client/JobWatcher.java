package dev.wanedit.bootstrap.client;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.PollSchedule;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.service.AwaitJobService;
import dev.wanedit.application.service.ResultCollector;
import dev.wanedit.application.service.TaskPoller;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The waits behind the {@code CompletableFuture} variants, without a thread per waiting job: one
 * scheduler thread runs each job's next task query when it is due (the application's
 * {@link TaskPoller} under the account's query budget, on the poller's schedule (learned from the journal's
 * history of like tasks, else the model's {@link PollSchedule}), backing
 * off with the application's {@link Backoff} while queries fail), and a small pool of workers does
 * what blocks for long: submissions, downloading and storing results ({@link ResultCollector}), and
 * the rare waits that are not plain polls (a create of unknown outcome to settle, a job another
 * process holds), which the blocking use case ({@link AwaitJobService}) handles as it does for the
 * command line. Every change is journaled as by the blocking wait, so a job left by {@link #close()}
 * is resumable.
 */
final class JobWatcher implements AutoCloseable {

    /** Thread names start with this, so that tests (and thread dumps) can tell the client's threads. */
    static final String THREAD_PREFIX = "wanedit-client-";

    private final JobRepository jobs;
    private final JobLeases leases;
    private final TaskPoller poller;
    private final ResultCollector collector;
    private final AwaitJobService blockingAwait;
    private final Clock clock;
    private final RandomGenerator random;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    JobWatcher(JobRepository jobs, JobLeases leases, TaskPoller poller, ResultCollector collector, AwaitJobService blockingAwait,
               Clock clock, RandomGenerator random, Backoff backoff, int workerThreads) {
        this.jobs = jobs;
        this.leases = leases;
        this.poller = poller;
        this.collector = collector;
        this.blockingAwait = blockingAwait;
        this.clock = clock;
        this.random = random;
        this.backoff = backoff;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("poller"));
        this.workers = Executors.newFixedThreadPool(workerThreads, threads("worker"));
    }

    private static ThreadFactory threads(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, THREAD_PREFIX + role + "-" + n.incrementAndGet());
            t.setDaemon(true); // a service that forgets close() still exits; its jobs stay resumable
            return t;
        };
    }

    /** Runs a blocking call on a worker; the future completes with its result or its exception. */
    <T> CompletableFuture<T> onWorker(Callable<T> call) {
        CompletableFuture<T> f = track(new CompletableFuture<>());
        try {
            workers.execute(() -> complete(f, call));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(closedError("the call"));
        }
        return f;
    }

    /** Waits for a job without holding a thread while it waits: see the class comment. */
    CompletableFuture<EditJob> await(JobId id, Duration deadline, ProgressListener progress) {
        CompletableFuture<EditJob> f = track(new CompletableFuture<>());
        try {
            scheduler.execute(() -> start(id, deadline, progress, f));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(closedError("job " + id.value()));
        }
        return f;
    }

    private void start(JobId id, Duration deadline, ProgressListener progress, CompletableFuture<EditJob> f) {
        try {
            EditJob job = jobs.find(id).orElseThrow(() -> new JobNotFound(id.value()));
            if (!job.state().isRemoteActive()) {
                // final already, results to store, or a create to settle: the blocking use case does it
                onWorkerInto(f, () -> blockingAwait.await(job, deadline, progress));
                return;
            }
            boolean heldBefore = leases.holders(List.of(id)).values().stream().anyMatch(o -> o.id().equals(leases.self().id()));
            if (!leases.acquire(id)) {
                // another live process works on it: watch it (and take it over) the way the blocking wait does
                onWorkerInto(f, () -> blockingAwait.await(job, deadline, progress));
                return;
            }
            Instant now = clock.instant();
            Watch w = new Watch(job, now, now.plus(deadline), progress, f, heldBefore);
            watches.add(w);
            schedule(w, poller.nextDelay(job, 0, Optional.empty(), random, now));
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** One job being polled by the scheduler: where it stands in its schedule. */
    private static final class Watch {
        final EditJob job;
        final Instant start;
        final Instant end;
        final ProgressListener progress;
        final CompletableFuture<EditJob> future;
        final boolean heldBefore;
        int polls;
        int failures;
        Optional<Duration> retryAfter = Optional.empty();

        Watch(EditJob job, Instant start, Instant end, ProgressListener progress, CompletableFuture<EditJob> future,
              boolean heldBefore) {
            this.job = job;
            this.start = start;
            this.end = end;
            this.progress = progress;
            this.future = future;
            this.heldBefore = heldBefore;
        }
    }

    private void schedule(Watch w, Duration delay) {
        Instant now = clock.instant();
        if (now.plus(delay).isAfter(w.end)) {
            Duration left = Duration.between(now, w.end);
            if (left.isNegative() || left.isZero()) {
                finish(w, null, new WaitTimedOut(w.job));
                return;
            }
            delay = left; // one last look at the deadline
        }
        try {
            scheduler.schedule(() -> poll(w), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            finish(w, null, closedError("job " + w.job.id().value()));
        }
    }

    /** One due query, on the scheduler thread (as the batch's scheduler does it: same poller, same budget). */
    private void poll(Watch w) {
        if (closed) {
            return;
        }
        try {
            TaskPoller.Poll poll = poller.poll(w.job);
            w.polls++;
            w.retryAfter = poll.retryAfter();
            w.failures = poll.failed() ? w.failures + 1 : 0;
            if (poll.snapshot().isPresent() && w.job.apply(poll.snapshot().get(), clock.instant())) {
                jobs.update(w.job);
            }
            w.progress.polled(w.job, w.polls, Duration.between(w.start, clock.instant()));
            if (w.job.state().isRemoteActive()) {
                if (!clock.instant().isBefore(w.end)) {
                    finish(w, null, new WaitTimedOut(w.job));
                    return;
                }
                Duration delay = poller.nextDelay(w.job, w.polls, w.retryAfter, random, clock.instant());
                if (w.failures > 0) {
                    Duration back = backoff.delay(w.failures, w.retryAfter, random);
                    delay = back.compareTo(delay) > 0 ? back : delay;
                }
                schedule(w, delay);
            } else if (w.job.state() == JobState.SUCCEEDED) {
                try {
                    workers.execute(() -> store(w));
                } catch (RejectedExecutionException e) {
                    finish(w, null, closedError("job " + w.job.id().value()));
                }
            } else {
                finish(w, w.job, null);
            }
        } catch (ConcurrentJobUpdate e) {
            // another process took the job over: report what it journaled
            finish(w, jobs.find(w.job.id()).orElse(w.job), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(w, null, closedError("job " + w.job.id().value()));
        } catch (RuntimeException e) {
            finish(w, null, e);
        }
    }

    /** Downloads and stores every result, on a worker, until the wait's deadline. */
    private void store(Watch w) {
        try {
            finish(w, collector.collect(w.job, w.progress, w.end), null); // another process's write is handled there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(w, null, closedError("job " + w.job.id().value()));
        } catch (RuntimeException e) {
            finish(w, null, e);
        }
    }

    private void finish(Watch w, EditJob result, Throwable error) {
        watches.remove(w);
        try {
            if (!w.heldBefore || w.job.state().isFinal()) {
                leases.release(w.job.id());
            }
        } catch (RuntimeException e) {
            // the journal is closing; its close gives every lease back anyway
        }
        if (error != null) {
            w.future.completeExceptionally(error);
        } else {
            w.future.complete(result);
        }
    }

    private <T> void onWorkerInto(CompletableFuture<T> f, Callable<T> call) {
        try {
            workers.execute(() -> complete(f, call));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(closedError("the wait"));
        }
    }

    private static <T> void complete(CompletableFuture<T> f, Callable<T> call) {
        try {
            f.complete(call.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(closedError("the call"));
        } catch (Exception e) {
            f.completeExceptionally(e);
        }
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        pending.add(f);
        f.whenComplete((v, e) -> pending.remove(f));
        return f;
    }

    private static IllegalStateException closedError(String what) {
        return new IllegalStateException("wanedit was closed before " + what + " ended; every job stays in the journal, "
                + "where resume() (or `wanedit resume`) finishes it without paying again");
    }

    /** How many jobs the scheduler is polling right now. */
    int watching() {
        return watches.size();
    }

    /**
     * Stops the scheduler and the workers (interrupting a store or submission in progress, which
     * leaves its job resumable), waits for their threads to end, and fails every future not yet
     * complete.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Watch w : List.copyOf(watches)) {
            finish(w, null, closedError("job " + w.job.id().value()));
        }
        for (CompletableFuture<?> f : List.copyOf(pending)) {
            f.completeExceptionally(closedError("a call"));
        }
    }
}
