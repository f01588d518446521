package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;

import dev.wanedit.application.fakes.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The shared-journal contract on one SQLite file; the processes share a manual clock (one machine, one clock). */
class SqliteJobJournalContractTest extends JobJournalContract {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0.plusSeconds(3600));

    @Override
    protected JobJournal newProcess(LeaseSettings leases, OwnerIdentity identity) {
        return TestJournals.sqlite(dir.resolve("journal.db"), clock, leases, identity);
    }

    @Override
    protected void elapse(Duration d) {
        clock.advance(d);
    }
}
