package dev.wanedit.application.service;

import dev.wanedit.domain.job.JobId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job's create call was sent, on this process's clock: where a task's poll schedule is
 * measured from until a query shows its RUNNING start. The job's own {@code submittingSince} is
 * taken before SUBMITTING is journaled (the search for a create of unknown outcome must start no
 * later than the call), so it is early by that write, an fsync; a look measured from it can land
 * before the end once the margin is smaller than the write. Kept in memory only: a job taken up
 * by another process, or after a restart, is measured from {@code submittingSince} as before.
 */
public final class SendTimes {

    private static final int MAX = 100_000;

    private final Map<JobId, Instant> sent = new ConcurrentHashMap<>();

    /** The create of {@code job} left at {@code at} and was answered with a task. */
    void sent(JobId job, Instant at) {
        if (sent.size() >= MAX) {
            sent.clear(); // tasks left behind by a deadline; their looks fall back to submittingSince
        }
        sent.put(job, at);
    }

    /** When the create of {@code job} was sent by this process, if it was. */
    Optional<Instant> of(JobId job) {
        return Optional.ofNullable(sent.get(job));
    }

    /** The task of {@code job} has ended: nothing more is measured from its send. */
    void forget(JobId job) {
        sent.remove(job);
    }
}
