package dev.wanedit.domain.request;

import java.util.List;
import java.util.stream.Collectors;

/** An edit request that breaks one or more documented rules; lists every violation at once. */
public class InvalidEditRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidEditRequest(List<Violation> violations) {
        super(format(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String format(List<Violation> violations) {
        return violations.size() + (violations.size() == 1 ? " problem" : " problems") + " with the edit request:\n"
                + violations.stream().map(v -> "  - " + v.message()).collect(Collectors.joining("\n"));
    }
}
