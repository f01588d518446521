package dev.wanedit.adapter.storage.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Public factory for the journals, for bootstrap and tools: SQLite (one file, every process of one
 * machine) or PostgreSQL (many machines). Nothing is opened until first use or {@link JobJournal#open()};
 * the caller owns the journal and closes it.
 */
public final class JobJournals {

    /** The journal's file name inside the wanedit home folder ({@code ~/.wanedit/journal.db} by default). */
    public static final String DEFAULT_FILE_NAME = "journal.db";

    /** How long a process's leases live without a heartbeat, unless configured ({@code WANEDIT_LEASE_SECONDS}). */
    public static final Duration DEFAULT_LEASE = LeaseSettings.DEFAULT_LEASE;

    private JobJournals() {
    }

    /**
     * The journal in {@code file}; the file and its folder are created and migrated on first use.
     * Several instances and several processes may share one file.
     */
    public static JobJournal sqlite(Path file, Clock clock) {
        return sqlite(file, clock, DEFAULT_LEASE);
    }

    /** As {@link #sqlite(Path, Clock)}, with leases that live {@code lease} without a heartbeat (renewed every third of it). */
    public static JobJournal sqlite(Path file, Clock clock, Duration lease) {
        return new SqliteJournal(file, clock, LeaseSettings.of(lease), OwnerIdentity.current());
    }

    /**
     * The journal in {@code file} for a process that only reads jobs ({@code jobs}, {@code report}):
     * a file that does not exist or is empty is neither created nor written (the process reads an
     * empty journal), and a damaged one is refused ({@link JournalDamaged}) like everywhere.
     */
    public static JobJournal sqliteForReading(Path file, Clock clock, Duration lease) {
        return new SqliteJournal(file, clock, LeaseSettings.of(lease), OwnerIdentity.current(), true);
    }

    /** Like {@link #sqlite(Path, Clock)}, but creates and migrates the file now, so a bad path fails at start-up. */
    public static JobJournal openSqlite(Path file, Clock clock) {
        JobJournal j = sqlite(file, clock);
        j.open();
        return j;
    }

    /**
     * The journal on a PostgreSQL server; connects and migrates on first use (or {@link JobJournal#open()}).
     * Lease and limit times are the server's, so machines whose clocks disagree share one timeline;
     * {@code clock} only stamps migrations.
     */
    public static JobJournal postgres(PostgresTarget target, PostgresCredentials credentials, Clock clock, Duration lease) {
        return new PostgresJournal(target, credentials, clock, LeaseSettings.of(lease), OwnerIdentity.current());
    }
}
