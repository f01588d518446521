package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepositoryException;

/**
 * The journal is there but is not a readable journal (not a SQLite database, a damaged one, or a
 * job row that breaks its state's rules). wanedit never writes to it: the message names the file
 * and how to go on (move it aside and rebuild the journal from the stored results). The port's
 * {@link JobRepositoryException.Damaged}, so that every command reports it the same way.
 */
public class JournalDamaged extends JobRepositoryException.Damaged {

    private static final long serialVersionUID = 1L;

    public JournalDamaged(String message, Throwable cause) {
        super(message, cause);
    }
}
