package dev.wanedit.adapter.storage.jobs;

import com.google.inject.AbstractModule;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.application.port.out.TaskHistory;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Guice module: binds {@link JobRepository}, {@link JobLeases}, {@link SharedLimits} and {@link TaskHistory} to one
 * journal (and {@link JobJournal} itself). Bootstrap creates the journal with {@link JobJournals},
 * passes it here and closes it when the command ends; no I/O happens here.
 */
public final class JobJournalModule extends AbstractModule {

    private final JobJournal journal;

    public JobJournalModule(JobJournal journal) {
        this.journal = journal;
    }

    /**
     * For tools with no owner to close the journal: the SQLite journal in {@code journalFile} on the
     * system clock. Its leases expire by themselves after the default lease time once the process ends.
     */
    public JobJournalModule(Path journalFile) {
        this(JobJournals.sqlite(journalFile, Clock.systemUTC()));
    }

    @Override
    protected void configure() {
        bind(JobJournal.class).toInstance(journal);
        bind(JobRepository.class).toInstance(journal);
        bind(JobLeases.class).toInstance(journal);
        bind(SharedLimits.class).toInstance(journal);
        bind(TaskHistory.class).toInstance(journal);
    }
}
