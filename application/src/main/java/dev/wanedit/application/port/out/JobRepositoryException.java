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

    /**
     * The journal is there but cannot be read back: a damaged file, one written by a newer wanedit,
     * or a job row that breaks its state's rules. Nothing is written to it; the message names the
     * journal and how to go on.
     */
    public static class Damaged extends JobRepositoryException {

        private static final long serialVersionUID = 1L;

        public Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
