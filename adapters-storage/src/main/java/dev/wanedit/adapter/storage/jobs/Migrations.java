package dev.wanedit.adapter.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The journal schema as an ordered list of migrations, and the runner both journals use. A
 * migration is never edited once released; a change is a new migration at the end.
 * {@code schema_migrations} records what was applied, so every wanedit version knows where a
 * journal stands, and a journal written by a newer wanedit is refused instead of misread. This
 * class holds the SQLite file's migrations; {@link PostgresSchema} holds PostgreSQL's.
 */
final class Migrations {

    record Migration(int version, String description, List<String> statements) {
    }

    /** What a journal does first in the migration transaction, so that two processes never migrate at once. */
    interface Lock {
        void take(Connection c) throws SQLException;
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "jobs table with the queried fields as columns and the rest as JSON", List.of(
                    "CREATE TABLE jobs ("
                            + " id TEXT PRIMARY KEY NOT NULL,"
                            + " version INTEGER NOT NULL,"
                            + " state TEXT NOT NULL,"
                            + " fingerprint TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL," // epoch nanoseconds, UTC
                            + " updated_at INTEGER NOT NULL,"
                            + " batch_id TEXT,"
                            + " line_key TEXT,"
                            + " task_id TEXT,"
                            + " task_region TEXT,"
                            + " task_endpoint TEXT,"
                            + " submitting_since INTEGER,"
                            + " remote_submit_time INTEGER,"
                            + " remote_end_time INTEGER,"
                            + " request_json TEXT NOT NULL,"
                            + " results_json TEXT NOT NULL,"
                            + " usage_json TEXT,"
                            + " failure_kind TEXT,"
                            + " failure_code TEXT,"
                            + " failure_message TEXT)",
                    "CREATE INDEX jobs_by_state ON jobs(state, created_at)",
                    "CREATE INDEX jobs_by_fingerprint ON jobs(fingerprint, created_at)",
                    "CREATE INDEX jobs_by_created ON jobs(created_at)",
                    "CREATE INDEX jobs_by_batch_line ON jobs(batch_id, line_key, created_at)",
                    "CREATE INDEX jobs_by_task ON jobs(task_id)")),
            new Migration(2, "a readable view for people who open the journal with the sqlite3 shell", List.of(
                    "CREATE VIEW jobs_readable AS SELECT id, state, version,"
                            + " strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000000000.0, 'unixepoch') AS created,"
                            + " strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000000000.0, 'unixepoch') AS updated,"
                            + " task_id, task_region, batch_id, line_key, failure_code, failure_message,"
                            + " json_extract(request_json, '$.model') AS model,"
                            + " json_extract(request_json, '$.prompt') AS prompt"
                            + " FROM jobs")),
            new Migration(3, "where a job's results are to be stored, so resume stores them there", List.of(
                    "ALTER TABLE jobs ADD COLUMN destination TEXT")),
            new Migration(4, "whether a job's create call was synchronous (not in the task list, never reconciled)", List.of(
                    "ALTER TABLE jobs ADD COLUMN synchronous_call INTEGER NOT NULL DEFAULT 0")),
            new Migration(5, "where each job is to be sent, and its money notes (a create of unknown outcome, adoptions, "
                    + "re-sends, UNKNOWN answers, storage problems)", List.of(
                    "ALTER TABLE jobs ADD COLUMN endpoint TEXT",
                    "ALTER TABLE jobs ADD COLUMN notes_json TEXT",
                    // A job with a task was sent where its task lives.
                    "UPDATE jobs SET endpoint = task_endpoint WHERE task_id IS NOT NULL",
                    // An older wanedit did not record where an unsent job was meant to go (it may have been an
                    // emulator or a proxy): such a job is sent nowhere until someone says where (resume --retarget).
                    "UPDATE jobs SET endpoint = 'unknown' WHERE task_id IS NULL AND state IN ('CREATED', 'SUBMITTING')")),
            new Migration(6, "job leases: the processes that work on the journal (owners, with a heartbeat) and the owner of "
                    + "each job's lease", List.of(
                    // Times on the journal's timeline in epoch microseconds (wanedit_now_us()).
                    "CREATE TABLE lease_owners ("
                            + " id TEXT PRIMARY KEY NOT NULL,"
                            + " host TEXT NOT NULL,"
                            + " scope TEXT NOT NULL," // boot id and pid namespace: where the pid means something
                            + " pid INTEGER NOT NULL,"
                            + " process_start INTEGER," // epoch milliseconds, to tell a reused pid
                            + " started_at INTEGER NOT NULL,"
                            + " heartbeat_at INTEGER NOT NULL,"
                            + " lease_us INTEGER NOT NULL,"
                            + " expires_at INTEGER NOT NULL)",
                    "CREATE INDEX lease_owners_by_scope ON lease_owners(scope, expires_at)",
                    "ALTER TABLE jobs ADD COLUMN lease_owner TEXT",
                    "CREATE INDEX jobs_by_lease_owner ON jobs(lease_owner)")),
            new Migration(7, "the account's limits shared by every process: rate buckets (pauses, granted permits) and "
                    + "concurrency slots", List.of(
                    "CREATE TABLE limit_buckets (bucket TEXT PRIMARY KEY NOT NULL, paused_until INTEGER NOT NULL)",
                    "CREATE TABLE limit_grants (bucket TEXT NOT NULL, at INTEGER NOT NULL)",
                    "CREATE INDEX limit_grants_by_bucket ON limit_grants(bucket, at)",
                    "CREATE TABLE limit_slots (job TEXT PRIMARY KEY NOT NULL, bucket TEXT NOT NULL, expires_at INTEGER NOT NULL)",
                    "CREATE INDEX limit_slots_by_bucket ON limit_slots(bucket, expires_at)")),
            new Migration(8, "when each task started running (the service's scheduled_time), for the poll schedule learned from "
                    + "past tasks", List.of(
                    "ALTER TABLE jobs ADD COLUMN remote_scheduled_time INTEGER",
                    "CREATE INDEX jobs_by_end ON jobs(remote_end_time)")));

    private Migrations() {
    }

    static int latest() {
        return latest(ALL);
    }

    static int latest(List<Migration> all) {
        return all.get(all.size() - 1).version();
    }

    /** Applies the missing SQLite migrations in one transaction; the caller's connection is in IMMEDIATE mode. */
    static void migrate(Connection c, String file, Instant now) throws SQLException {
        migrate(c, ALL, "the journal " + file, now, x -> { });
    }

    /**
     * Applies the missing migrations of {@code all} in one transaction, after taking {@code lock}.
     *
     * @param where the journal, for messages ("the journal /path", "the PostgreSQL journal host:port/db")
     */
    static void migrate(Connection c, List<Migration> all, String where, Instant now, Lock lock) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            lock.take(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + " version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            int current = current(c);
            if (current > latest(all)) {
                throw new JournalDamaged(where + " has schema version " + current + ", newer than this wanedit knows ("
                        + latest(all) + "): a newer wanedit wrote it (upgrade wanedit), or it is damaged; wanedit leaves it "
                        + "untouched", null);
            }
            for (Migration m : all) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.setString(3, now.toString());
                    p.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
