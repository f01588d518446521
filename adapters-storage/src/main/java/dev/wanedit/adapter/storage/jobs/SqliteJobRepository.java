package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.BatchRef;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobFailure;
import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.Region;
import dev.wanedit.domain.RemoteTaskRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Adapter: the job journal in one SQLite file through plain JDBC.
 *
 * <ul>
 *   <li>WAL, so readers never block the writer and a crash at any point leaves the last committed
 *       state.</li>
 *   <li>{@code synchronous=FULL}: every commit is fsynced before the method returns. NORMAL would
 *       be safe against corruption in WAL mode but may forget the last commits on power loss, and
 *       the journal exists exactly to remember a task id that was just paid for; one fsync per
 *       transition is cheap next to a remote call.</li>
 *   <li>Every write is one {@code BEGIN IMMEDIATE} transaction (the write lock is taken up front,
 *       so two processes never deadlock upgrading a read lock) and waits up to the busy timeout
 *       for another process's transaction.</li>
 *   <li>Optimistic locking: {@code UPDATE ... WHERE id = ? AND version = ?}; zero rows means
 *       another writer won and {@link ConcurrentJobUpdate} is thrown.</li>
 *   <li>One connection per process, opened on first use and shared by its threads (each call holds
 *       the object's lock); it is reopened after an error. An update writes only the columns that change.</li>
 * </ul>
 * The schema is created and migrated on first use, not in the constructor, so wiring does no I/O.
 */
final class SqliteJobRepository implements JobRepository {

    /** The open connection, guarded by {@code this}; null until first use or after an error. */
    private Connection shared;

    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    /** What a job is given once, at insert. */
    private static final List<String> FIXED = List.of("id", "fingerprint", "created_at", "batch_id", "line_key", "request_json",
            "destination");
    /** What changes as the job moves: the only columns an update writes (the request may hold megabytes of inline images). */
    private static final List<String> CHANGING = List.of("version", "state", "updated_at", "task_id", "task_region",
            "task_endpoint", "submitting_since", "remote_submit_time", "remote_end_time", "results_json", "usage_json",
            "failure_kind", "failure_code", "failure_message", "synchronous_call", "endpoint", "notes_json");
    private static final String COLUMNS = String.join(", ", FIXED) + ", " + String.join(", ", CHANGING);
    private static final String INSERT = "INSERT INTO jobs (" + COLUMNS + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(FIXED.size() + CHANGING.size(), "?")) + ")";
    private static final String UPDATE = "UPDATE jobs SET " + String.join(" = ?, ", CHANGING) + " = ? WHERE id = ? AND version = ?";

    private final Path file;
    private final Clock clock;
    private final String url;
    private volatile boolean migrated;

    SqliteJobRepository(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
        this.url = "jdbc:sqlite:" + this.file;
    }

    Path file() {
        return file;
    }

    @Override
    public void insert(EditJob job) {
        write("insert job " + job.id(), c -> {
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
                bindFixed(p, job);
                bindChanging(p, job, 1, FIXED.size() + 1);
                p.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                    throw new IllegalStateException("job " + job.id() + " already exists", e);
                }
                throw e;
            }
        });
        job.persisted(1);
    }

    @Override
    public void update(EditJob job) {
        long expected = job.version();
        long next = expected + 1;
        write("update job " + job.id(), c -> {
            int rows;
            try (PreparedStatement p = c.prepareStatement(UPDATE)) {
                int where = bindChanging(p, job, next, 1);
                p.setString(where, job.id().value());
                p.setLong(where + 1, expected);
                rows = p.executeUpdate();
            }
            if (rows == 0) {
                try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ?")) {
                    p.setString(1, job.id().value());
                    try (ResultSet r = p.executeQuery()) {
                        if (!r.next()) {
                            throw new IllegalStateException("job " + job.id() + " was never inserted");
                        }
                    }
                }
                throw new ConcurrentJobUpdate(job.id(), expected);
            }
        });
        job.persisted(next);
    }

    @Override
    public Optional<EditJob> find(JobId id) {
        return first("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id.value());
    }

    @Override
    public Optional<EditJob> findUnfinishedByFingerprint(String fingerprint) {
        List<Object> args = new ArrayList<>();
        args.add(fingerprint);
        JobState.unfinished().forEach(s -> args.add(s.name()));
        return first("SELECT " + COLUMNS + " FROM jobs WHERE fingerprint = ? AND state IN ("
                + placeholders(JobState.unfinished().size()) + ") ORDER BY created_at DESC, id DESC LIMIT 1", args.toArray());
    }

    @Override
    public Optional<EditJob> findByBatchLine(String batchId, String lineKey) {
        return first("SELECT " + COLUMNS + " FROM jobs WHERE batch_id = ? AND line_key = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", batchId, lineKey);
    }

    @Override
    public Optional<EditJob> findByTaskId(String taskId) {
        return first("SELECT " + COLUMNS + " FROM jobs WHERE task_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", taskId);
    }

    @Override
    public List<EditJob> list(JobQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.states().isEmpty()) {
            sql.append(" AND state IN (").append(placeholders(q.states().size())).append(')');
            q.states().stream().map(Enum::name).sorted().forEach(args::add);
        }
        q.createdSince().ifPresent(t -> {
            sql.append(" AND created_at >= ?");
            args.add(nanos(t));
        });
        q.batchId().ifPresent(b -> {
            sql.append(" AND batch_id = ?");
            args.add(b);
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add((long) q.limit());
        return query(sql.toString(), args.toArray());
    }

    // ---- JDBC plumbing ----

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void write(String what, Work work) {
        try {
            withConnection(c -> {
                c.setAutoCommit(false); // BEGIN IMMEDIATE (transaction_mode)
                try {
                    work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new JournalException("cannot " + what + " in the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private Optional<EditJob> first(String sql, Object... args) {
        return query(sql, args).stream().findFirst();
    }

    private List<EditJob> query(String sql, Object... args) {
        try {
            return withConnection(c -> {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    for (int i = 0; i < args.length; i++) {
                        p.setObject(i + 1, args[i]);
                    }
                    List<EditJob> out = new ArrayList<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(row(r));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs on the one connection this repository keeps open (opening a connection per call cost
     * more than the statements themselves). Calls are serialized here; other processes are
     * serialized by SQLite's locks and the busy timeout. After an error the connection is dropped
     * and the next call opens a fresh one.
     */
    private synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        if (shared == null) {
            shared = connect();
        }
        try {
            return work.run(shared);
        } catch (SQLException | RuntimeException e) {
            try {
                shared.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            shared = null;
            throw e;
        }
    }

    private Connection connect() throws SQLException {
        if (!migrated) {
            migrateOnce();
        }
        return open();
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
        p.setProperty("transaction_mode", "IMMEDIATE");
        p.setProperty("foreign_keys", "true");
        return DriverManager.getConnection(url, p);
    }

    private synchronized void migrateOnce() throws SQLException {
        if (migrated) {
            return;
        }
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new JournalException("cannot create the folder of the journal " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = open()) {
            Migrations.migrate(c, file.toString(), clock.instant());
        }
        migrated = true;
    }

    /** Applies pending migrations now (bootstrap may call this to fail fast); otherwise the first call does it. */
    void migrate() {
        try {
            connect().close();
        } catch (SQLException e) {
            throw new JournalException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- mapping ----

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

    private static EditJob row(ResultSet r) throws SQLException {
        JobId id = new JobId(r.getString("id"));
        Optional<BatchRef> batch = Optional.ofNullable(r.getString("batch_id"))
                .map(b -> new BatchRef(b, uncheckedString(r, "line_key")));
        Optional<RemoteTaskRef> task = Optional.ofNullable(r.getString("task_id"))
                .map(t -> new RemoteTaskRef(t, Region.parse(uncheckedString(r, "task_region")),
                        Optional.ofNullable(uncheckedString(r, "task_endpoint"))));
        Optional<JobFailure> failure = Optional.ofNullable(r.getString("failure_kind"))
                .map(k -> new JobFailure(JobFailure.Kind.valueOf(k), uncheckedString(r, "failure_code"),
                        uncheckedString(r, "failure_message")));
        try {
            JobJson.Notes notes = JobJson.notes(r.getString("notes_json"));
            return EditJob.restore(new EditJob.Snapshot(id, JobJson.request(r.getString("request_json")),
                    r.getString("fingerprint"), instant(r.getLong("created_at")), batch,
                    Optional.ofNullable(r.getString("destination")), Optional.ofNullable(r.getString("endpoint")),
                    JobState.valueOf(r.getString("state")), task, time(r, "submitting_since"),
                    r.getInt("synchronous_call") != 0, notes.doubt(), time(r, "remote_submit_time"),
                    time(r, "remote_end_time"), JobJson.results(r.getString("results_json")),
                    Optional.ofNullable(r.getString("usage_json")).map(JobJson::usage), failure, notes.history(),
                    notes.unknownSince(), notes.problem(), instant(r.getLong("updated_at")), r.getLong("version")));
        } catch (RuntimeException e) {
            throw new JournalException("job " + id + " in the journal cannot be read back: " + e.getMessage(), e);
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
            p.setNull(i, Types.INTEGER);
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

    private static String placeholders(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
