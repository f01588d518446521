package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.adapter.storage.testing.PostgresTestServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared-journal contract on PostgreSQL. Its timeline is the server's clock, which a test
 * cannot move; time "passes" by moving every stored lease and limit time back instead, which is
 * the same to the journal.
 */
class PostgresJobJournalContractTest extends JobJournalContract {

    private static PostgresTestServer.Database db;

    @BeforeAll
    static void database() {
        db = TestJournals.migratedPostgres();
    }

    @BeforeEach
    void empty() {
        TestJournals.empty(db);
    }

    @Override
    protected JobJournal newProcess(LeaseSettings leases, OwnerIdentity identity) {
        return TestJournals.postgres(db, leases, identity);
    }

    @Override
    protected void elapse(Duration d) {
        long us = d.toNanos() / 1000;
        db.execute("UPDATE lease_owners SET expires_at = expires_at - " + us + ", heartbeat_at = heartbeat_at - " + us
                        + ", started_at = started_at - " + us,
                "UPDATE limit_slots SET expires_at = expires_at - " + us,
                "UPDATE limit_grants SET at = at - " + us,
                "UPDATE limit_buckets SET paused_until = paused_until - " + us + " WHERE paused_until > 0");
    }
}
