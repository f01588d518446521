package dev.wanedit.adapter.storage.jobs;

import java.util.List;

/**
 * The PostgreSQL journal's schema, as ordered migrations run by {@link Migrations} under an
 * advisory lock (several processes may start at once). The {@code jobs} table has the SQLite
 * journal's columns and types (text, 64-bit integers for times in epoch nanoseconds), so that one
 * mapping ({@link JobRows}) serves both. Lease and limit times are on the server's clock, in epoch
 * microseconds ({@code wanedit_now_us()}), so that machines whose clocks disagree share one timeline.
 * The two limit functions make a permit or a slot one round trip and one short transaction.
 */
final class PostgresSchema {

    /** The advisory lock key of migrations ("wanedit" in ASCII). */
    static final long MIGRATION_LOCK = 0x77616e65646974L;

    static final List<Migrations.Migration> ALL = List.of(
            new Migrations.Migration(1, "jobs table (the SQLite journal's columns after its migration 5)", List.of(
                    "CREATE TABLE jobs ("
                            + " id TEXT PRIMARY KEY NOT NULL,"
                            + " version BIGINT NOT NULL,"
                            + " state TEXT NOT NULL,"
                            + " fingerprint TEXT NOT NULL,"
                            + " created_at BIGINT NOT NULL," // epoch nanoseconds, UTC
                            + " updated_at BIGINT NOT NULL,"
                            + " batch_id TEXT,"
                            + " line_key TEXT,"
                            + " task_id TEXT,"
                            + " task_region TEXT,"
                            + " task_endpoint TEXT,"
                            + " submitting_since BIGINT,"
                            + " remote_submit_time BIGINT,"
                            + " remote_end_time BIGINT,"
                            + " request_json TEXT NOT NULL,"
                            + " results_json TEXT NOT NULL,"
                            + " usage_json TEXT,"
                            + " failure_kind TEXT,"
                            + " failure_code TEXT,"
                            + " failure_message TEXT,"
                            + " destination TEXT,"
                            + " synchronous_call INTEGER NOT NULL DEFAULT 0,"
                            + " endpoint TEXT,"
                            + " notes_json TEXT)",
                    "CREATE INDEX jobs_by_state ON jobs(state, created_at)",
                    "CREATE INDEX jobs_by_fingerprint ON jobs(fingerprint, created_at)",
                    "CREATE INDEX jobs_by_created ON jobs(created_at)",
                    "CREATE INDEX jobs_by_batch_line ON jobs(batch_id, line_key, created_at)",
                    "CREATE INDEX jobs_by_task ON jobs(task_id)",
                    "CREATE VIEW jobs_readable AS SELECT id, state, version,"
                            + " to_timestamp(created_at / 1e9) AS created, to_timestamp(updated_at / 1e9) AS updated,"
                            + " task_id, task_region, batch_id, line_key, failure_code, failure_message,"
                            + " request_json::json ->> 'model' AS model, request_json::json ->> 'prompt' AS prompt FROM jobs")),
            new Migrations.Migration(2, "job leases: the processes that work on the journal (owners, with a heartbeat) and the "
                    + "owner of each job's lease", List.of(
                    "CREATE FUNCTION wanedit_now_us() RETURNS BIGINT LANGUAGE sql VOLATILE AS"
                            + " $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT $$",
                    "CREATE TABLE lease_owners ("
                            + " id TEXT PRIMARY KEY NOT NULL,"
                            + " host TEXT NOT NULL,"
                            + " scope TEXT NOT NULL,"
                            + " pid BIGINT NOT NULL,"
                            + " process_start BIGINT,"
                            + " started_at BIGINT NOT NULL,"
                            + " heartbeat_at BIGINT NOT NULL,"
                            + " lease_us BIGINT NOT NULL,"
                            + " expires_at BIGINT NOT NULL)",
                    "CREATE INDEX lease_owners_by_scope ON lease_owners(scope, expires_at)",
                    "ALTER TABLE jobs ADD COLUMN lease_owner TEXT",
                    "CREATE INDEX jobs_by_lease_owner ON jobs(lease_owner)")),
            new Migrations.Migration(3, "the account's limits shared by every process: rate buckets, granted permits, "
                    + "concurrency slots, and one function per grant", List.of(
                    "CREATE TABLE limit_buckets (bucket TEXT PRIMARY KEY NOT NULL, paused_until BIGINT NOT NULL)",
                    "CREATE TABLE limit_grants (bucket TEXT NOT NULL, at BIGINT NOT NULL)",
                    "CREATE INDEX limit_grants_by_bucket ON limit_grants(bucket, at)",
                    "CREATE TABLE limit_slots (job TEXT PRIMARY KEY NOT NULL, bucket TEXT NOT NULL, expires_at BIGINT NOT NULL)",
                    "CREATE INDEX limit_slots_by_bucket ON limit_slots(bucket, expires_at)",
                    // The bucket's row is locked first, so that grants of one bucket are computed one at a time; each
                    // statement of a plpgsql function sees what committed before it, so the next grant sees this one.
                    "CREATE FUNCTION wanedit_reserve(p_bucket TEXT, p_permits INT, p_window_us BIGINT, OUT granted_at BIGINT,"
                            + " OUT now_us BIGINT) LANGUAGE plpgsql AS $$\n"
                            + "DECLARE v_pause BIGINT; v_nth BIGINT;\n"
                            + "BEGIN\n"
                            + "  INSERT INTO limit_buckets(bucket, paused_until) VALUES (p_bucket, 0) ON CONFLICT (bucket) DO NOTHING;\n"
                            + "  SELECT paused_until INTO v_pause FROM limit_buckets WHERE bucket = p_bucket FOR UPDATE;\n"
                            + "  now_us := wanedit_now_us();\n"
                            + "  SELECT at INTO v_nth FROM limit_grants WHERE bucket = p_bucket ORDER BY at DESC"
                            + " OFFSET p_permits - 1 LIMIT 1;\n"
                            + "  granted_at := greatest(now_us, v_pause, coalesce(v_nth + p_window_us, now_us));\n"
                            + "  INSERT INTO limit_grants(bucket, at) VALUES (p_bucket, granted_at);\n"
                            + "  IF v_nth IS NOT NULL THEN DELETE FROM limit_grants WHERE bucket = p_bucket AND at < v_nth; END IF;\n"
                            + "END $$",
                    "CREATE FUNCTION wanedit_try_slot(p_bucket TEXT, p_limit INT, p_job TEXT, p_ttl_us BIGINT) RETURNS BOOLEAN"
                            + " LANGUAGE plpgsql AS $$\n"
                            + "DECLARE v_now BIGINT; v_held INT;\n"
                            + "BEGIN\n"
                            + "  INSERT INTO limit_buckets(bucket, paused_until) VALUES (p_bucket, 0) ON CONFLICT (bucket) DO NOTHING;\n"
                            + "  PERFORM 1 FROM limit_buckets WHERE bucket = p_bucket FOR UPDATE;\n"
                            + "  v_now := wanedit_now_us();\n"
                            + "  DELETE FROM limit_slots WHERE bucket = p_bucket AND expires_at <= v_now;\n"
                            + "  UPDATE limit_slots SET expires_at = v_now + p_ttl_us WHERE job = p_job AND bucket = p_bucket;\n"
                            + "  IF FOUND THEN RETURN TRUE; END IF;\n"
                            + "  SELECT count(*) INTO v_held FROM limit_slots WHERE bucket = p_bucket;\n"
                            + "  IF v_held >= p_limit THEN RETURN FALSE; END IF;\n"
                            + "  INSERT INTO limit_slots(job, bucket, expires_at) VALUES (p_job, p_bucket, v_now + p_ttl_us)"
                            + " ON CONFLICT (job) DO UPDATE SET bucket = excluded.bucket, expires_at = excluded.expires_at;\n"
                            + "  RETURN TRUE;\n"
                            + "END $$")),
            new Migrations.Migration(4, "when each task started running (the service's scheduled_time), for the poll schedule "
                    + "learned from past tasks", List.of(
                    "ALTER TABLE jobs ADD COLUMN remote_scheduled_time BIGINT",
                    "CREATE INDEX jobs_by_end ON jobs(remote_end_time)")));

    private PostgresSchema() {
    }
}
