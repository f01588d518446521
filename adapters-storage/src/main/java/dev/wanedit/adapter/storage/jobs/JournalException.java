package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepositoryException;

/**
 * The journal file cannot be used (locked for longer than the busy timeout, disk full, corrupt,
 * written by a newer wanedit): the port's {@link JobRepositoryException}, naming the file and
 * carrying no JDBC type.
 */
public class JournalException extends JobRepositoryException {

    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
