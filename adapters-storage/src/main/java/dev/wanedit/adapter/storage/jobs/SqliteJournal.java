package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.domain.job.JobId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.Function;
import org.sqlite.JDBC;

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

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path file;
    private final Clock clock;
    private final boolean readOnlyUse;
    private volatile String url;
    private volatile Path stand_in;
    private volatile boolean migrated;

    SqliteJournal(Path file, Clock clock, LeaseSettings leases, OwnerIdentity me) {
        this(file, clock, leases, me, false);
    }

    /**
     * @param readOnlyUse the process only reads jobs ({@code jobs}, {@code report}): a journal file
     *     that does not exist, or is empty, is neither created nor written; the process reads an empty
     *     journal of its own instead (a temporary file, removed on close)
     */
    SqliteJournal(Path file, Clock clock, LeaseSettings leases, OwnerIdentity me, boolean readOnlyUse) {
        super(leases, me);
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
        this.readOnlyUse = readOnlyUse;
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
        SqliteNativeLibrary.prepare();
        // the driver itself, not DriverManager, whose first call loads and starts every JDBC driver
        // on the class path (PostgreSQL's too): a tenth of jobs' CPU samples
        Connection c = JDBC.createConnection(url, p);
        if (c == null) {
            throw new SQLException("not a SQLite URL: " + url);
        }
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
        refuseDamaged();
        if (readOnlyUse && isMissingOrEmpty()) {
            try {
                stand_in = Files.createTempFile("wanedit-empty-journal", ".db");
            } catch (IOException e) {
                throw new JournalException("cannot create a temporary file: " + e.getMessage(), e);
            }
            url = "jdbc:sqlite:" + stand_in;
            try (Connection c = connect(true)) {
                Migrations.migrate(c, stand_in.toString(), clock.instant());
            }
            migrated = true;
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
        } catch (SQLException e) {
            throw damagedOr(e);
        }
        migrated = true;
    }

    private boolean isMissingOrEmpty() {
        try {
            return !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            return false; // let opening it say what is wrong
        }
    }

    /**
     * Refuses a journal file that is not a SQLite database before SQLite touches it (SQLite would
     * not repair it, but a migration must never be attempted on someone's file either).
     */
    private void refuseDamaged() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        byte[] head = new byte[HEADER.length];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        if (n > 0 && (n < HEADER.length || !java.util.Arrays.equals(head, HEADER))) {
            throw damaged("it is not a SQLite database", null);
        }
    }

    @Override
    JournalDamaged damaged(String why, Throwable cause) {
        return new JournalDamaged("the journal " + file + " is damaged (" + why + "); wanedit leaves it untouched. "
                + "Move it aside (mv " + file + " " + file + ".damaged) and run `wanedit journal rebuild -o DIR` to journal "
                + "again the jobs whose results are stored in DIR; a batch run again then pays for none of them", cause);
    }

    /** SQLite's own verdict on a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), else the error as it is. */
    private JobRepositoryException damagedOr(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB")) {
            return damaged(m.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", ""), e);
        }
        return translate("open it", e);
    }

    @Override
    public void close() {
        super.close();
        Path empty = stand_in;
        if (empty != null) {
            try {
                Files.deleteIfExists(empty);
                Files.deleteIfExists(Path.of(empty + "-wal"));
                Files.deleteIfExists(Path.of(empty + "-shm"));
            } catch (IOException e) {
                // a temporary file: the system's cleaning takes it
            }
        }
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
    JobRepositoryException translate(String what, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB")) {
            return damaged(m, e);
        }
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
        Limits.checkBucket(bucket, permits, window);
        return fast.write("take a permit of " + bucket, c -> {
            Limits.BucketState b = Limits.bucketState(c, bucket, permits);
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
            long now = Limits.nowMicros(c);
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
