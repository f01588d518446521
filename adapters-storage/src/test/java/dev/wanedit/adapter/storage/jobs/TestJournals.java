package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.adapter.storage.testing.PostgresTestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Journals for tests, with the package-private knobs: lease time, heartbeat off, another process's identity. */
final class TestJournals {

    private TestJournals() {
    }

    static PostgresTarget target(PostgresTestServer.Database db) {
        return PostgresTarget.parse(db.url());
    }

    static PostgresCredentials credentials() {
        return PostgresCredentials.of(Optional.of(PostgresTestServer.USER), Optional.empty());
    }

    static JobJournal postgres(PostgresTestServer.Database db) {
        return postgres(db, LeaseSettings.DEFAULT, OwnerIdentity.current());
    }

    static PostgresJournal postgres(PostgresTestServer.Database db, LeaseSettings leases, OwnerIdentity me) {
        return new PostgresJournal(target(db), credentials(), Clock.systemUTC(), leases, me);
    }

    static SqliteJournal sqlite(Path file, Clock clock, LeaseSettings leases, OwnerIdentity me) {
        return new SqliteJournal(file, clock, leases, me);
    }

    /** A lease of {@code lease} with no heartbeat thread: a process that stops renewing plays frozen or killed. */
    static LeaseSettings frozen(Duration lease) {
        return new LeaseSettings(lease, false);
    }

    /**
     * A database of its own on the shared PostgreSQL server with the journal's schema made (one per
     * contract class); skips the calling class, saying why, when there is no server.
     */
    static PostgresTestServer.Database migratedPostgres() {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        try (JobJournal j = postgres(db)) {
            j.open();
        }
        return db;
    }

    /** Empties every table of a test database (its schema stays). */
    static void empty(PostgresTestServer.Database db) {
        db.execute("TRUNCATE jobs, lease_owners, limit_buckets, limit_grants, limit_slots");
    }
}
