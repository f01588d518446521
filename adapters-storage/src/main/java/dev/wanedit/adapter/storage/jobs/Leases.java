package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of a {@link JdbcJournal}: this process is one owner row ({@code lease_owners}),
 * inserted on first use and kept live by a daemon heartbeat every third of the lease; a job's
 * {@code lease_owner} names its owner. An owner is live while its {@code expires_at} lies ahead,
 * unless it runs in this process's scope (same boot, same pid namespace) and its pid is gone, which
 * {@link OwnerIdentity#knowsGone} tells at once. Every lease operation also renews this process's
 * own heartbeat. Times are on the journal's own timeline ({@code wanedit_now_us()}).
 */
final class Leases {

    private static final String OWNER_COLUMNS = "o.id AS owner_id, o.host AS owner_host, o.scope AS owner_scope, "
            + "o.pid AS owner_pid, o.process_start AS owner_process_start, o.started_at AS owner_started_at, "
            + "o.expires_at AS owner_expires_at, wanedit_now_us() AS now_us";
    /** Owners dead for this long are deleted when a process registers (their rows help nobody). */
    private static final long FORGET_OWNERS_AFTER_US = Duration.ofDays(1).toNanos() / 1000;
    /** Ids per {@code IN (...)} list. */
    private static final int CHUNK = 500;

    private final LeaseSettings leases;
    private final OwnerIdentity me;
    private final Db jobs;
    private final Db fast;
    private final Supplier<String> describe;
    private final String claimLocking;
    private final Object ownerLock = new Object();
    private boolean registered;
    private volatile Instant selfStarted;
    private volatile Instant selfExpires;
    private ScheduledExecutorService heartbeat;
    private boolean closed;

    /**
     * @param claimLocking appended to the claim query: {@code FOR UPDATE ... SKIP LOCKED} where the database has it
     * @param describe the journal, for messages
     */
    Leases(LeaseSettings leases, OwnerIdentity me, Db jobs, Db fast, String claimLocking, Supplier<String> describe) {
        this.leases = leases;
        this.me = me;
        this.jobs = jobs;
        this.fast = fast;
        this.claimLocking = claimLocking;
        this.describe = describe;
    }

    LeaseOwner self() {
        if (selfExpires == null) {
            fast.write("register this process", c -> {
                touchSelf(c);
                return null;
            });
            startHeartbeat();
        }
        return new LeaseOwner(me.id(), me.host(), me.pid(), selfStarted, selfExpires);
    }

    boolean acquire(JobId job) {
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

    void release(JobId job) {
        jobs.write("release job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = NULL WHERE id = ? AND lease_owner = ?")) {
                p.setString(1, job.value());
                p.setString(2, me.id());
                p.executeUpdate();
            }
            return null;
        });
    }

    Map<JobId, LeaseOwner> holders(Collection<JobId> ids) {
        Map<JobId, LeaseOwner> out = new LinkedHashMap<>();
        List<JobId> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<JobId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            jobs.read("read leases", c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT j.id AS job_id, " + OWNER_COLUMNS
                        + " FROM jobs j JOIN lease_owners o ON o.id = j.lease_owner WHERE j.id IN (" + JobQueries.placeholders(chunk.size()) + ")")) {
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

    List<EditJob> claim(JobQuery q, int limit) {
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
                        + " WHERE " + JobQueries.matching(q, "j.", args) + " AND " + FREE
                        + " ORDER BY j.created_at, j.id LIMIT ?" + claimLocking;
                args.add(me.id());
                args.add((long) limit);
                List<EditJob> locked = JobQueries.query(c, sql, args.toArray());
                if (locked.isEmpty()) {
                    break; // nothing free is left
                }
                found = stillFree(c, locked);
            }
            for (int from = 0; from < found.size(); from += CHUNK) {
                List<EditJob> chunk = found.subList(from, Math.min(found.size(), from + CHUNK));
                try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = ? WHERE id IN ("
                        + JobQueries.placeholders(chunk.size()) + ")")) {
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
                    + " WHERE j.id IN (" + JobQueries.placeholders(chunk.size()) + ") AND " + FREE)) {
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
                JdbcJournal.micros(r.getLong("owner_started_at")), JdbcJournal.micros(r.getLong("owner_expires_at")));
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
        selfStarted = JdbcJournal.micros(startedMicros);
        selfExpires = JdbcJournal.micros(expiresMicros);
    }

    /** Starts the heartbeat once this process holds or may hold leases (first use), unless turned off. */
    void startHeartbeat() {
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
            log().warn("wanedit could not renew its leases in {}: {}", describe.get(), e.getMessage());
        }
    }

    /** Stops the heartbeat and gives this process's leases back (they would expire anyway); the connections stay open. */
    void close() {
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
            log().warn("wanedit could not give its leases back in {} (they expire in {} s): {}", describe.get(),
                    leases.lease().toSeconds(), e.getMessage());
        }
    }

    private static Optional<Instant> millis(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    /** Asked for when a warning is written, not when the class loads: a command that logs nothing never starts Logback. */
    private static Logger log() {
        return LoggerFactory.getLogger(Leases.class);
    }
}
