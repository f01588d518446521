package dev.wanedit.application.port.in;

import dev.wanedit.domain.EditJob;
import java.time.Duration;
import java.util.List;

/**
 * Use case: finish every unfinished job in the journal, each against the region and endpoint it
 * was submitted to: reconcile creates of unknown outcome, submit jobs never sent, wait for
 * running tasks, and store results not yet stored.
 */
public interface ResumeJobs {

    /** @return the jobs it worked on, in their new states */
    List<EditJob> resume(Duration deadlinePerJob, ProgressListener progress) throws InterruptedException;
}
