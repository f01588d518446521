package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;

/**
 * Outgoing port: the account's limits, kept where every process that shares the journal sees them, so
 * that N processes together stay within the service's limits (per-model submissions per second and
 * concurrent tasks, the account's task queries per second). Buckets are named by the application
 * (e.g. {@code submit:<endpoint>:<model>}); an implementation keeps no knowledge of what they mean.
 *
 * <p>Rate buckets are sliding windows: at most {@code permits} grants in any {@code window}, measured
 * on the implementation's own timeline (a database server's clock when processes on several machines
 * share it, so that their clocks need not agree). Concurrency buckets are slots held by jobs until
 * released or until they expire.
 */
public interface SharedLimits {

    /** A granted permit: when it may be used on the limiter's timeline, and how long the caller waits for it from now. */
    record Permit(Instant at, Duration delay) {
    }

    /**
     * Takes one permit of rate bucket {@code bucket}: at most {@code permits} permits are granted in
     * any window of {@code window}, none before a pause set with {@link #pauseUntil}.
     */
    Permit reserve(String bucket, int permits, Duration window);

    /** How long from now until {@link #reserve} would grant a permit without waiting (zero when one is free now). */
    Duration availableIn(String bucket, int permits, Duration window);

    /** No permit of {@code bucket} is granted for {@code pause} from now, to any process (after a 429 with Retry-After). */
    void pause(String bucket, Duration pause);

    /**
     * Takes a slot of concurrency bucket {@code bucket} for {@code job} when fewer than {@code limit}
     * live slots are held; true also when the job already holds one there. A slot lives for
     * {@code ttl} from now unless renewed, so that a slot of a job nobody looks after is freed.
     */
    boolean tryAcquireSlot(String bucket, int limit, JobId job, Duration ttl);

    /** Keeps the job's slot alive for {@code ttl} from now (its task was seen still running). */
    void renewSlot(JobId job, Duration ttl);

    /** Frees the job's slot, if it holds one. */
    void releaseSlot(JobId job);

    /** How many live slots bucket {@code bucket} holds now. */
    int slotsInUse(String bucket);
}
