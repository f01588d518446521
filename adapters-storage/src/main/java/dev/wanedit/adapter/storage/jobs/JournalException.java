package dev.wanedit.adapter.storage.jobs;

/**
 * The journal file cannot be used (locked for longer than the busy timeout, disk full, corrupt,
 * written by a newer wanedit). The {@code JobRepository} port declares no failure type of its
 * own, so this one crosses it; it carries no JDBC type and names the file.
 */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
