package dev.wanedit.application.service;

import dev.wanedit.application.policy.TaskSlots;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.in.BatchProgress;
import dev.wanedit.application.port.in.BatchReport;
import dev.wanedit.application.port.in.BatchSpec;
import dev.wanedit.application.port.in.ManifestLine;
import dev.wanedit.application.port.in.ManifestSource;
import dev.wanedit.application.port.in.ProgressListener;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitOptions;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.domain.BatchRef;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.InvalidEditRequest;
import dev.wanedit.domain.JobFailure;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.Limits;
import dev.wanedit.domain.Money;
import dev.wanedit.domain.ResultImage;
import dev.wanedit.domain.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Use case implementation: a single-threaded scheduler over a streamed manifest. It keeps only the
 * tasks in flight in memory (at most the models' concurrency limits), submits under each model's
 * rate, polls under the account-wide query budget on each model's schedule, and hands results to
 * a small fixed executor to download and store as tasks finish (no thread per job; with a direct
 * executor everything runs on the scheduler's thread). Every step goes through the journal, so re-running the manifest or {@code resume}
 * picks up after a crash without creating any task twice.
 */
public final class BatchService implements RunBatch {

    /** How often the scheduler looks whether a store running on the executor has ended. */
    static final Duration STORE_CHECK = Duration.ofMillis(20);
    /**
     * With more tasks in flight than the query budget can poll in a second, completion is
     * discovered through the task list (see {@link CompletionScan}) at most this often (scaled like
     * the poll schedules), and at most half the budget goes to listing; no list is read while more
     * ended tasks are known than a second of the budget can query.
     */
    static final Duration SCAN_EVERY = Duration.ofSeconds(1);
    /** While the list says a task runs, it is still queried itself after this long (scaled), in case the list missed it. */
    static final Duration BACKSTOP = Duration.ofSeconds(30);

    private final ValidateEdit validate;
    private final SubmitEditService submit;
    private final TaskPoller poller;
    private final ResultCollector collector;
    private final JobRepository jobs;
    private final Limiters limiters;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Executor storing;
    private final JobLeases leases;

    /** Stores results on the scheduler's own thread. */
    public BatchService(ValidateEdit validate, SubmitEditService submit, TaskPoller poller, ResultCollector collector,
                        JobRepository jobs, Limiters limiters, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this(validate, submit, poller, collector, jobs, limiters, clock, sleeper, random, Runnable::run);
    }

    /**
     * @param storing runs the download-and-store of finished tasks (a small fixed pool, so that a
     *     slow download or an fsync does not hold up polling and submitting)
     */
    public BatchService(ValidateEdit validate, SubmitEditService submit, TaskPoller poller, ResultCollector collector,
                        JobRepository jobs, Limiters limiters, Clock clock, Sleeper sleeper, RandomGenerator random,
                        Executor storing) {
        this.storing = storing;
        this.leases = submit.leases();
        this.validate = validate;
        this.submit = submit;
        this.poller = poller;
        this.collector = collector;
        this.jobs = jobs;
        this.limiters = limiters;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public BatchReport run(BatchSpec spec, ManifestSource manifest, BatchProgress.Listener listener) throws InterruptedException {
        Pass1 checked = check(manifest);
        if (spec.strict() && !checked.invalid.isEmpty()) {
            return BatchReport.of(checked.valid, checked.invalid, List.of(), 0, Money.zero(Money.CNY), checked.estimate, true, false,
                    checked.valid);
        }
        if (checked.valid > 0) {
            submit.checkStore(checked.expectedBytes); // once, for every line's results, before any line is paid for
        }
        return new Run(spec, checked, listener).execute(manifest);
    }

    /** The first pass: every line validated, nothing submitted. */
    private Pass1 check(ManifestSource manifest) {
        Pass1 p = new Pass1();
        try (Stream<ManifestLine> lines = manifest.lines()) {
            lines.forEach(line -> {
                Optional<EditRequest> r = prepare(line, p.invalid);
                if (r.isPresent()) {
                    p.valid++;
                    p.estimate = p.estimate.plus(r.get().expectedOutput().estimatedCost());
                    p.expectedBytes += StorePreflight.expectedBytes(r.get());
                }
            });
        }
        return p;
    }

    private Optional<EditRequest> prepare(ManifestLine line, List<BatchReport.InvalidLine> invalid) {
        if (line.parseError().isPresent()) {
            if (invalid == null) {
                return Optional.empty();
            }
            invalid.add(new BatchReport.InvalidLine(line.lineNumber(), line.key(),
                    List.of(Violation.error("line " + line.lineNumber(), "", line.parseError().get()))));
            return Optional.empty();
        }
        try {
            return Optional.of(validate.prepare(line.command().orElseThrow()));
        } catch (InvalidEditRequest e) {
            if (invalid != null) {
                invalid.add(new BatchReport.InvalidLine(line.lineNumber(), line.key(), e.violations()));
            }
            return Optional.empty();
        }
    }

    private static final class Pass1 {
        final List<BatchReport.InvalidLine> invalid = new ArrayList<>();
        long valid;
        long expectedBytes;
        Money estimate = Money.zero(Money.CNY);
    }

    /** A task in flight and when to look at it next. */
    private static final class Flight {
        final ManifestLine line;
        EditJob job;
        Instant nextLook;
        int polls;
        Optional<Duration> retryAfter = Optional.empty();
        final TaskSlots slot;
        /** Whether the job holds a slot of the model's concurrent tasks (until its task is seen ended). */
        boolean slotHeld = true;
        /** The download-and-store in progress on the executor, or null; the job is not touched meanwhile. */
        CompletableFuture<EditJob> storing;
        long storedBefore;
        /** When the task was last queried itself (or created). */
        Instant lastPolled;
        /** The task list no longer shows the task as active: query it at once. */
        boolean listedAsEnded;

        Flight(ManifestLine line, EditJob job, Instant nextLook, TaskSlots slot, Instant now) {
            this.line = line;
            this.job = job;
            this.nextLook = nextLook;
            this.slot = slot;
            this.lastPolled = now;
        }
    }

    /** A line whose job another live process works on: watched in the journal, taken over if that process dies. */
    private static final class Watch {
        final ManifestLine line;
        EditJob job;
        Instant nextLook;

        Watch(ManifestLine line, EditJob job, Instant nextLook) {
            this.line = line;
            this.job = job;
            this.nextLook = nextLook;
        }
    }

    /** How often a line held by another process is read again from the journal (scaled like the polls). */
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    /** One run of the second pass. */
    private final class Run {
        private final BatchSpec spec;
        private final Pass1 checked;
        private final BatchProgress.Listener listener;
        private final List<Flight> inFlight = new ArrayList<>();
        private final List<Watch> watched = new ArrayList<>();
        private final Map<String, RateLimiter> rates = new HashMap<>();
        private final RateLimiter queries;
        /** The lines ended so far, counted; each outcome itself goes to the listener. */
        private final BatchReport.Tally.Counter ended = new BatchReport.Tally.Counter();
        private long endedLines;
        private final Instant start = clock.instant();
        private final Instant end;
        private long submitted;
        private long imagesStored;
        private long finishedTasks;
        private Money cost = Money.zero(Money.CNY);
        private Money committed = Money.zero(Money.CNY);
        private boolean stoppedByCost;
        private boolean aborted;
        /** True while completion is discovered through the task list. */
        private boolean discovering;
        private Instant nextScan;

        Run(BatchSpec spec, Pass1 checked, BatchProgress.Listener listener) {
            this.spec = spec;
            this.checked = checked;
            this.listener = listener;
            this.end = start.plus(spec.deadline());
            this.queries = spec.queriesPerSecond().isPresent()
                    ? new RateLimiter(clock, spec.queriesPerSecond().getAsDouble()) : limiters.queries();
        }

        BatchReport execute(ManifestSource manifest) throws InterruptedException {
            try {
                return executeRun(manifest);
            } finally {
                // whatever ends the run (done, deadline, interrupt, error): give back what this run holds,
                // so that another run, another process or resume can take the jobs at once
                for (Flight f : inFlight) {
                    if (!f.job.state().isRemoteActive()) {
                        releaseSlot(f); // a task still running keeps its slot: whoever takes the job over holds it
                    }
                    leases.release(f.job.id());
                }
                if (held != null) {
                    slot(held.request()).release(held.id());
                    leases.release(held.id());
                }
            }
        }

        /** The line's job journaled and leased but not launched yet, if any (released when the run ends). */
        private EditJob held;

        private BatchReport executeRun(ManifestSource manifest) throws InterruptedException {
            long notSubmitted = 0;
            long validTaken = 0; // valid lines read in this pass (pass 1 counted them all)
            try (Stream<ManifestLine> lines = manifest.lines()) {
                Iterator<ManifestLine> it = lines.iterator();
                ManifestLine pendingLine = null;
                EditRequest pendingRequest = null;
                EditJob pendingJob = null; // the line's job, journaled and leased to this process, not launched yet
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("batch interrupted; its jobs stay in the journal");
                    }
                    // 1. fill free slots, in manifest order
                    while (!stoppedByCost && !aborted && clock.instant().isBefore(end)) {
                        if (pendingRequest == null) {
                            if (!it.hasNext()) {
                                break;
                            }
                            pendingLine = it.next();
                            pendingRequest = prepare(pendingLine, null).orElse(null);
                            validTaken += pendingRequest != null ? 1 : 0;
                            continue;
                        }
                        if (!rate(pendingRequest).availableIn().isZero()) {
                            break; // not yet: look at the tasks in flight while the submission rate recovers
                        }
                        if (pendingJob == null) {
                            if (!slotFree(pendingRequest) && !alreadyJournaled(pendingLine, pendingRequest)) {
                                break; // journal a new line only when it can be sent soon
                            }
                            pendingJob = journalLine(pendingLine, pendingRequest).orElse(null);
                            held = pendingJob;
                            if (pendingJob == null) { // done before, or another live process works on it
                                pendingLine = null;
                                pendingRequest = null;
                                continue;
                            }
                        }
                        TaskSlots slot = slot(pendingRequest);
                        if (!slot.tryAcquire(pendingJob.id())) {
                            break;
                        }
                        Money estimate = pendingRequest.expectedOutput().estimatedCost();
                        if (spec.maxCost().isPresent() && committed.plus(estimate).exceeds(spec.maxCost().get())) {
                            slot.release(pendingJob.id());
                            leases.release(pendingJob.id());
                            stoppedByCost = true;
                            break;
                        }
                        if (launch(pendingLine, pendingJob, slot)) {
                            committed = committed.plus(estimate);
                        }
                        pendingLine = null;
                        pendingRequest = null;
                        pendingJob = null;
                        held = null;
                    }
                    if (inFlight.isEmpty() && watched.isEmpty() && (pendingRequest == null || stoppedByCost || aborted)
                            && (!it.hasNext() || stoppedByCost || aborted)) {
                        notSubmitted = notTaken(validTaken, pendingRequest);
                        if (pendingJob != null) {
                            leases.release(pendingJob.id());
                        }
                        break;
                    }
                    if (!clock.instant().isBefore(end)) {
                        notSubmitted = notTaken(validTaken, pendingRequest);
                        for (Flight f : inFlight) {
                            if (f.storing != null) {
                                settleStoring(f, true);
                            }
                            record(f); // left for resume, in their current state
                            leases.release(f.job.id());
                        }
                        inFlight.clear();
                        for (Watch w : watched) {
                            outcome(w.line, w.job, Optional.of("left to the process working on it"));
                        }
                        watched.clear();
                        if (pendingJob != null) {
                            leases.release(pendingJob.id());
                        }
                        break;
                    }
                    // 2. look at the tasks that are due (with many in flight, the task list says which)
                    scanIfDue();
                    lookAtDueTasks();
                    lookAtWatchedLines();
                    report();
                    // 3. sleep until something is due (or a slot may be filled)
                    Instant now = clock.instant();
                    Instant next = java.util.stream.Stream.concat(inFlight.stream().map(f -> f.nextLook),
                            watched.stream().map(w -> w.nextLook)).min(Instant::compareTo).orElse(now);
                    boolean canFill = !stoppedByCost && !aborted
                            && (pendingRequest != null ? slotFree(pendingRequest) : it.hasNext());
                    if (canFill) { // wake up when the next submission may go
                        Instant fillAt = pendingRequest != null ? now.plus(rate(pendingRequest).availableIn()) : now;
                        next = (inFlight.isEmpty() && watched.isEmpty()) || fillAt.isBefore(next) ? fillAt : next;
                    }
                    if (discovering && nextScan != null && nextScan.isBefore(next)) {
                        next = nextScan; // the next look at the task list
                    }
                    if (next.isAfter(end)) {
                        next = end;
                    }
                    if (!canFill && inFlight.isEmpty() && watched.isEmpty() && !next.isAfter(now)) {
                        // nothing of ours in flight and no slot free: the slots are held by other
                        // processes' tasks; look again shortly
                        next = now.plus(poller.scaled(WATCH_EVERY));
                    }
                    if (next.isAfter(now)) {
                        sleeper.sleep(Duration.between(now, next));
                    }
                }
            }
            report();
            return new BatchReport(checked.valid, checked.invalid, ended.tally(), ended.notable(), imagesStored, cost, checked.estimate, false,
                    stoppedByCost, notSubmitted);
        }

        /**
         * The valid lines this pass did not submit: those it never read, plus one read but held back.
         * Counted from pass 1 rather than by reading (and re-inspecting) the rest of the manifest.
         */
        private long notTaken(long validTaken, EditRequest pending) {
            return Math.max(0, checked.valid - validTaken) + (pending != null ? 1 : 0);
        }

        /**
         * The line's job: found in the journal (this run's earlier pass, another run, another process)
         * or journaled now, and leased to this process. Empty when there is nothing for this process
         * to do: the job ended before (reported as it is), or another live process works on it (watched).
         */
        private Optional<EditJob> journalLine(ManifestLine line, EditRequest request) {
            String key = lineKey(line, request);
            JobRepository.Insertion ins = submit.journal(request, new SubmitOptions(SubmitMode.ASYNC, spec.force(),
                    Optional.of(new BatchRef(spec.batchId(), key)), Duration.ZERO));
            EditJob job = ins.job();
            if (job.state().isFinal()) {
                outcome(line, job, job.failure().map(JobFailure::toString));
                return Optional.empty();
            }
            if (!leases.acquire(job.id())) {
                watched.add(new Watch(line, job, clock.instant().plus(poller.scaled(WATCH_EVERY))));
                return Optional.empty();
            }
            return Optional.of(jobs.find(job.id()).orElse(job));
        }

        /** The journal's key of a manifest line: its key and its request, so that an edited line is a new job. */
        private String lineKey(ManifestLine line, EditRequest request) {
            return line.key() + "@" + request.fingerprint().substring(0, 12);
        }

        /** True when the line has an unfinished job already (whose task may hold a slot it will keep). */
        private boolean alreadyJournaled(ManifestLine line, EditRequest request) {
            return jobs.findByBatchLine(spec.batchId(), lineKey(line, request)).filter(j -> !j.state().isFinal()).isPresent();
        }

        /** Sends (or settles) a journaled job of this process and puts it in flight. */
        private boolean launch(ManifestLine line, EditJob journaled, TaskSlots slot) throws InterruptedException {
            EditJob job = journaled;
            try {
                // Patience zero: a throttled create or one whose answer was lost is scheduled here
                // instead of blocking the other lines.
                if (SubmitEditService.needsSending(job)) {
                    job = submit.send(job, SubmitMode.ASYNC, rate(job.request()), Duration.ZERO);
                }
            } catch (RemoteServiceException e) {
                EditJob now = jobs.find(journaled.id()).orElse(journaled);
                if (e instanceof RemoteServiceException.Unauthorized) {
                    if (submitted == 0 && inFlight.isEmpty() && endedLines == 0) {
                        slot.release(now.id());
                        leases.release(now.id());
                        throw e; // the key is wrong for every line: say so (exit 4) instead of a report of failures
                    }
                    aborted = true; // every further line would fail the same way
                } else if (!now.state().isFinal() && !(e instanceof RemoteServiceException.Rejected)) {
                    // Throttled, unavailable, or a create whose outcome is still unknown: nothing was paid
                    // twice, and the job keeps its slot and is sent (or settled) again in this run.
                    Flight f = new Flight(line, now, clock.instant(), slot, clock.instant());
                    f.retryAfter = e.retryAfter();
                    f.nextLook = clock.instant().plus(poller.nextDelay(f.job, 0, f.retryAfter, random, clock.instant()));
                    inFlight.add(f);
                    submitted++;
                    return true;
                }
                slot.release(now.id());
                leases.release(now.id());
                outcome(line, now, Optional.of(e.summary()));
                return now.state() != JobState.CREATED;
            }
            submitted++;
            if (job.state().isFinal()) {
                slot.release(job.id());
                leases.release(job.id());
                outcome(line, job, job.failure().map(JobFailure::toString));
                return false;
            }
            Instant first = job.state() == JobState.SUCCEEDED ? clock.instant()
                    : job.state() == JobState.OUTCOME_UNKNOWN ? submit.reconciler().nextLook(job)
                    : clock.instant().plus(poller.nextDelay(job, 0, Optional.empty(), random, clock.instant()));
            Flight f = new Flight(line, job, first, slot, clock.instant());
            if (job.state() == JobState.SUCCEEDED) { // its task has ended: it no longer takes a slot
                slot.release(job.id());
                f.slotHeld = false;
            }
            inFlight.add(f);
            return true;
        }

        /**
         * Lines another process works on: read from the journal now and then; reported when they end,
         * and taken over when that process is gone (its lease lapsed), without a second create (the job
         * carries its state: a create of unknown outcome is searched for, a task is polled).
         */
        private void lookAtWatchedLines() {
            Instant now = clock.instant();
            Iterator<Watch> it = watched.iterator();
            while (it.hasNext()) {
                Watch w = it.next();
                if (w.nextLook.isAfter(now)) {
                    continue;
                }
                w.job = jobs.find(w.job.id()).orElse(w.job);
                if (w.job.state().isFinal()) {
                    it.remove();
                    outcome(w.line, w.job, w.job.failure().map(JobFailure::toString));
                    continue;
                }
                if (leases.acquire(w.job.id())) { // its process is gone: this one finishes the line
                    TaskSlots slot = slot(w.job.request());
                    boolean held = slot.tryAcquire(w.job.id()); // a job taken over keeps the slot it had
                    if (!held && !w.job.state().isRemoteActive() && w.job.state() != JobState.SUCCEEDED) {
                        leases.release(w.job.id()); // not sent yet and no slot free: later
                        w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
                        continue;
                    }
                    it.remove();
                    Flight f = new Flight(w.line, w.job, now, slot, now);
                    f.slotHeld = held;
                    inFlight.add(f);
                    continue;
                }
                w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
            }
        }

        /** Completion discovery through the task list, when more tasks are in flight than the budget polls in a second. */
        private void scanIfDue() throws InterruptedException {
            List<Flight> active = new ArrayList<>();
            for (Flight f : inFlight) {
                if (f.storing == null && f.job.state().isRemoteActive() && f.job.task().isPresent()) {
                    active.add(f);
                }
            }
            discovering = active.size() > queries.permitsPerSecond();
            Instant now = clock.instant();
            if (!discovering || (nextScan != null && now.isBefore(nextScan))) {
                return;
            }
            long known = active.stream().filter(f -> f.listedAsEnded).count();
            if (known >= queries.permitsPerSecond()) { // more ended tasks known than a second of queries fetches: fetch first
                nextScan = now.plus(poller.scaled(SCAN_EVERY));
                return;
            }
            Optional<CompletionScan.Result> scan = poller.scanActive(active.stream().map(f -> f.job).toList(), queries, now);
            Instant after = clock.instant();
            if (scan.isEmpty()) { // the list could not be read: poll on the schedules until the next scan
                discovering = false;
                nextScan = after.plus(poller.scaled(SCAN_EVERY));
                return;
            }
            Duration halfBudget = Duration.ofNanos(Math.round(scan.get().calls() * 2e9 / queries.permitsPerSecond()));
            Duration every = poller.scaled(SCAN_EVERY);
            nextScan = after.plus(halfBudget.compareTo(every) > 0 ? halfBudget : every);
            for (Flight f : active) {
                if (scan.get().settled().contains(f.job.task().orElseThrow().taskId())) {
                    f.listedAsEnded = true;
                    f.nextLook = after;
                } else { // seen running: if polling one by one resumes, it is on the regular interval from now
                    f.polls = Math.max(f.polls, 1);
                    Instant regular = after.plus(poller.nextDelay(f.job, f.polls, Optional.empty(), random, after));
                    if (regular.isBefore(f.nextLook)) {
                        f.nextLook = regular;
                    }
                }
            }
        }

        private void lookAtDueTasks() throws InterruptedException {
            Instant now = clock.instant();
            Iterator<Flight> it = inFlight.iterator();
            while (it.hasNext()) {
                Flight f = it.next();
                if (f.nextLook.isAfter(now)) {
                    continue;
                }
                if (discovering && f.storing == null && f.job.state().isRemoteActive() && !f.listedAsEnded) {
                    Instant backstop = f.lastPolled.plus(poller.scaled(BACKSTOP));
                    if (now.isBefore(backstop)) { // the list still shows it running: the next scan looks again
                        f.nextLook = nextScan.isBefore(backstop) ? nextScan : backstop;
                        continue;
                    }
                }
                if (f.storing != null) {
                    if (!f.storing.isDone()) {
                        f.nextLook = now.plus(STORE_CHECK);
                        continue;
                    }
                    settleStoring(f, false);
                    if (f.job.state() == JobState.SUCCEEDED && f.job.problem().isPresent()) {
                        // Tried with back-off and left: paid for, resumable, reported as not stored; the
                        // batch goes on with the other lines.
                        releaseSlot(f);
                        leases.release(f.job.id());
                        it.remove();
                        finishedTasks++;
                        cost = cost.plus(f.job.actualCost());
                        outcome(f.line, f.job, f.job.problem().map(Object::toString));
                        continue;
                    }
                }
                try {
                    if (f.job.state() == JobState.SUBMITTING || f.job.state() == JobState.CREATED
                            || f.job.state() == JobState.OUTCOME_UNKNOWN) {
                        f.job = submit.send(f.job, SubmitMode.ASYNC, rate(f.job.request()), Duration.ZERO);
                        if (f.job.state() == JobState.OUTCOME_UNKNOWN) { // searched once; the next search when due
                            f.nextLook = submit.reconciler().nextLook(f.job);
                            continue;
                        }
                    }
                    if (f.job.state().isRemoteActive()) {
                        TaskPoller.Poll poll = poller.poll(f.job, queries);
                        f.polls++;
                        f.lastPolled = clock.instant();
                        f.listedAsEnded = false;
                        f.retryAfter = poll.retryAfter();
                        if (poll.snapshot().isPresent() && f.job.apply(poll.snapshot().get(), clock.instant())) {
                            jobs.update(f.job);
                        }
                    }
                    if (f.slotHeld && !f.job.state().isFinal()) {
                        f.slot.renew(f.job.id()); // looked after: the slot is not a dead process's
                    }
                    if (f.slotHeld && !f.job.state().isRemoteActive() && !SubmitEditService.needsSending(f.job)) {
                        releaseSlot(f); // the task ended: the service runs another one in its place
                    }
                    if (f.job.state() == JobState.SUCCEEDED && f.storing == null && startStoring(f)) {
                        continue; // still storing on the executor; looked at again shortly
                    }
                } catch (ConcurrentJobUpdate e) {
                    // another process took the job over (this one's lease had lapsed): watch it from now on
                    f.job = jobs.find(f.job.id()).orElse(f.job);
                    it.remove();
                    watched.add(new Watch(f.line, f.job, clock.instant().plus(poller.scaled(WATCH_EVERY))));
                    continue;
                } catch (RemoteServiceException e) {
                    f.retryAfter = e.retryAfter();
                    if (e instanceof RemoteServiceException.Unauthorized) {
                        aborted = true;
                    }
                    if (f.job.state() == JobState.CREATED && aborted) {
                        releaseSlot(f); // never sent and never will be in this run
                        leases.release(f.job.id());
                        it.remove();
                        outcome(f.line, f.job, Optional.of(e.summary()));
                        continue;
                    }
                }
                if (f.job.state().isFinal()) {
                    releaseSlot(f);
                    leases.release(f.job.id());
                    it.remove();
                    finishedTasks++;
                    cost = cost.plus(f.job.actualCost());
                    outcome(f.line, f.job, f.job.failure().map(JobFailure::toString));
                } else {
                    f.nextLook = clock.instant().plus(poller.nextDelay(f.job, f.polls, f.retryAfter, random, clock.instant()));
                }
            }
        }

        /**
         * Hands a succeeded job to the storing executor.
         *
         * @return true while the store is still running (the flight is left alone until it ends)
         */
        private boolean startStoring(Flight f) throws InterruptedException {
            f.storedBefore = storedCount(f.job);
            EditJob job = f.job;
            f.storing = CompletableFuture.supplyAsync(() -> {
                try {
                    return collector.collect(job, ProgressListener.NONE, end);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, storing);
            if (!f.storing.isDone()) {
                f.nextLook = clock.instant().plus(STORE_CHECK);
                return true;
            }
            settleStoring(f, false);
            return false;
        }

        /** Takes the outcome of a finished (or, with {@code wait}, running) store; remote problems are retried later. */
        private void settleStoring(Flight f, boolean wait) throws InterruptedException {
            CompletableFuture<EditJob> done = f.storing;
            f.storing = null;
            try {
                EditJob stored = wait ? done.get() : done.join();
                f.job = stored; // the journal's copy when another process wrote the job meanwhile
            } catch (CompletionException | java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof InterruptedException ie) {
                    throw ie;
                }
                if (cause instanceof RemoteServiceException r) {
                    f.retryAfter = r.retryAfter();
                } else if (cause instanceof RuntimeException re) {
                    throw re;
                } else {
                    throw new IllegalStateException("storing job " + f.job.id() + " failed", cause);
                }
            }
            imagesStored += storedCount(f.job) - f.storedBefore;
        }

        private long storedCount(EditJob job) {
            return job.results().stream().filter(ResultImage::isStored).count();
        }

        private void record(Flight f) {
            outcome(f.line, f.job, Optional.empty());
        }

        private void outcome(ManifestLine line, EditJob job, Optional<String> failure) {
            BatchReport.LineOutcome o = new BatchReport.LineOutcome(line.lineNumber(), line.key(), job.id(), job.state(),
                    job.isPartial(), failure);
            ended.add(o);
            endedLines++;
            listener.lineEnded(o);
        }

        private TaskSlots slot(EditRequest r) {
            return limiters.slots(r.model(), spec.concurrency().isPresent() ? Optional.of(spec.concurrency().getAsInt())
                    : Optional.empty());
        }

        private boolean slotFree(EditRequest r) {
            TaskSlots s = slot(r);
            return s.inUse() < s.limit();
        }

        private void releaseSlot(Flight f) {
            if (f.slotHeld) {
                f.slot.release(f.job.id());
                f.slotHeld = false;
            }
        }

        private RateLimiter rate(EditRequest r) {
            if (spec.submitsPerSecond().isEmpty()) {
                return limiters.submissions(r.model());
            }
            return rates.computeIfAbsent(r.model().id(), id -> new RateLimiter(clock, spec.submitsPerSecond().getAsDouble()));
        }

        private void report() {
            Map<JobState, Long> now = new EnumMap<>(JobState.class);
            now.putAll(ended.byState());
            // a job being stored on the executor is not read here; it is SUCCEEDED until its store settles
            inFlight.forEach(f -> now.merge(f.storing != null ? JobState.SUCCEEDED : f.job.state(), 1L, Long::sum));
            watched.forEach(w -> now.merge(w.job.state(), 1L, Long::sum));
            Duration elapsed = Duration.between(start, clock.instant());
            long done = endedLines;
            Optional<Duration> eta = done == 0 || finishedTasks == 0 ? Optional.empty()
                    : Optional.of(elapsed.multipliedBy(Math.max(0, checked.valid - done)).dividedBy(done));
            listener.update(new BatchProgress(checked.valid, submitted, now, imagesStored, cost, elapsed, eta));
        }
    }
}
