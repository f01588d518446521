package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.InvalidSnapshot;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteTaskRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The one mapping between an {@link EditJob} and a row of the {@code jobs} table, shared by the
 * SQLite and the PostgreSQL journal (the tables have the same columns: text, 64-bit integers for
 * times in epoch nanoseconds, JSON as text through {@link JobJson}).
 */
final class JobRows {

    /** What a job is given once, at insert. */
    static final List<String> FIXED = List.of("id", "fingerprint", "created_at", "batch_id", "line_key", "request_json",
            "destination");
    /** What changes as the job moves: the only columns an update writes (the request may hold megabytes of inline images). */
    static final List<String> CHANGING = List.of("version", "state", "updated_at", "task_id", "task_region",
            "task_endpoint", "submitting_since", "remote_submit_time", "remote_end_time", "results_json", "usage_json",
            "failure_kind", "failure_code", "failure_message", "synchronous_call", "endpoint", "notes_json");
    /** Every job column, in binding order. */
    static final String COLUMNS = columns("");
    /** Inserts a job and gives it a lease owner (null: none) in the same statement. */
    static final String INSERT = "INSERT INTO jobs (" + COLUMNS + ", lease_owner) VALUES ("
            + String.join(", ", Collections.nCopies(FIXED.size() + CHANGING.size() + 1, "?")) + ")";
    static final String UPDATE = "UPDATE jobs SET " + String.join(" = ?, ", CHANGING) + " = ? WHERE id = ? AND version = ?";

    private JobRows() {
    }

    /** Every job column, each prefixed (a table alias such as {@code "j."}). */
    static String columns(String prefix) {
        return java.util.stream.Stream.concat(FIXED.stream(), CHANGING.stream()).map(c -> prefix + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Binds {@link #INSERT} for a new job at version 1, leased to {@code leaseOwner} (may be null). */
    static void bindInsert(PreparedStatement p, EditJob j, String leaseOwner) throws SQLException {
        bindFixed(p, j);
        int next = bindChanging(p, j, 1, FIXED.size() + 1);
        p.setString(next, leaseOwner);
    }

    /** Binds {@link #UPDATE}: the changing columns at {@code version + 1}, where the row is at {@code version}. */
    static void bindUpdate(PreparedStatement p, EditJob j, long version) throws SQLException {
        int where = bindChanging(p, j, version + 1, 1);
        p.setString(where, j.id().value());
        p.setLong(where + 1, version);
    }

    private static void bindFixed(PreparedStatement p, EditJob j) throws SQLException {
        p.setString(1, j.id().value());
        p.setString(2, j.fingerprint());
        p.setLong(3, nanos(j.createdAt()));
        setString(p, 4, j.batch().map(BatchRef::batchId));
        setString(p, 5, j.batch().map(BatchRef::lineKey));
        p.setString(6, JobJson.request(j.request()));
        setString(p, 7, j.destination());
    }

    /** Binds {@link #CHANGING} from parameter {@code at} on; returns the next free parameter index. */
    private static int bindChanging(PreparedStatement p, EditJob j, long version, int at) throws SQLException {
        p.setLong(at, version);
        p.setString(at + 1, j.state().name());
        p.setLong(at + 2, nanos(j.updatedAt()));
        setString(p, at + 3, j.task().map(RemoteTaskRef::taskId));
        setString(p, at + 4, j.task().map(t -> t.region().id()));
        setString(p, at + 5, j.task().flatMap(RemoteTaskRef::endpoint));
        setTime(p, at + 6, j.submittingSince());
        setTime(p, at + 7, j.remoteSubmitTime());
        setTime(p, at + 8, j.remoteEndTime());
        p.setString(at + 9, JobJson.results(j.results()));
        setString(p, at + 10, j.usage().map(JobJson::usage));
        setString(p, at + 11, j.failure().map(f -> f.kind().name()));
        setString(p, at + 12, j.failure().map(JobFailure::code));
        setString(p, at + 13, j.failure().map(JobFailure::message));
        p.setInt(at + 14, j.isSynchronousCall() ? 1 : 0);
        setString(p, at + 15, j.endpoint());
        setString(p, at + 16, Optional.ofNullable(JobJson.notes(j)));
        return at + 17;
    }

    /**
     * A row that cannot be read back as a job: a value that does not parse, or a job that breaks its
     * state's rules ({@link InvalidSnapshot}). The journal reports it as damaged.
     */
    static final class UnreadableRow extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnreadableRow(String id, RuntimeException cause) {
            super("job " + id + " cannot be read back: " + (cause instanceof InvalidSnapshot s ? s.field() + ": " + s.rule()
                    : cause.getMessage()), cause);
        }
    }

    /**
     * The job of the current row of a result set that selected {@link #COLUMNS}.
     *
     * @throws UnreadableRow when the row does not make a job
     */
    static EditJob read(ResultSet r) throws SQLException {
        String rowId = r.getString("id");
        try {
            JobId id = new JobId(rowId);
            Optional<BatchRef> batch = Optional.ofNullable(r.getString("batch_id"))
                    .map(b -> new BatchRef(b, uncheckedString(r, "line_key")));
            Optional<RemoteTaskRef> task = Optional.ofNullable(r.getString("task_id"))
                    .map(t -> new RemoteTaskRef(t, Region.parse(uncheckedString(r, "task_region")),
                            Optional.ofNullable(uncheckedString(r, "task_endpoint"))));
            Optional<JobFailure> failure = Optional.ofNullable(r.getString("failure_kind"))
                    .map(k -> new JobFailure(JobFailure.Kind.valueOf(k), uncheckedString(r, "failure_code"),
                            uncheckedString(r, "failure_message")));
            JobJson.Notes notes = JobJson.notes(r.getString("notes_json"));
            return EditJob.restore(EditJob.Snapshot.builder().id(id).request(JobJson.request(r.getString("request_json")))
                    .fingerprint(r.getString("fingerprint")).createdAt(instant(r.getLong("created_at"))).batch(batch)
                    .destination(Optional.ofNullable(r.getString("destination")))
                    .endpoint(Optional.ofNullable(r.getString("endpoint"))).state(JobState.valueOf(r.getString("state")))
                    .task(task).submittingSince(time(r, "submitting_since")).synchronousCall(r.getInt("synchronous_call") != 0)
                    .doubt(notes.doubt()).remoteSubmitTime(time(r, "remote_submit_time"))
                    .remoteEndTime(time(r, "remote_end_time")).results(JobJson.results(r.getString("results_json")))
                    .usage(Optional.ofNullable(r.getString("usage_json")).map(JobJson::usage)).failure(failure)
                    .history(notes.history()).unknownSince(notes.unknownSince()).problem(notes.problem())
                    .updatedAt(instant(r.getLong("updated_at"))).version(r.getLong("version")).build());
        } catch (JournalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnreadableRow(rowId, e);
        }
    }

    private static String uncheckedString(ResultSet r, String column) {
        try {
            return r.getString(column);
        } catch (SQLException e) {
            throw new JournalException("cannot read column " + column + ": " + e.getMessage(), e);
        }
    }

    private static void setString(PreparedStatement p, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            p.setString(i, v.get());
        } else {
            p.setNull(i, Types.VARCHAR);
        }
    }

    private static void setTime(PreparedStatement p, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, nanos(v.get()));
        } else {
            p.setNull(i, Types.BIGINT);
        }
    }

    private static Optional<Instant> time(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(instant(v));
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
