package dev.wanedit.application.service;

import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.catalog.Money;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

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

    /** What every run of this service works with. */
    record Parts(SubmitEditService submit, TaskPoller poller, JobRepository jobs, Limiters limiters, Clock clock, Sleeper sleeper,
                 RandomGenerator random, BatchStoring storing, JobLeases leases, BatchLines lines) {
    }

    private final Parts parts;
    private final BatchLines lines;
    private final SubmitEditService submit;

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
        this.lines = new BatchLines(validate);
        this.submit = submit;
        this.parts = new Parts(submit, poller, jobs, limiters, clock, sleeper, random, new BatchStoring(jobs, collector, storing),
                submit.leases(), lines);
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
        return new BatchRun(parts, spec, checked, listener).execute(manifest);
    }

    /** How often a line held by another process is read again from the journal (scaled like the polls). */
    static final Duration WATCH_EVERY = WatchedLines.WATCH_EVERY;
}
