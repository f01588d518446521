package dev.wanedit.domain.job;

/**
 * A journaled job that breaks a rule of its state (say, a PENDING job without a task): it cannot
 * be restored, and a journal reports the row as damaged rather than run such a job. Names the job,
 * the field and the rule.
 */
public final class InvalidSnapshot extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    public InvalidSnapshot(JobId job, String field, String rule) {
        super((job == null ? "a job" : "job " + job) + ": " + field + ": " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** The snapshot field that breaks the rule (for example {@code task}). */
    public String field() {
        return field;
    }

    /** The rule it breaks, as a sentence (for example "a PENDING job has a task"). */
    public String rule() {
        return rule;
    }
}
