package dev.wanedit.adapter.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The journal schema as an ordered list of migrations. A migration is never edited once
 * released; a change is a new migration at the end. {@code schema_migrations} records what was
 * applied, so every wanedit version knows where a journal file stands, and a file written by a
 * newer wanedit is refused instead of misread.
 */
final class Migrations {

    record Migration(int version, String description, List<String> statements) {
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
                    "UPDATE jobs SET endpoint = 'unknown' WHERE task_id IS NULL AND state IN ('CREATED', 'SUBMITTING')")));

    private Migrations() {
    }

    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** Applies the missing migrations in one transaction; the caller's connection is in IMMEDIATE mode. */
    static void migrate(Connection c, String file, Instant now) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + " version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            int current = current(c);
            if (current > latest()) {
                throw new JournalException("the journal " + file + " has schema version " + current
                        + ", newer than this wanedit knows (" + latest() + "); upgrade wanedit", null);
            }
            for (Migration m : ALL) {
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
