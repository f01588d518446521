package dev.wanedit.application.port.in;

import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import java.time.Duration;

/**
 * Use case: wait until a job is final — poll the task, then download and store every result — or
 * until the deadline passes ({@link WaitTimedOut}); the job stays resumable either way.
 */
public interface AwaitJob {

    EditJob await(JobId id, Duration deadline, ProgressListener progress) throws InterruptedException;
}
