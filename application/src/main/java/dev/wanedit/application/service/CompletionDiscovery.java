package dev.wanedit.application.service;

import dev.wanedit.application.policy.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * With more tasks in flight than the query budget can poll in a second, a batch learns which ended
 * through the task list ({@link CompletionScan}) at most every {@link BatchService#SCAN_EVERY}
 * (scaled), with at most half the budget; no list is read while more ended tasks are known than a
 * second of the budget can query. A task the list still shows running is held back until the next
 * scan, or its {@link BatchService#BACKSTOP}.
 */
final class CompletionDiscovery {

    private final TaskPoller poller;
    private final RateLimiter queries;
    private final Clock clock;
    private final RandomGenerator random;
    private boolean discovering;
    private Instant nextScan;

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
        discovering = active.size() > queries.permitsPerSecond();
        Instant now = clock.instant();
        if (!discovering || (nextScan != null && now.isBefore(nextScan))) {
            return;
        }
        long known = active.stream().filter(f -> f.listedAsEnded).count();
        if (known >= queries.permitsPerSecond()) { // more ended tasks known than a second of queries fetches: fetch first
            nextScan = now.plus(poller.scaled(BatchService.SCAN_EVERY));
            return;
        }
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
