package dev.wanedit.adapter.storage.jobs;

/**
 * The journal's file is there but is not a readable journal (not a SQLite database, or a damaged
 * one). wanedit never writes to it: the message names the file and how to go on (move it aside and
 * rebuild the journal from the stored results).
 */
public class JournalDamaged extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalDamaged(String message, Throwable cause) {
        super(message, cause);
    }
}
