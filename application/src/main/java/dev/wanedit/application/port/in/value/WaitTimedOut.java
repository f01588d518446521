package dev.wanedit.application.port.in.value;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.domain.job.EditJob;

/**
 * The deadline of a wait passed before the job was final; the job is still in the journal and
 * resumable. Thrown inside the application (the services that wait for several jobs catch it);
 * the {@link AwaitJob} use case returns {@link AwaitOutcome.TimedOut} instead.
 */
public class WaitTimedOut extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient EditJob job;

    public WaitTimedOut(EditJob job) {
        super(describe(job));
        this.job = job;
    }

    static String describe(EditJob job) {
        return "job " + job.id() + " is still " + job.state() + " at the end of the wait; run `wanedit wait " + job.id()
                + "` or `wanedit resume` later";
    }

    public EditJob job() {
        return job;
    }
}
