package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepository;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the SQLite journal, a fresh file per test. */
class SqliteJobRepositoryContractTest extends JobRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected JobRepository newRepository() {
        return JobJournals.sqlite(dir.resolve("home/.wanedit/journal.db"), Clock.systemUTC());
    }
}
