package dev.wanedit.adapter.storage.jobs;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.JobRepository;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Guice module: binds {@link JobRepository} to the SQLite journal in the given file (bootstrap
 * passes {@code $WANEDIT_HOME/journal.db}). Needs a {@link Clock} binding. No I/O happens here:
 * the file is created and migrated on first use.
 */
public final class JobJournalModule extends AbstractModule {

    private final Path journalFile;

    public JobJournalModule(Path journalFile) {
        this.journalFile = journalFile;
    }

    @Provides
    @Singleton
    JobRepository jobRepository(Clock clock) {
        return new SqliteJobRepository(journalFile, clock);
    }
}
