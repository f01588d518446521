package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.domain.job.EditJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Use case: finish every unfinished job in the journal, each against the region and endpoint it
 * was created for: search for creates of unknown outcome, submit jobs never sent, wait for
 * running tasks, and store results not yet stored. A job meant for another endpoint than the one
 * configured now is left alone (sending it elsewhere could pay twice, or hand the key to a stranger)
 * unless the caller asks to move it.
 */
public interface ResumeJobs {

    /**
     * One job resume worked on, in its new state, and why it is not finished when it is not.
     *
     * @param leftToOwner true when another live process holds the job's lease and resume left it to
     *     that process: nothing is wrong, the job is being finished elsewhere
     */
    record Resumed(EditJob job, Optional<String> reason, boolean leftToOwner) {

        public Resumed {
            reason = reason == null ? Optional.empty() : reason;
        }

        public Resumed(EditJob job, Optional<String> reason) {
            this(job, reason, false);
        }
    }

    /**
     * @param retarget send jobs created for another endpoint (or for an unknown one, from an older
     *     journal) to the endpoint configured now
     * @return the jobs it worked on, in their new states, oldest first
     */
    List<Resumed> resume(Duration deadlinePerJob, boolean retarget, ProgressListener progress) throws InterruptedException;
}
