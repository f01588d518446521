package dev.wanedit.application.service;

import dev.wanedit.application.policy.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * With more tasks in flight than the query budget can poll in a second, a batch learns which ended
 * through the task list ({@link CompletionScan}) at most every {@link BatchService#SCAN_EVERY}
 * (scaled), with at most half the budget; no list is read while more ended tasks are known than a
 * second of the budget can query. A task the list still shows running is held back until the next
 * scan, or its {@link BatchService#BACKSTOP}.
 *
 * <p><b>When the schedules are right, the list is left alone.</b> Reading the list is worth its
 * pages only while the looks the poll schedules would make miss: a scan of {@code c} pages that
 * shows {@code d} tasks ended costs {@code 1 + c/d} calls per task found (the pages, then the query
 * for its results), a look that finds its task ended with probability {@code h} costs {@code 1/h};
 * the list pays while {@code h < d / (d + c)}. Each scan measures {@code h} on the looks it held
 * back: of the tasks that were due for a look, how many it shows ended. Once the scans have judged
 * a second of the budget's looks that way and that share reaches the last scan's break-even, the
 * schedules (learned
 * from the journal's history, so their looks lie just after the ends) are trusted: no list is read
 * and nothing is held back, and the looks themselves are counted, a second of the budget at a time;
 * a second in which fewer than the break-even share found their task ended starts the scans again.
 * So a batch whose tasks end where their history says spends its budget on the queries that fetch
 * results (BENCHMARKS.md section 3: 119 list pages among 630 calls before), and one whose tasks do
 * not keeps the list.
 */
final class CompletionDiscovery {

    private final TaskPoller poller;
    private final RateLimiter queries;
    private final Clock clock;
    private final RandomGenerator random;
    private boolean discovering;
    private Instant nextScan;
    /** The last scan showed the schedules' due looks finding their tasks ended: no list is read. */
    private boolean trusting;
    /** The share of looks that must find their task ended for the list not to pay (from the last scan). */
    private double breakEven = 1.0;
    /** While trusting: the schedules' looks counted in this round, and how many found their task ended. */
    private int looks;
    private int hits;
    /** While scanning: the due looks the scans held back since the last decision, and how many of their tasks had ended. */
    private long dueSeen;
    private long dueSeenEnded;

    CompletionDiscovery(TaskPoller poller, RateLimiter queries, Clock clock, RandomGenerator random) {
        this.poller = poller;
        this.queries = queries;
        this.clock = clock;
        this.random = random;
    }

    /** Reads the task list when due, and brings the flights it shows ended forward. */
    void scanIfDue(InFlightQueue inFlight) throws InterruptedException {
        List<BatchFlight> active = inFlight.all().stream()
                .filter(f -> f.storing == null && f.job.state().isRemoteActive() && f.job.task().isPresent()).toList();
        boolean many = active.size() > queries.permitsPerSecond();
        if (!many) {
            trusting = false;
        }
        discovering = many && !trusting;
        Instant now = clock.instant();
        if (!discovering || (nextScan != null && now.isBefore(nextScan))) {
            return;
        }
        long known = active.stream().filter(f -> f.listedAsEnded).count();
        if (known >= queries.permitsPerSecond()) { // more ended tasks known than a second of queries fetches: fetch first
            nextScan = now.plus(poller.scaled(BatchService.SCAN_EVERY));
            return;
        }
        // the looks the schedules would make now: what this scan tells of their aim
        List<BatchFlight> due = active.stream().filter(f -> !f.listedAsEnded && !f.nextLook.isAfter(now)).toList();
        Optional<CompletionScan.Result> scan = poller.scanActive(active.stream().map(f -> f.job).toList(), queries, now);
        Instant after = clock.instant();
        if (scan.isEmpty()) { // the list could not be read: poll on the schedules until the next scan
            discovering = false;
            nextScan = after.plus(poller.scaled(BatchService.SCAN_EVERY));
            return;
        }
        Duration halfBudget = Duration.ofNanos(Math.round(scan.get().calls() * 2e9 / queries.permitsPerSecond()));
        Duration every = poller.scaled(BatchService.SCAN_EVERY);
        nextScan = after.plus(halfBudget.compareTo(every) > 0 ? halfBudget : every);
        Set<String> settled = scan.get().settled();
        long found = active.stream().filter(f -> !f.listedAsEnded && settled.contains(f.job.task().orElseThrow().taskId())).count();
        long dueEnded = due.stream().filter(f -> settled.contains(f.job.task().orElseThrow().taskId())).count();
        breakEven = found == 0 ? 1.0 : (double) found / (found + scan.get().calls());
        dueSeen += due.size();
        dueSeenEnded += dueEnded;
        if (dueSeen >= queries.permitsPerSecond()) { // a second of the budget's looks judged: decide
            if (dueSeenEnded >= breakEven * dueSeen) {
                trust();
            }
            dueSeen = 0;
            dueSeenEnded = 0;
        }
        for (BatchFlight f : active) {
            if (settled.contains(f.job.task().orElseThrow().taskId())) {
                f.listedAsEnded = true;
                inFlight.reschedule(f, after);
            } else {
                // seen running: its next look is where its schedule (learned once the journal has
                // history) puts the next one from now, not the next scan, so that the scans judge
                // the schedules by looks they would make; a scan that shows it ended first brings
                // it forward (above)
                f.polls = Math.max(f.polls, 1);
                inFlight.reschedule(f, after.plus(poller.nextDelay(f.job, f.polls, Optional.empty(), random, after)));
            }
        }
    }

    private void trust() {
        trusting = true;
        discovering = false;
        looks = 0;
        hits = 0;
    }

    /**
     * A look the schedule made at a task (not one the list had shown ended), and whether it found
     * the task ended. While the schedules are trusted, a second of the budget's looks of which fewer
     * than the break-even share found their task ended makes the list be read again.
     */
    void looked(boolean ended) {
        if (!trusting) {
            return;
        }
        looks++;
        if (ended) {
            hits++;
        }
        if (looks >= Math.max(1, (int) queries.permitsPerSecond())) {
            if (hits < breakEven * looks) {
                trusting = false;
                nextScan = null; // at once
            }
            looks = 0;
            hits = 0;
        }
    }

    /** Until when a due flight is held back because the list still shows its task running; empty: look at it now. */
    Optional<Instant> holdBack(BatchFlight f, Instant now) {
        if (!discovering || f.storing != null || !f.job.state().isRemoteActive() || f.listedAsEnded) {
            return Optional.empty();
        }
        Instant backstop = f.lastPolled.plus(poller.scaled(BatchService.BACKSTOP));
        if (!now.isBefore(backstop)) {
            return Optional.empty();
        }
        return Optional.of(nextScan.isBefore(backstop) ? nextScan : backstop);
    }

    /** The next look at the task list, while completion is discovered through it. */
    Optional<Instant> nextScan() {
        return discovering && nextScan != null ? Optional.of(nextScan) : Optional.empty();
    }
}
