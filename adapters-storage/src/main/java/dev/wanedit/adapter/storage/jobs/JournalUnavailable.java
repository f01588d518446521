package dev.wanedit.adapter.storage.jobs;

/**
 * The journal's database server cannot be reached (refused, timed out, shut down, unknown host):
 * the message names host, port and database, never a password. A command that needs the journal
 * stops before any billable call.
 */
public class JournalUnavailable extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
