package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.domain.BatchRef;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Leases: this process is one owner row ({@code lease_owners}), inserted on first use and kept
 * live by a daemon heartbeat every third of the lease; a job's {@code lease_owner} names its owner.
 * An owner is live while its {@code expires_at} lies ahead, unless it runs in this process's scope
 * (same boot, same pid namespace) and its pid is gone, which {@link OwnerIdentity#knowsGone} tells at
 * once. Every lease operation also renews this process's own heartbeat.
 */
abstract class JdbcJournal implements JobJournal {

    private static final String OWNER_COLUMNS = "o.id AS owner_id, o.host AS owner_host, o.scope AS owner_scope, "
            + "o.pid AS owner_pid, o.process_start AS owner_process_start, o.started_at AS owner_started_at, "
            + "o.expires_at AS owner_expires_at, wanedit_now_us() AS now_us";
    /** Owners dead for this long are deleted when a process registers (their rows help nobody). */
    private static final long FORGET_OWNERS_AFTER_US = Duration.ofDays(1).toNanos() / 1000;
    /** Ids per {@code IN (...)} list. */
    private static final int CHUNK = 500;

    final LeaseSettings leases;
    final OwnerIdentity me;
    final Db jobs;
    final Db fast;
    private final Object ownerLock = new Object();
    private boolean registered;
    private volatile Instant selfStarted;
    private volatile Instant selfExpires;
    private ScheduledExecutorService heartbeat;
    private boolean closed;

    JdbcJournal(LeaseSettings leases, OwnerIdentity me) {
        this.leases = leases;
        this.me = me;
        Db.Failures failures = new Db.Failures() {
            @Override
            public boolean brokenConnection(SQLException e) {
                return JdbcJournal.this.brokenConnection(e);
            }

            @Override
            public JournalException translate(String what, SQLException e) {
                return JdbcJournal.this.translate(what, e);
            }
        };
        this.jobs = new Db(() -> open(true), failures);
        this.fast = new Db(() -> open(false), failures);
    }

    // ---- the dialect ----

    /** A configured connection, the schema migrated first; {@code durable}: jobs and leases, else limits and heartbeats. */
    abstract Connection open(boolean durable) throws SQLException;

    abstract boolean brokenConnection(SQLException e);

    abstract boolean uniqueViolation(SQLException e);

    abstract JournalException translate(String what, SQLException e);

    /**
     * Makes the check-then-insert of {@link #insertOrReuse} atomic for these request keys among
     * every process (SQLite: nothing, its write transactions are serialized already).
     */
    abstract void lockRequestKeys(Connection c, List<Long> keys) throws SQLException;

    /** Appended to the claim query: {@code FOR UPDATE ... SKIP LOCKED} where the database has it. */
    abstract String claimLocking();

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
        job.persisted(1);
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
            lockRequestKeys(c, requestKeys(job));
            if (job.batch().isPresent()) {
                BatchRef b = job.batch().get();
                Optional<EditJob> line = first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE batch_id = ? AND line_key = ?"
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
            touchSelf(c);
            insertRow(c, job, me.id());
            return new Insertion(job, true);
        });
        if (done.inserted()) {
            job.persisted(1);
            startHeartbeat();
        }
        return done;
    }

    /** Advisory keys of a request: its batch line and its fingerprint, ascending (so two processes never deadlock). */
    static List<Long> requestKeys(EditJob job) {
        List<Long> keys = new ArrayList<>();
        job.batch().ifPresent(b -> keys.add(key("line\n" + b.batchId() + "\n" + b.lineKey())));
        keys.add(key("fingerprint\n" + job.fingerprint()));
        return keys.stream().distinct().sorted().toList();
    }

    private static long key(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        job.persisted(expected + 1);
    }

    @Override
    public Optional<EditJob> find(JobId id) {
        return jobs.read("read job " + id, c -> first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?", id.value()));
    }

    @Override
    public Optional<EditJob> findUnfinishedByFingerprint(String fingerprint) {
        return jobs.read("read jobs", c -> unfinishedByFingerprint(c, fingerprint));
    }

    private Optional<EditJob> unfinishedByFingerprint(Connection c, String fingerprint) throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(fingerprint);
        JobState.unfinished().stream().map(Enum::name).sorted().forEach(args::add);
        return first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE fingerprint = ? AND state IN ("
                + placeholders(JobState.unfinished().size()) + ") ORDER BY created_at DESC, id DESC LIMIT 1", args.toArray());
    }

    @Override
    public Optional<EditJob> findByBatchLine(String batchId, String lineKey) {
        return jobs.read("read jobs", c -> first(c, "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE batch_id = ? AND line_key = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", batchId, lineKey));
    }

    @Override
    public Optional<EditJob> findByTaskId(String taskId) {
        return jobs.read("read jobs", c -> first(c, "SELECT " + JobRows.COLUMNS
                + " FROM jobs WHERE task_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", taskId));
    }

    @Override
    public List<EditJob> list(JobQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE " + matching(q, "", args)
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        args.add((long) q.limit());
        return jobs.read("read jobs", c -> query(c, sql, args.toArray()));
    }

    /** The WHERE condition of a query (columns prefixed with {@code alias}), its arguments added to {@code args}. */
    private static String matching(JobQuery q, String alias, List<Object> args) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (!q.states().isEmpty()) {
            sql.append(" AND ").append(alias).append("state IN (").append(placeholders(q.states().size())).append(')');
            q.states().stream().map(Enum::name).sorted().forEach(args::add);
        }
        q.createdSince().ifPresent(t -> {
            sql.append(" AND ").append(alias).append("created_at >= ?");
            args.add(JobRows.nanos(t));
        });
        q.batchId().ifPresent(b -> {
            sql.append(" AND ").append(alias).append("batch_id = ?");
            args.add(b);
        });
        return sql.toString();
    }

    // ---- JobLeases ----

    @Override
    public LeaseOwner self() {
        if (selfExpires == null) {
            fast.write("register this process", c -> {
                touchSelf(c);
                return null;
            });
            startHeartbeat();
        }
        return new LeaseOwner(me.id(), me.host(), me.pid(), selfStarted, selfExpires);
    }

    @Override
    public boolean acquire(JobId job) {
        boolean got = jobs.write("lease job " + job, c -> {
            Optional<Holder> holder;
            try (PreparedStatement p = c.prepareStatement("SELECT j.lease_owner, " + OWNER_COLUMNS
                    + " FROM jobs j LEFT JOIN lease_owners o ON o.id = j.lease_owner WHERE j.id = ?")) {
                p.setString(1, job.value());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("job " + job + " is not in the journal");
                    }
                    holder = holder(r);
                }
            }
            touchSelf(c);
            if (holder.isPresent() && !holder.get().id().equals(me.id()) && holder.get().live(me)) {
                return false;
            }
            if (holder.isEmpty() || !holder.get().id().equals(me.id())) {
                try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = ? WHERE id = ?")) {
                    p.setString(1, me.id());
                    p.setString(2, job.value());
                    p.executeUpdate();
                }
            }
            return true;
        });
        startHeartbeat();
        return got;
    }

    @Override
    public void release(JobId job) {
        jobs.write("release job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = NULL WHERE id = ? AND lease_owner = ?")) {
                p.setString(1, job.value());
                p.setString(2, me.id());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<JobId, LeaseOwner> holders(Collection<JobId> ids) {
        Map<JobId, LeaseOwner> out = new LinkedHashMap<>();
        List<JobId> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<JobId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            jobs.read("read leases", c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT j.id AS job_id, " + OWNER_COLUMNS
                        + " FROM jobs j JOIN lease_owners o ON o.id = j.lease_owner WHERE j.id IN (" + placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 1, chunk.get(i).value());
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            Optional<Holder> h = holder(r);
                            if (h.isPresent() && h.get().live(me)) {
                                out.put(new JobId(r.getString("job_id")), h.get().owner());
                            }
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    @Override
    public List<EditJob> claim(JobQuery q, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<EditJob> claimed = jobs.write("claim jobs", c -> {
            touchSelf(c);
            forgetGoneOwnersInScope(c);
            List<EditJob> found = List.of();
            for (int round = 0; round < CLAIM_ROUNDS && found.isEmpty(); round++) {
                List<Object> args = new ArrayList<>();
                String sql = "SELECT " + JobRows.columns("j.") + " FROM jobs j LEFT JOIN lease_owners o ON o.id = j.lease_owner"
                        + " WHERE " + matching(q, "j.", args) + " AND " + FREE
                        + " ORDER BY j.created_at, j.id LIMIT ?" + claimLocking();
                args.add(me.id());
                args.add((long) limit);
                List<EditJob> locked = query(c, sql, args.toArray());
                if (locked.isEmpty()) {
                    break; // nothing free is left
                }
                found = stillFree(c, locked);
            }
            for (int from = 0; from < found.size(); from += CHUNK) {
                List<EditJob> chunk = found.subList(from, Math.min(found.size(), from + CHUNK));
                try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = ? WHERE id IN ("
                        + placeholders(chunk.size()) + ")")) {
                    p.setString(1, me.id());
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 2, chunk.get(i).id().value());
                    }
                    p.executeUpdate();
                }
            }
            return found;
        });
        startHeartbeat();
        return claimed;
    }

    /** A job row no live owner but this process holds (joined as {@code j} with its owner as {@code o}; one parameter: this owner). */
    private static final String FREE = "(j.lease_owner IS NULL OR o.id IS NULL OR (o.expires_at <= wanedit_now_us() AND o.id <> ?))";

    /** Claim queries per claim when every row found was taken by another claimer meanwhile. */
    private static final int CLAIM_ROUNDS = 8;

    /**
     * The rows of {@code locked} that are still free, read again by a new statement. On PostgreSQL
     * (READ COMMITTED) a row that another claimer updated and committed while this query waited for
     * its lock is re-checked against its new version, but the outer-joined owner row is the stale
     * one (NULL), so the row would pass as free: the re-read, with a fresh snapshot and the rows now
     * locked by this transaction, sees the other claimer's lease and drops the row.
     */
    private List<EditJob> stillFree(Connection c, List<EditJob> locked) throws SQLException {
        if (locked.isEmpty()) {
            return locked;
        }
        java.util.Set<String> free = new java.util.HashSet<>();
        for (int from = 0; from < locked.size(); from += CHUNK) {
            List<EditJob> chunk = locked.subList(from, Math.min(locked.size(), from + CHUNK));
            try (PreparedStatement p = c.prepareStatement("SELECT j.id FROM jobs j LEFT JOIN lease_owners o ON o.id = j.lease_owner"
                    + " WHERE j.id IN (" + placeholders(chunk.size()) + ") AND " + FREE)) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i).id().value());
                }
                p.setString(chunk.size() + 1, me.id());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        free.add(r.getString(1));
                    }
                }
            }
        }
        return locked.stream().filter(j -> free.contains(j.id().value())).toList();
    }

    /** Deletes the rows of owners in this process's scope whose process is gone, so that their jobs are free. */
    private void forgetGoneOwnersInScope(Connection c) throws SQLException {
        if (me.scope().isEmpty()) {
            return;
        }
        List<String> gone = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, pid, process_start FROM lease_owners"
                + " WHERE scope = ? AND id <> ? AND expires_at > wanedit_now_us()")) {
            p.setString(1, me.scope());
            p.setString(2, me.id());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (me.knowsGone(me.scope(), r.getLong("pid"), millis(r, "process_start"))) {
                        gone.add(r.getString("id"));
                    }
                }
            }
        }
        for (String id : gone) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM lease_owners WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
        }
    }

    /** A job's lease holder as read with {@link #OWNER_COLUMNS}. */
    private record Holder(LeaseOwner owner, String scope, Optional<Instant> processStart, long nowMicros, long expiresMicros) {
        String id() {
            return owner.id();
        }

        boolean live(OwnerIdentity me) {
            if (owner.id().equals(me.id())) {
                return true;
            }
            return expiresMicros > nowMicros && !me.knowsGone(scope, owner.pid(), processStart);
        }
    }

    private static Optional<Holder> holder(ResultSet r) throws SQLException {
        String id = r.getString("owner_id");
        if (id == null) {
            return Optional.empty();
        }
        LeaseOwner owner = new LeaseOwner(id, r.getString("owner_host"), r.getLong("owner_pid"),
                micros(r.getLong("owner_started_at")), micros(r.getLong("owner_expires_at")));
        return Optional.of(new Holder(owner, r.getString("owner_scope"), millis(r, "owner_process_start"), r.getLong("now_us"),
                r.getLong("owner_expires_at")));
    }

    /**
     * Renews this process's heartbeat, registering it when its row is missing (first use, or
     * forgotten by another process that took it for dead).
     */
    final void touchSelf(Connection c) throws SQLException {
        long expires;
        long started;
        try (PreparedStatement p = c.prepareStatement("UPDATE lease_owners SET heartbeat_at = wanedit_now_us(),"
                + " expires_at = wanedit_now_us() + lease_us WHERE id = ? RETURNING started_at, expires_at")) {
            p.setString(1, me.id());
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    started = r.getLong(1);
                    expires = r.getLong(2);
                    noteSelf(started, expires);
                    return;
                }
            }
        }
        boolean first;
        synchronized (ownerLock) {
            first = !registered;
            registered = true;
        }
        if (first) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM lease_owners WHERE expires_at < wanedit_now_us() - ?")) {
                p.setLong(1, FORGET_OWNERS_AFTER_US);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO lease_owners (id, host, scope, pid, process_start, started_at,"
                + " heartbeat_at, lease_us, expires_at) VALUES (?, ?, ?, ?, ?, wanedit_now_us(), wanedit_now_us(), ?,"
                + " wanedit_now_us() + ?) RETURNING started_at, expires_at")) {
            p.setString(1, me.id());
            p.setString(2, me.host());
            p.setString(3, me.scope());
            p.setLong(4, me.pid());
            if (me.processStart().isPresent()) {
                p.setLong(5, me.processStart().get().toEpochMilli());
            } else {
                p.setNull(5, Types.BIGINT);
            }
            p.setLong(6, leases.leaseMicros());
            p.setLong(7, leases.leaseMicros());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                noteSelf(r.getLong(1), r.getLong(2));
            }
        }
    }

    private void noteSelf(long startedMicros, long expiresMicros) {
        selfStarted = micros(startedMicros);
        selfExpires = micros(expiresMicros);
    }

    /** Starts the heartbeat once this process holds or may hold leases (first use), unless turned off. */
    private void startHeartbeat() {
        if (!leases.heartbeat()) {
            return;
        }
        synchronized (ownerLock) {
            if (heartbeat != null || closed) {
                return;
            }
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wanedit-journal-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long every = leases.heartbeatEvery().toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** One heartbeat; a failure is logged and the next beat tries again (the lease holds for two more beats). */
    void beat() {
        try {
            fast.write("renew this process's leases", c -> {
                touchSelf(c);
                return null;
            });
        } catch (RuntimeException e) {
            log().warn("wanedit could not renew its leases in {}: {}", describe(), e.getMessage());
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService beating;
        boolean wasRegistered;
        synchronized (ownerLock) {
            if (closed) {
                return;
            }
            closed = true;
            beating = heartbeat;
            wasRegistered = registered;
        }
        if (beating != null) {
            beating.shutdownNow();
            try {
                beating.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (wasRegistered) {
                jobs.write("release this process's leases", c -> {
                    try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = NULL WHERE lease_owner = ?")) {
                        p.setString(1, me.id());
                        p.executeUpdate();
                    }
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM lease_owners WHERE id = ?")) {
                        p.setString(1, me.id());
                        p.executeUpdate();
                    }
                    return null;
                });
            }
        } catch (RuntimeException e) {
            log().warn("wanedit could not give its leases back in {} (they expire in {} s): {}", describe(),
                    leases.lease().toSeconds(), e.getMessage());
        } finally {
            jobs.close();
            fast.close();
        }
    }

    // ---- SharedLimits: what both dialects share ----

    @Override
    public Duration availableIn(String bucket, int permits, Duration window) {
        checkBucket(bucket, permits, window);
        return fast.read("read limit " + bucket, c -> {
            BucketState b = bucketState(c, bucket, permits);
            return Duration.ofNanos(Math.max(0, b.nextGrant(micros(window)) - b.now()) * 1000);
        });
    }

    /**
     * A rate bucket as one statement reads it: the journal's time, the end of its pause (0: none)
     * and the N-th latest grant (null: fewer than N).
     */
    record BucketState(long now, long pausedUntil, Long nthLatest) {
        /** The earliest time of a new grant: not before now, the pause, nor a window after the N-th latest grant. */
        long nextGrant(long windowMicros) {
            long at = Math.max(now, pausedUntil);
            return nthLatest == null ? at : Math.max(at, nthLatest + windowMicros);
        }
    }

    static BucketState bucketState(Connection c, String bucket, int permits) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT wanedit_now_us(),"
                + " (SELECT paused_until FROM limit_buckets WHERE bucket = ?),"
                + " (SELECT at FROM limit_grants WHERE bucket = ? ORDER BY at DESC LIMIT 1 OFFSET ?)")) {
            p.setString(1, bucket);
            p.setString(2, bucket);
            p.setInt(3, permits - 1);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long now = r.getLong(1);
                long paused = r.getLong(2);
                long nth = r.getLong(3);
                return new BucketState(now, paused, r.wasNull() ? null : nth);
            }
        }
    }

    @Override
    public void pause(String bucket, Duration pause) {
        if (pause.isNegative() || pause.isZero()) {
            return;
        }
        fast.read("pause limit " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO limit_buckets (bucket, paused_until) VALUES (?, wanedit_now_us() + ?)"
                    + " ON CONFLICT (bucket) DO UPDATE SET paused_until = CASE WHEN excluded.paused_until > limit_buckets.paused_until"
                    + " THEN excluded.paused_until ELSE limit_buckets.paused_until END")) {
                p.setString(1, bucket);
                p.setLong(2, micros(pause));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void renewSlot(JobId job, Duration ttl) {
        fast.read("renew the slot of job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE limit_slots SET expires_at = wanedit_now_us() + ?"
                    + " WHERE job = ? AND expires_at > wanedit_now_us()")) {
                p.setLong(1, micros(ttl));
                p.setString(2, job.value());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void releaseSlot(JobId job) {
        fast.read("release the slot of job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM limit_slots WHERE job = ?")) {
                p.setString(1, job.value());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int slotsInUse(String bucket) {
        return fast.read("read limit " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM limit_slots WHERE bucket = ? AND expires_at > wanedit_now_us()")) {
                p.setString(1, bucket);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    static void checkBucket(String bucket, int permits, Duration window) {
        if (bucket == null || bucket.isBlank() || permits <= 0 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate bucket has a name, at least one permit and a positive window");
        }
    }

    static long nowMicros(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT wanedit_now_us()"); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
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

    // ---- JDBC helpers ----

    static Optional<EditJob> first(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, args).stream().findFirst();
    }

    static List<EditJob> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<EditJob> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(JobRows.read(r));
                }
            }
            return out;
        }
    }

    static String placeholders(int n) {
        return IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    /** Asked for when a warning is written, not when the class loads: a command that logs nothing never starts Logback. */
    private static Logger log() {
        return LoggerFactory.getLogger(JdbcJournal.class);
    }
}
