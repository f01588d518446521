package dev.wanedit.application.port.in;

import dev.wanedit.domain.EditJob;

/** The deadline of a wait passed before the job was final; the job is still in the journal and resumable. */
public class WaitTimedOut extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient EditJob job;

    public WaitTimedOut(EditJob job) {
        super("job " + job.id() + " is still " + job.state() + " at the end of the wait; run `wanedit wait " + job.id()
                + "` or `wanedit resume` later");
        this.job = job;
    }

    public EditJob job() {
        return job;
    }
}
