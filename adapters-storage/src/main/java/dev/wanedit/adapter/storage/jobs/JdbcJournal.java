package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the SQLite and the PostgreSQL journal share: the jobs (one row mapping, {@link JobRows}),
 * the leases and the simple half of the limits, in SQL that both dialects speak, with times of
 * leases and limits on the journal's own timeline ({@code wanedit_now_us()}: the process clock for
 * SQLite, whose processes share one machine; the server's clock for PostgreSQL).
 *
 * <p>Two connections per process ({@link Db}): a durable one for jobs and leases, and a fast one
 * for limits and heartbeats, whose rows need not survive a power loss (SQLite
 * {@code synchronous=NORMAL}, PostgreSQL {@code synchronous_commit=off}): a permit must not wait
 * behind a large job write, nor pay for an fsync.
 *
 * <p>Split by reason: the schema is {@link Migrations} (and {@link PostgresSchema}), a row and a job
 * map through {@link JobRows}, the job queries' SQL is {@link JobQueries}, the leases and the
 * heartbeat {@link Leases}, the shared half of the limits {@link Limits}; this class holds the jobs'
 * writes and reads and what the dialect decides.
 */
abstract class JdbcJournal implements JobJournal {

    final LeaseSettings leases;
    final OwnerIdentity me;
    final Db jobs;
    final Db fast;
    private final Leases leaseBook;
    private final Limits limits;
    private final JournalTaskHistory history;

    JdbcJournal(LeaseSettings leases, OwnerIdentity me) {
        this.leases = leases;
        this.me = me;
        Db.Failures failures = new Db.Failures() {
            @Override
            public boolean brokenConnection(SQLException e) {
                return JdbcJournal.this.brokenConnection(e);
            }

            @Override
            public JobRepositoryException translate(String what, SQLException e) {
                return JdbcJournal.this.translate(what, e);
            }

            @Override
            public JournalDamaged damaged(JobRows.UnreadableRow row) {
                return JdbcJournal.this.damaged(row.getMessage(), row);
            }
        };
        this.jobs = new Db(() -> open(true), failures);
        this.fast = new Db(() -> open(false), failures);
        this.leaseBook = new Leases(leases, me, jobs, fast, claimLocking(), this::describe);
        this.limits = new Limits(fast);
        this.history = new JournalTaskHistory(jobs, fast);
    }

    // ---- the dialect ----

    /** A configured connection, the schema migrated first; {@code durable}: jobs and leases, else limits and heartbeats. */
    abstract Connection open(boolean durable) throws SQLException;

    abstract boolean brokenConnection(SQLException e);

    abstract boolean uniqueViolation(SQLException e);

    abstract JobRepositoryException translate(String what, SQLException e);

    /**
     * Makes the check-then-insert of {@link #insertOrReuse} atomic for these request keys among
     * every process (SQLite: nothing, its write transactions are serialized already).
     */
    abstract void lockRequestKeys(Connection c, List<Long> keys) throws SQLException;

    /** Appended to the claim query: {@code FOR UPDATE ... SKIP LOCKED} where the database has it. */
    abstract String claimLocking();

    /**
     * The journal is damaged ({@code why}): the exception that names it and how to go on, for a file
     * SQLite refuses or a job row that cannot be read back.
     */
    abstract JournalDamaged damaged(String why, Throwable cause);

    @Override
    public void open() {
        jobs.read("open it", c -> null);
    }

    // ---- JobRepository ----

    @Override
    public void insert(EditJob job) {
        jobs.write("insert job " + job.id(), c -> {
            insertRow(c, job, null);
            return null;
        });
        job.journalVersion().inserted();
    }

    private void insertRow(Connection c, EditJob job, String leaseOwner) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(JobRows.INSERT)) {
            JobRows.bindInsert(p, job, leaseOwner);
            p.executeUpdate();
        } catch (SQLException e) {
            if (uniqueViolation(e)) {
                throw new IllegalStateException("job " + job.id() + " already exists", e);
            }
            throw e;
        }
    }

    @Override
    public Insertion insertOrReuse(EditJob job, boolean force) {
        Insertion done = jobs.write("insert job " + job.id(), c -> {
            lockRequestKeys(c, JobQueries.requestKeys(job));
            if (job.batch().isPresent()) {
                BatchRef b = job.batch().get();
                Optional<EditJob> line = JobQueries.first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE batch_id = ? AND line_key = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT 1", b.batchId(), b.lineKey());
                if (line.isPresent() && line.get().endpoint().equals(job.endpoint()) && (!force || !line.get().state().isFinal())) {
                    return new Insertion(line.get(), false);
                }
            }
            if (!force) {
                Optional<EditJob> twin = unfinishedByFingerprint(c, job.fingerprint()).filter(t -> t.endpoint().equals(job.endpoint()));
                if (twin.isPresent()) {
                    return new Insertion(twin.get(), false);
                }
            }
            leaseBook.touchSelf(c);
            insertRow(c, job, me.id());
            return new Insertion(job, true);
        });
        if (done.inserted()) {
            job.journalVersion().inserted();
            leaseBook.startHeartbeat();
        }
        return done;
    }

    @Override
    public void update(EditJob job) {
        long expected = job.version();
        jobs.write("update job " + job.id(), c -> {
            int rows;
            try (PreparedStatement p = c.prepareStatement(JobRows.UPDATE)) {
                JobRows.bindUpdate(p, job, expected);
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
            return null;
        });
        job.journalVersion().updated(expected);
    }

    @Override
    public Optional<EditJob> find(JobId id) {
        return jobs.read("read job " + id, c -> JobQueries.first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?", id.value()));
    }

    @Override
    public Optional<EditJob> findUnfinishedByFingerprint(String fingerprint) {
        return jobs.read("read jobs", c -> unfinishedByFingerprint(c, fingerprint));
    }

    private Optional<EditJob> unfinishedByFingerprint(Connection c, String fingerprint) throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(fingerprint);
        JobState.unfinished().stream().map(Enum::name).sorted().forEach(args::add);
        return JobQueries.first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE fingerprint = ? AND state IN ("
                + JobQueries.placeholders(JobState.unfinished().size()) + ") ORDER BY created_at DESC, id DESC LIMIT 1", args.toArray());
    }

    @Override
    public Optional<EditJob> findByBatchLine(String batchId, String lineKey) {
        return jobs.read("read jobs", c -> JobQueries.first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE batch_id = ? AND line_key = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", batchId, lineKey));
    }

    @Override
    public Optional<EditJob> findByTaskId(String taskId) {
        return jobs.read("read jobs", c -> JobQueries.first(c, "SELECT " + JobRows.COLUMNS
                + " FROM jobs WHERE task_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", taskId));
    }

    @Override
    public List<EditJob> list(JobQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE " + JobQueries.matching(q, "", args)
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        args.add((long) q.limit());
        return jobs.read("read jobs", c -> JobQueries.query(c, sql, args.toArray()));
    }

    // ---- JobLeases (Leases) ----

    @Override
    public LeaseOwner self() {
        return leaseBook.self();
    }

    @Override
    public boolean acquire(JobId job) {
        return leaseBook.acquire(job);
    }

    @Override
    public void release(JobId job) {
        leaseBook.release(job);
    }

    @Override
    public Map<JobId, LeaseOwner> holders(Collection<JobId> ids) {
        return leaseBook.holders(ids);
    }

    @Override
    public List<EditJob> claim(JobQuery q, int limit) {
        return leaseBook.claim(q, limit);
    }

    /** One heartbeat now (tests). */
    void beat() {
        leaseBook.beat();
    }

    @Override
    public void close() {
        try {
            leaseBook.close();
        } finally {
            jobs.close();
            fast.close();
        }
    }

    // ---- SharedLimits: what both dialects share (Limits) ----

    @Override
    public Duration availableIn(String bucket, int permits, Duration window) {
        return limits.availableIn(bucket, permits, window);
    }

    @Override
    public void pause(String bucket, Duration pause) {
        limits.pause(bucket, pause);
    }

    @Override
    public void renewSlot(JobId job, Duration ttl) {
        limits.renewSlot(job, ttl);
    }

    @Override
    public void releaseSlot(JobId job) {
        limits.releaseSlot(job);
    }

    @Override
    public int slotsInUse(String bucket) {
        return limits.slotsInUse(bucket);
    }

    /** A duration in whole microseconds, rounded up (a window never shrinks). */
    static long micros(Duration d) {
        long n = d.toNanos();
        return n / 1000 + (n % 1000 == 0 ? 0 : 1);
    }

    static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000);
    }

    private static Optional<Instant> millis(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    // ---- TaskHistory (JournalTaskHistory) ----

    @Override
    public List<Timing> ended(Kind kind, int limit) {
        return history.ended(kind, limit);
    }

    @Override
    public void scheduled(JobId job, Instant at) {
        history.scheduled(job, at);
    }
}
