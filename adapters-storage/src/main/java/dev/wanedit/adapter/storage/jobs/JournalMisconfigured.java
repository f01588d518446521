package dev.wanedit.adapter.storage.jobs;

/**
 * The journal's database answers but refuses this configuration (wrong password, unknown user or
 * database, no permission): a setting to fix, named in the message without any password.
 */
public class JournalMisconfigured extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalMisconfigured(String message, Throwable cause) {
        super(message, cause);
    }
}
