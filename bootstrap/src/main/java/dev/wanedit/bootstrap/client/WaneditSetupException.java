package dev.wanedit.bootstrap.client;

import java.util.List;

/** The client could not be built: every bad setting, each named with the rule it breaks, or the journal's problem. */
public final class WaneditSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The problems, one per setting (never a key or a password). */
    private final transient List<String> problems;

    /**
     * @param problems one line per problem
     */
    WaneditSetupException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems with the wanedit settings:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found.
     *
     * @return one line per problem
     */
    public List<String> problems() {
        return problems;
    }
}
