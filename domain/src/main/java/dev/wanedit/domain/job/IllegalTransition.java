package dev.wanedit.domain.job;

/** A state change the {@link EditJob} life cycle does not allow. */
public class IllegalTransition extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public IllegalTransition(JobId job, JobState from, String action) {
        super("job " + job + " cannot " + action + " while " + from);
    }
}
