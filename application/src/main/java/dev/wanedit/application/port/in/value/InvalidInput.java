package dev.wanedit.application.port.in.value;

/**
 * The user's input breaks a rule that is not an edit request's (those are
 * {@link dev.wanedit.domain.request.InvalidEditRequest}): a manifest that cannot be read or parsed, an id
 * that is not a job id, a setting out of range. The message names the file, field and rule. An
 * {@link IllegalArgumentException} is never this: it is a defect in wanedit.
 */
public class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInput(String message) {
        super(message);
    }

    public InvalidInput(String message, Throwable cause) {
        super(message, cause);
    }
}
