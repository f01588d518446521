package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.domain.job.JobId;
import java.time.Duration;

/**
 * Use case: wait until a job is final — poll the task, then download and store every result — or
 * until the deadline passes; the returned {@link AwaitOutcome} says which (or that the thread was
 * interrupted), and the job stays resumable either way.
 */
public interface AwaitJob {

    /** @throws JobNotFound when the journal has no such job */
    AwaitOutcome await(JobId id, Duration deadline, ProgressListener progress);
}
