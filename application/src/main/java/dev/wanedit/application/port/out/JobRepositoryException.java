package dev.wanedit.application.port.out;

/**
 * The journal cannot be used (locked past its busy timeout, disk full, corrupt, written by a newer
 * wanedit). Adapters throw a subclass that names the file and carries no driver types.
 */
public class JobRepositoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobRepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
