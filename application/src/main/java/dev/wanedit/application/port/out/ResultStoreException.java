package dev.wanedit.application.port.out;

/** A result could not be stored (disk full, permission, bucket error). Nothing partial is left under a final name. */
public class ResultStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ResultStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
