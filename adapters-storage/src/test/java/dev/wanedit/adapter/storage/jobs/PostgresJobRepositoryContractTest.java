package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.adapter.storage.testing.PostgresTestServer;
import dev.wanedit.application.port.out.JobRepository;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the PostgreSQL journal: one database for the class, emptied before each test. */
class PostgresJobRepositoryContractTest extends JobRepositoryContract {

    private static PostgresTestServer.Database db;

    @BeforeAll
    static void database() {
        db = TestJournals.migratedPostgres();
    }

    @Override
    protected JobRepository newRepository() {
        TestJournals.empty(db);
        return TestJournals.postgres(db);
    }
}
