package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepository;
import java.nio.file.Path;
import java.time.Clock;

/** Public factory for the SQLite journal, for bootstrap code and tools that do not go through Guice. */
public final class JobJournals {

    /** The journal's file name inside the wanedit home folder ({@code ~/.wanedit/journal.db} by default). */
    public static final String DEFAULT_FILE_NAME = "journal.db";

    private JobJournals() {
    }

    /**
     * The journal in {@code file}; the file and its folder are created and migrated on first use.
     * Several instances and several processes may share one file.
     */
    public static JobRepository sqlite(Path file, Clock clock) {
        return new SqliteJobRepository(file, clock);
    }

    /** Like {@link #sqlite(Path, Clock)}, but creates and migrates the file now, so a bad path fails at start-up. */
    public static JobRepository openSqlite(Path file, Clock clock) {
        SqliteJobRepository r = new SqliteJobRepository(file, clock);
        r.migrate();
        return r;
    }
}
