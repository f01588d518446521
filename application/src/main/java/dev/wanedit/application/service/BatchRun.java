package dev.wanedit.application.service;

import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.policy.TaskSlots;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** One run of the second pass: the scheduler's loop over the gate, the in-flight queue and the watched lines. */
final class BatchRun implements WatchedLines.Outcomes {

    private final SubmitEditService submit;
    private final TaskPoller poller;
    private final JobRepository jobs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final BatchStoring storing;
    private final JobLeases leases;
    private final BatchLines lines;
    private final BatchSpec spec;
    private final BatchLines.Checked checked;
    private final BatchProgress.Listener listener;
    private final SubmissionGate gate;
    private final InFlightQueue inFlight = new InFlightQueue();
    private final WatchedLines watched;
    private final CompletionDiscovery discovery;
    private final RateLimiter queries;
    /** The lines ended so far, counted; each outcome itself goes to the listener. */
    private final BatchReport.Tally.Counter tally = new BatchReport.Tally.Counter();
    private long endedLines;
    private final Instant start;
    private final Instant end;
    private long submitted;
    private long imagesStored;
    private long finishedTasks;
    private Money cost = Money.zero(Money.CNY);
    private boolean aborted;
    /** The next line: read, its request prepared, and (once journaled and leased, not launched yet) its job. */
    private ManifestLine pendingLine;
    private EditRequest pendingRequest;
    private EditJob pendingJob;
    private long validTaken; // valid lines read in this pass (pass 1 counted them all)

    BatchRun(BatchService.Parts parts, BatchSpec spec, BatchLines.Checked checked, BatchProgress.Listener listener) {
        this.submit = parts.submit();
        this.poller = parts.poller();
        this.jobs = parts.jobs();
        this.clock = parts.clock();
        this.sleeper = parts.sleeper();
        this.random = parts.random();
        this.storing = parts.storing();
        this.leases = parts.leases();
        this.lines = parts.lines();
        this.start = clock.instant();
        this.spec = spec;
        this.checked = checked;
        this.listener = listener;
        this.gate = new SubmissionGate(spec, parts.limiters(), clock);
        this.end = start.plus(spec.deadline());
        this.queries = spec.queriesPerSecond().isPresent()
                ? new RateLimiter(clock, spec.queriesPerSecond().getAsDouble()) : parts.limiters().queries();
        this.watched = new WatchedLines(jobs, leases, poller, clock);
        this.discovery = new CompletionDiscovery(poller, queries, clock, random);
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
                discovery.scanIfDue(inFlight);
                lookAtDueTasks();
                watched.lookAtDue(gate::slots, this);
                report();
                sleepUntilDue(it); // 3. until something is due or a slot may be filled
            }
        }
        report();
        return new BatchReport(checked.valid, checked.invalid, tally.tally(), tally.notable(), imagesStored, cost, checked.estimate, false,
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
                if (!gate.slotFree(pendingRequest) && !BatchLines.unfinished(jobs, spec.batchId(), pendingLine, pendingRequest)) {
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
            ended(f.line, f.job, Optional.empty()); // left for resume, in their current state
            leases.release(f.job.id());
        }
        inFlight.clear();
        watched.leaveAll(this);
    }

    private void sleepUntilDue(Iterator<ManifestLine> it) throws InterruptedException {
        Instant now = clock.instant();
        Instant next = Stream.concat(inFlight.next().stream(), watched.nextLooks())
                .min(Instant::compareTo).orElse(now);
        boolean canFill = open() && (pendingRequest != null ? gate.slotFree(pendingRequest) : it.hasNext());
        if (canFill) { // wake up when the next submission may go
            Instant fillAt = pendingRequest != null ? now.plus(gate.rateWait(pendingRequest)) : now;
            next = (inFlight.isEmpty() && watched.isEmpty()) || fillAt.isBefore(next) ? fillAt : next;
        }
        Optional<Instant> scan = discovery.nextScan();
        if (scan.isPresent() && scan.get().isBefore(next)) {
            next = scan.get(); // the next look at the task list
        }
        if (next.isAfter(end)) {
            next = end;
        }
        if (!canFill && inFlight.isEmpty() && watched.isEmpty() && !next.isAfter(now)) {
            // nothing of ours in flight and no slot free: the slots are held by other processes' tasks
            next = now.plus(poller.scaled(BatchService.WATCH_EVERY));
        }
        if (next.isAfter(now)) {
            sleeper.sleep(Duration.between(now, next));
        }
    }

    /** The valid lines not submitted: never read, plus one held back (counted from pass 1, not by reading the rest). */
    private long notTaken() {
        return Math.max(0, checked.valid - validTaken) + (pendingRequest != null ? 1 : 0);
    }

    /**
     * The line's job: found in the journal (this run's earlier pass, another run, another process)
     * or journaled now, and leased to this process. Empty when there is nothing for this process
     * to do: the job ended before (reported as it is), or another live process works on it (watched).
     */
    private Optional<EditJob> journalLine(ManifestLine line, EditRequest request) {
        String key = BatchLines.lineKey(line, request);
        JobRepository.Insertion ins = submit.journal(request, new SubmitOptions(SubmitMode.ASYNC, spec.force(),
                Optional.of(new BatchRef(spec.batchId(), key)), Duration.ZERO));
        EditJob job = ins.job();
        if (job.state().isFinal()) {
            ended(line, job, job.failure().map(JobFailure::toString));
            return Optional.empty();
        }
        if (!leases.acquire(job.id())) {
            watched.add(line, job);
            return Optional.empty();
        }
        return Optional.of(jobs.find(job.id()).orElse(job));
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
            ended(line, now, Optional.of(e.summary()));
            return now.state() != JobState.CREATED;
        }
        submitted++;
        if (job.state().isFinal()) {
            slot.release(job.id());
            leases.release(job.id());
            ended(line, job, job.failure().map(JobFailure::toString));
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

    private void lookAtDueTasks() throws InterruptedException {
        for (BatchFlight f : inFlight.due(clock.instant())) {
            lookAt(f);
        }
    }

    /** One look at a due task: its store if one runs, its create if it has none yet, its task otherwise. */
    private void lookAt(BatchFlight f) throws InterruptedException {
        Instant now = clock.instant();
        Optional<Instant> heldBack = discovery.holdBack(f, now);
        if (heldBack.isPresent()) { // the list still shows it running: the next scan looks again
            inFlight.reschedule(f, heldBack.get());
            return;
        }
        if (f.storing != null) {
            if (!f.storing.isDone()) {
                inFlight.reschedule(f, now.plus(BatchService.STORE_CHECK));
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
                boolean listed = f.listedAsEnded;
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
                if (!listed && poll.snapshot().isPresent()) {
                    discovery.looked(!f.job.state().isRemoteActive()); // how well the schedules aim
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
            watched.add(f.line, f.job);
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
                ended(f.line, f.job, Optional.of(e.summary()));
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
        ended(f.line, f.job, failure);
    }

    /** Hands a succeeded job to the storing pool. @return true while the store runs (the flight is looked at shortly) */
    private boolean startStoring(BatchFlight f, boolean journal) throws InterruptedException {
        storing.start(f, journal, end);
        if (!f.storing.isDone()) {
            inFlight.reschedule(f, clock.instant().plus(BatchService.STORE_CHECK));
            return true;
        }
        settleStoring(f, false);
        return false;
    }

    private void settleStoring(BatchFlight f, boolean wait) throws InterruptedException {
        imagesStored += storing.settle(f, wait);
    }

    @Override
    public void takenOver(ManifestLine line, EditJob job, TaskSlots slot, boolean slotHeld) {
        flight(line, job, clock.instant(), slot).slotHeld = slotHeld;
    }

    @Override
    public void ended(ManifestLine line, EditJob job, Optional<String> failure) {
        BatchReport.LineOutcome o = new BatchReport.LineOutcome(line.lineNumber(), line.key(), job.id(), job.state(),
                job.isPartial(), failure);
        tally.add(o);
        endedLines++;
        listener.lineEnded(o);
    }

    private void report() {
        Map<JobState, Long> now = new EnumMap<>(JobState.class);
        now.putAll(tally.byState());
        // a job being stored on the pool is not read here; it is SUCCEEDED until its store settles
        inFlight.all().forEach(f -> now.merge(f.storing != null ? JobState.SUCCEEDED : f.job.state(), 1L, Long::sum));
        watched.states().forEach(st -> now.merge(st, 1L, Long::sum));
        Duration elapsed = Duration.between(start, clock.instant());
        long done = endedLines;
        Optional<Duration> eta = done == 0 || finishedTasks == 0 ? Optional.empty()
                : Optional.of(elapsed.multipliedBy(Math.max(0, checked.valid - done)).dividedBy(done));
        listener.update(new BatchProgress(checked.valid, submitted, now, imagesStored, cost, elapsed, eta));
    }
}
