package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.application.port.out.TaskHistory;

/**
 * A job journal that several processes may share: the jobs ({@link JobRepository}), the leases
 * on them ({@link JobLeases}), the account's limits ({@link SharedLimits}) and the history of ended
 * tasks ({@link TaskHistory}) in one database,
 * SQLite for one machine or PostgreSQL for many ({@link JobJournals}). Nothing is opened until
 * first use (or {@link #open()}); whoever creates a journal closes it, which stops its heartbeat
 * and gives its leases back.
 */
public interface JobJournal extends JobRepository, JobLeases, SharedLimits, TaskHistory, AutoCloseable {

    /**
     * Connects and applies pending schema migrations now, so that a bad journal fails at start-up
     * rather than at the first write.
     *
     * @throws JournalUnavailable when the database cannot be reached
     * @throws JournalDamaged when it is there but cannot be read back
     * @throws JournalException when it can be reached but not used
     */
    void open();

    /** Where the journal is, for messages: a file, or a PostgreSQL host, port and database; never a password. */
    String describe();

    /** Stops the heartbeat, releases this process's leases and closes the connections; idempotent. */
    @Override
    void close();
}
