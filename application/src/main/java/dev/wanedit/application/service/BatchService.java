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
    private final BatchLines lines;

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
        this.lines = new BatchLines(validate);
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
        BatchLines.Checked checked = lines.check(manifest);
        if (spec.strict() && !checked.invalid.isEmpty()) {
            return BatchReport.of(checked.valid, checked.invalid, List.of(), 0, Money.zero(Money.CNY), checked.estimate, true, false,
                    checked.valid);
        }
        if (checked.valid > 0) {
            submit.checkStore(checked.expectedBytes); // once, for every line's results, before any line is paid for
        }
        return new Run(spec, checked, listener).execute(manifest);
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

    /** One run of the second pass: the scheduler's loop over the gate, the in-flight queue and the watched lines. */
    private final class Run {
        private final BatchSpec spec;
        private final BatchLines.Checked checked;
        private final BatchProgress.Listener listener;
        private final SubmissionGate gate;
        private final InFlightQueue inFlight = new InFlightQueue();
        private final List<Watch> watched = new ArrayList<>();
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
        private boolean aborted;
        /** True while completion is discovered through the task list. */
        private boolean discovering;
        private Instant nextScan;
        /** The next line: read, its request prepared, and (once journaled and leased, not launched yet) its job. */
        private ManifestLine pendingLine;
        private EditRequest pendingRequest;
        private EditJob pendingJob;
        private long validTaken; // valid lines read in this pass (pass 1 counted them all)

        Run(BatchSpec spec, BatchLines.Checked checked, BatchProgress.Listener listener) {
            this.spec = spec;
            this.checked = checked;
            this.listener = listener;
            this.gate = new SubmissionGate(spec, limiters, clock);
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
                for (BatchFlight f : inFlight.all()) {
                    if (!f.job.state().isRemoteActive()) {
                        f.releaseSlot(); // a task still running keeps its slot: whoever takes the job over holds it
                    }
                    leases.release(f.job.id());
                }
                if (pendingJob != null) {
                    gate.slots(pendingJob.request()).release(pendingJob.id());
                    leases.release(pendingJob.id());
                }
            }
        }

        private boolean open() {
            return !gate.stoppedByCost() && !aborted;
        }

        private BatchReport executeRun(ManifestSource manifest) throws InterruptedException {
            long notSubmitted;
            try (Stream<ManifestLine> stream = manifest.lines()) {
                Iterator<ManifestLine> it = stream.iterator();
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("batch interrupted; its jobs stay in the journal");
                    }
                    fill(it); // 1. free slots, in manifest order
                    if (inFlight.isEmpty() && watched.isEmpty() && (pendingRequest == null || !open()) && (!it.hasNext() || !open())) {
                        notSubmitted = notTaken();
                        break;
                    }
                    if (!clock.instant().isBefore(end)) {
                        notSubmitted = notTaken();
                        leaveAtDeadline();
                        break;
                    }
                    // 2. the tasks that are due (with many in flight, the task list says which)
                    scanIfDue();
                    lookAtDueTasks();
                    lookAtWatchedLines();
                    report();
                    sleepUntilDue(it); // 3. until something is due or a slot may be filled
                }
            }
            report();
            return new BatchReport(checked.valid, checked.invalid, ended.tally(), ended.notable(), imagesStored, cost, checked.estimate, false,
                    gate.stoppedByCost(), notSubmitted);
        }

        /** Sends lines while the gate lets them go: the rate first, then a slot, then the cost cap. */
        private void fill(Iterator<ManifestLine> it) throws InterruptedException {
            while (open() && clock.instant().isBefore(end)) {
                if (pendingRequest == null) {
                    if (!it.hasNext()) {
                        return;
                    }
                    pendingLine = it.next();
                    pendingRequest = lines.prepare(pendingLine, null).orElse(null);
                    validTaken += pendingRequest != null ? 1 : 0;
                    continue;
                }
                if (!gate.rateWait(pendingRequest).isZero()) {
                    return; // not yet: look at the tasks in flight while the submission rate recovers
                }
                if (pendingJob == null) {
                    if (!gate.slotFree(pendingRequest) && !alreadyJournaled(pendingLine, pendingRequest)) {
                        return; // journal a new line only when it can be sent soon
                    }
                    pendingJob = journalLine(pendingLine, pendingRequest).orElse(null);
                    if (pendingJob == null) { // done before, or another live process works on it
                        pendingLine = null;
                        pendingRequest = null;
                        continue;
                    }
                }
                TaskSlots slot = gate.slots(pendingRequest);
                if (!slot.tryAcquire(pendingJob.id())) {
                    return;
                }
                Money estimate = pendingRequest.expectedOutput().estimatedCost();
                if (!gate.affordable(estimate)) {
                    slot.release(pendingJob.id());
                    return; // the lease goes back when the run ends
                }
                if (launch(pendingLine, pendingJob, slot)) {
                    gate.commit(estimate);
                }
                pendingJob = null;
                pendingLine = null;
                pendingRequest = null;
            }
        }

        /** At the deadline: every line in flight is reported in its current state and left for resume. */
        private void leaveAtDeadline() throws InterruptedException {
            for (BatchFlight f : inFlight.all()) {
                if (f.storing != null) {
                    settleStoring(f, true);
                }
                outcome(f.line, f.job, Optional.empty()); // left for resume, in their current state
                leases.release(f.job.id());
            }
            inFlight.clear();
            for (Watch w : watched) {
                outcome(w.line, w.job, Optional.of("left to the process working on it"));
            }
            watched.clear();
        }

        private void sleepUntilDue(Iterator<ManifestLine> it) throws InterruptedException {
            Instant now = clock.instant();
            Instant next = Stream.concat(inFlight.next().stream(), watched.stream().map(w -> w.nextLook))
                    .min(Instant::compareTo).orElse(now);
            boolean canFill = open() && (pendingRequest != null ? gate.slotFree(pendingRequest) : it.hasNext());
            if (canFill) { // wake up when the next submission may go
                Instant fillAt = pendingRequest != null ? now.plus(gate.rateWait(pendingRequest)) : now;
                next = (inFlight.isEmpty() && watched.isEmpty()) || fillAt.isBefore(next) ? fillAt : next;
            }
            if (discovering && nextScan != null && nextScan.isBefore(next)) {
                next = nextScan; // the next look at the task list
            }
            if (next.isAfter(end)) {
                next = end;
            }
            if (!canFill && inFlight.isEmpty() && watched.isEmpty() && !next.isAfter(now)) {
                // nothing of ours in flight and no slot free: the slots are held by other processes' tasks
                next = now.plus(poller.scaled(WATCH_EVERY));
            }
            if (next.isAfter(now)) {
                sleeper.sleep(Duration.between(now, next));
            }
        }

        /**
         * The valid lines this pass did not submit: those it never read, plus one read but held back.
         * Counted from pass 1 rather than by reading (and re-inspecting) the rest of the manifest.
         */
        private long notTaken() {
            return Math.max(0, checked.valid - validTaken) + (pendingRequest != null ? 1 : 0);
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

        private BatchFlight flight(ManifestLine line, EditJob job, Instant first, TaskSlots slot) {
            BatchFlight f = new BatchFlight(line, job, first, slot, clock.instant(), inFlight.nextSeq());
            inFlight.add(f);
            return f;
        }

        /** Sends (or settles) a journaled job of this process and puts it in flight. */
        private boolean launch(ManifestLine line, EditJob journaled, TaskSlots slot) throws InterruptedException {
            EditJob job = journaled;
            try {
                // Patience zero: a throttled create or one whose answer was lost is scheduled here
                // instead of blocking the other lines.
                if (SubmitEditService.needsSending(job)) {
                    job = submit.send(job, SubmitMode.ASYNC, gate.rate(job.request()), Duration.ZERO);
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
                    BatchFlight f = flight(line, now, clock.instant().plus(poller.nextDelay(now, 0, e.retryAfter(), random,
                            clock.instant())), slot);
                    f.retryAfter = e.retryAfter();
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
            BatchFlight f = flight(line, job, first, slot);
            if (job.state() == JobState.SUCCEEDED) { // its task has ended: it no longer takes a slot
                f.releaseSlot();
            }
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
                    TaskSlots slot = gate.slots(w.job.request());
                    boolean held = slot.tryAcquire(w.job.id()); // a job taken over keeps the slot it had
                    if (!held && !w.job.state().isRemoteActive() && w.job.state() != JobState.SUCCEEDED) {
                        leases.release(w.job.id()); // not sent yet and no slot free: later
                        w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
                        continue;
                    }
                    it.remove();
                    flight(w.line, w.job, now, slot).slotHeld = held;
                    continue;
                }
                w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
            }
        }

        /** Completion discovery through the task list, when more tasks are in flight than the budget polls in a second. */
        private void scanIfDue() throws InterruptedException {
            List<BatchFlight> active = inFlight.all().stream()
                    .filter(f -> f.storing == null && f.job.state().isRemoteActive() && f.job.task().isPresent()).toList();
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
            for (BatchFlight f : active) {
                if (scan.get().settled().contains(f.job.task().orElseThrow().taskId())) {
                    f.listedAsEnded = true;
                    inFlight.reschedule(f, after);
                } else { // seen running: if polling one by one resumes, it is on the regular interval from now
                    f.polls = Math.max(f.polls, 1);
                    Instant regular = after.plus(poller.nextDelay(f.job, f.polls, Optional.empty(), random, after));
                    if (regular.isBefore(f.nextLook)) {
                        inFlight.reschedule(f, regular);
                    }
                }
            }
        }

        private void lookAtDueTasks() throws InterruptedException {
            for (BatchFlight f : inFlight.due(clock.instant())) {
                lookAt(f);
            }
        }

        /** One look at a due task: its store if one runs, its create if it has none yet, its task otherwise. */
        private void lookAt(BatchFlight f) throws InterruptedException {
            Instant now = clock.instant();
            if (discovering && f.storing == null && f.job.state().isRemoteActive() && !f.listedAsEnded) {
                Instant backstop = f.lastPolled.plus(poller.scaled(BACKSTOP));
                if (now.isBefore(backstop)) { // the list still shows it running: the next scan looks again
                    inFlight.reschedule(f, nextScan.isBefore(backstop) ? nextScan : backstop);
                    return;
                }
            }
            if (f.storing != null) {
                if (!f.storing.isDone()) {
                    inFlight.reschedule(f, now.plus(STORE_CHECK));
                    return;
                }
                settleStoring(f, false);
                if (f.job.state() == JobState.SUCCEEDED && f.job.problem().isPresent()) {
                    // Tried with back-off and left: paid for, resumable, reported as not stored; the
                    // batch goes on with the other lines.
                    finish(f, f.job.problem().map(Object::toString));
                    return;
                }
            }
            try {
                if (f.job.state() == JobState.SUBMITTING || f.job.state() == JobState.CREATED
                        || f.job.state() == JobState.OUTCOME_UNKNOWN) {
                    f.job = submit.send(f.job, SubmitMode.ASYNC, gate.rate(f.job.request()), Duration.ZERO);
                    if (f.job.state() == JobState.OUTCOME_UNKNOWN) { // searched once; the next search when due
                        inFlight.reschedule(f, submit.reconciler().nextLook(f.job));
                        return;
                    }
                }
                boolean unjournaled = false;
                if (f.job.state().isRemoteActive()) {
                    TaskPoller.Poll poll = poller.poll(f.job, queries);
                    f.polls++;
                    f.lastPolled = clock.instant();
                    f.listedAsEnded = false;
                    f.retryAfter = poll.retryAfter();
                    if (poll.snapshot().isPresent() && f.job.apply(poll.snapshot().get(), clock.instant())) {
                        // a success is journaled by the store that follows, on the storing pool, so that
                        // the slot is given back and the next line sent without waiting for that write
                        unjournaled = f.job.state() == JobState.SUCCEEDED;
                        if (!unjournaled) {
                            jobs.update(f.job);
                        }
                    }
                }
                if (f.slotHeld && !f.job.state().isFinal() && !unjournaled) {
                    f.slot.renew(f.job.id()); // looked after: the slot is not a dead process's
                }
                if (!f.job.state().isRemoteActive() && !SubmitEditService.needsSending(f.job)) {
                    f.releaseSlot(); // the task ended: the service runs another one in its place
                }
                if (f.job.state() == JobState.SUCCEEDED && f.storing == null && startStoring(f, unjournaled)) {
                    return; // still storing on the pool; looked at again shortly
                }
            } catch (ConcurrentJobUpdate e) {
                // another process took the job over (this one's lease had lapsed): watch it from now on
                f.job = jobs.find(f.job.id()).orElse(f.job);
                inFlight.remove(f);
                watched.add(new Watch(f.line, f.job, clock.instant().plus(poller.scaled(WATCH_EVERY))));
                return;
            } catch (RemoteServiceException e) {
                f.retryAfter = e.retryAfter();
                if (e instanceof RemoteServiceException.Unauthorized) {
                    aborted = true;
                }
                if (f.job.state() == JobState.CREATED && aborted) {
                    f.releaseSlot(); // never sent and never will be in this run
                    leases.release(f.job.id());
                    inFlight.remove(f);
                    outcome(f.line, f.job, Optional.of(e.summary()));
                    return;
                }
            }
            if (f.job.state().isFinal()) {
                finish(f, f.job.failure().map(JobFailure::toString));
            } else {
                inFlight.reschedule(f, clock.instant().plus(poller.nextDelay(f.job, f.polls, f.retryAfter, random, clock.instant())));
            }
        }

        /** A line done (stored, failed, or left with a problem): its slot and lease given back, its outcome reported. */
        private void finish(BatchFlight f, Optional<String> failure) {
            f.releaseSlot();
            leases.release(f.job.id());
            inFlight.remove(f);
            finishedTasks++;
            cost = cost.plus(f.job.actualCost());
            outcome(f.line, f.job, failure);
        }

        /**
         * Hands a succeeded job to the storing pool: its success journaled first if the scheduler left
         * that write to it ({@code journal}), then its results downloaded and stored.
         *
         * @return true while the store is still running (the flight is left alone until it ends)
         */
        private boolean startStoring(BatchFlight f, boolean journal) throws InterruptedException {
            f.storedBefore = storedCount(f.job);
            EditJob job = f.job;
            f.storing = CompletableFuture.supplyAsync(() -> {
                try {
                    EditJob current = job;
                    if (journal) {
                        try {
                            jobs.update(current);
                        } catch (ConcurrentJobUpdate e) { // another process wrote it: store on from its copy
                            current = jobs.find(job.id()).orElse(job);
                        }
                    }
                    return current.state() == JobState.SUCCEEDED ? collector.collect(current, ProgressListener.NONE, end) : current;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, storing);
            if (!f.storing.isDone()) {
                inFlight.reschedule(f, clock.instant().plus(STORE_CHECK));
                return true;
            }
            settleStoring(f, false);
            return false;
        }

        /** Takes the outcome of a finished (or, with {@code wait}, running) store; remote problems are retried later. */
        private void settleStoring(BatchFlight f, boolean wait) throws InterruptedException {
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

        private void outcome(ManifestLine line, EditJob job, Optional<String> failure) {
            BatchReport.LineOutcome o = new BatchReport.LineOutcome(line.lineNumber(), line.key(), job.id(), job.state(),
                    job.isPartial(), failure);
            ended.add(o);
            endedLines++;
            listener.lineEnded(o);
        }

        private void report() {
            Map<JobState, Long> now = new EnumMap<>(JobState.class);
            now.putAll(ended.byState());
            // a job being stored on the pool is not read here; it is SUCCEEDED until its store settles
            inFlight.all().forEach(f -> now.merge(f.storing != null ? JobState.SUCCEEDED : f.job.state(), 1L, Long::sum));
            watched.forEach(w -> now.merge(w.job.state(), 1L, Long::sum));
            Duration elapsed = Duration.between(start, clock.instant());
            long done = endedLines;
            Optional<Duration> eta = done == 0 || finishedTasks == 0 ? Optional.empty()
                    : Optional.of(elapsed.multipliedBy(Math.max(0, checked.valid - done)).dividedBy(done));
            listener.update(new BatchProgress(checked.valid, submitted, now, imagesStored, cost, elapsed, eta));
        }
    }
}
