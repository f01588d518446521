package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.domain.JobId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.Function;

/**
 * Adapter: the job journal in one SQLite file through plain JDBC, shared by every process on one
 * machine (jobs, leases and limits).
 *
 * <ul>
 *   <li>WAL, so readers never block the writer and a crash at any point leaves the last committed
 *       state.</li>
 *   <li>{@code synchronous=FULL} on the jobs connection: every commit is fsynced before the method
 *       returns. NORMAL would be safe against corruption in WAL mode but may forget the last commits
 *       on power loss, and the journal exists exactly to remember a task id that was just paid for;
 *       one fsync per transition is cheap next to a remote call. The limits connection uses
 *       {@code synchronous=NORMAL}: a permit or a heartbeat forgotten by a power loss harms nobody,
 *       and a permit must not cost an fsync.</li>
 *   <li>Every write is one {@code BEGIN IMMEDIATE} transaction (the write lock is taken up front,
 *       so two processes never deadlock upgrading a read lock, and a check-then-insert is atomic
 *       among processes) and waits up to the busy timeout for another process's transaction.</li>
 *   <li>Optimistic locking: {@code UPDATE ... WHERE id = ? AND version = ?}; zero rows means
 *       another writer won and {@link dev.wanedit.application.port.out.ConcurrentJobUpdate} is thrown.</li>
 *   <li>Lease and limit times are on the injected clock (the processes share one machine, so one
 *       clock), exposed to SQL as {@code wanedit_now_us()}.</li>
 * </ul>
 * The schema is created and migrated on first use, not in the constructor, so wiring does no I/O.
 */
final class SqliteJournal extends JdbcJournal {

    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Path file;
    private final Clock clock;
    private final String url;
    private volatile boolean migrated;

    SqliteJournal(Path file, Clock clock, LeaseSettings leases, OwnerIdentity me) {
        super(leases, me);
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
        this.url = "jdbc:sqlite:" + this.file;
    }

    Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "the journal " + file;
    }

    @Override
    Connection open(boolean durable) throws SQLException {
        if (!migrated) {
            migrateOnce();
        }
        return connect(durable);
    }

    private Connection connect(boolean durable) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", durable ? "FULL" : "NORMAL");
        p.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
        p.setProperty("transaction_mode", "IMMEDIATE");
        p.setProperty("foreign_keys", "true");
        Connection c = DriverManager.getConnection(url, p);
        try {
            Function.create(c, "wanedit_now_us", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(micros(Duration.between(java.time.Instant.EPOCH, clock.instant())));
                }
            });
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
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
        try (Connection c = connect(true)) {
            Migrations.migrate(c, file.toString(), clock.instant());
        }
        migrated = true;
    }

    @Override
    boolean brokenConnection(SQLException e) {
        return false; // a file: nothing to reconnect to
    }

    @Override
    boolean uniqueViolation(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("UNIQUE");
    }

    @Override
    JournalException translate(String what, SQLException e) {
        return new JournalException(describe() + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    void lockRequestKeys(Connection c, java.util.List<Long> keys) {
        // BEGIN IMMEDIATE: this transaction is the only writer of the file until it ends
    }

    @Override
    String claimLocking() {
        return ""; // BEGIN IMMEDIATE: nobody else claims while this transaction runs
    }

    // ---- SharedLimits: one BEGIN IMMEDIATE transaction per grant on the limits connection ----

    @Override
    public Permit reserve(String bucket, int permits, Duration window) {
        checkBucket(bucket, permits, window);
        return fast.write("take a permit of " + bucket, c -> {
            BucketState b = bucketState(c, bucket, permits);
            long now = b.now();
            long at = b.nextGrant(micros(window));
            Optional<Long> nth = Optional.ofNullable(b.nthLatest());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO limit_grants (bucket, at) VALUES (?, ?)")) {
                p.setString(1, bucket);
                p.setLong(2, at);
                p.executeUpdate();
            }
            if (nth.isPresent()) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM limit_grants WHERE bucket = ? AND at < ?")) {
                    p.setString(1, bucket);
                    p.setLong(2, nth.get());
                    p.executeUpdate();
                }
            }
            return new Permit(micros(at), Duration.ofNanos((at - now) * 1000));
        });
    }

    @Override
    public boolean tryAcquireSlot(String bucket, int limit, JobId job, Duration ttl) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a concurrency limit is positive");
        }
        return fast.write("take a slot of " + bucket, c -> {
            long now = nowMicros(c);
            long until = now + micros(ttl);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM limit_slots WHERE bucket = ? AND expires_at <= ?")) {
                p.setString(1, bucket);
                p.setLong(2, now);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE limit_slots SET expires_at = ? WHERE job = ? AND bucket = ?")) {
                p.setLong(1, until);
                p.setString(2, job.value());
                p.setString(3, bucket);
                if (p.executeUpdate() > 0) {
                    return true;
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM limit_slots WHERE bucket = ?")) {
                p.setString(1, bucket);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= limit) {
                        return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO limit_slots (job, bucket, expires_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (job) DO UPDATE SET bucket = excluded.bucket, expires_at = excluded.expires_at")) {
                p.setString(1, job.value());
                p.setString(2, bucket);
                p.setLong(3, until);
                p.executeUpdate();
            }
            return true;
        });
    }
}
