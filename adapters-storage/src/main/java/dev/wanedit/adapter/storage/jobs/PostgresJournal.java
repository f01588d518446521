package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.domain.job.JobId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Adapter: the job journal on a PostgreSQL server, for processes on many machines, through plain
 * JDBC (the same columns, row mapping, optimistic versions and lease rules as the SQLite journal).
 *
 * <ul>
 *   <li>Durable commits on the jobs connection ({@code synchronous_commit = on}, whatever the
 *       server's default); the limits connection commits with {@code synchronous_commit = off}
 *       (its rows need not survive a crash).</li>
 *   <li>{@link #insertOrReuse} is atomic among machines: transaction-scoped advisory locks on the
 *       request's batch line and fingerprint, taken in ascending order, around the look-up and the
 *       insert.</li>
 *   <li>{@link #claim} locks the rows it hands out with {@code FOR UPDATE OF j SKIP LOCKED}, so
 *       that two claimers never get one job and never wait for each other.</li>
 *   <li>A permit is one call of {@code wanedit_reserve}, a slot one call of
 *       {@code wanedit_try_slot}: one round trip, one short transaction each, on the server's clock.</li>
 *   <li>Migrations run under an advisory lock, so several processes may start at once.</li>
 *   <li>A connection broken by a server restart is replaced on the next call (see {@link Db}).</li>
 * </ul>
 * The user and password are connection properties, never part of the URL, of a message or of
 * {@link #describe()}.
 */
final class PostgresJournal extends JdbcJournal {

    /** Seconds to wait for a connection: an unreachable server is reported, not waited for. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Seconds a statement may wait for the server's answer before the connection is taken for broken. */
    static final int SOCKET_TIMEOUT_SECONDS = 120;

    private final PostgresTarget target;
    private final PostgresCredentials credentials;
    private final Clock clock;
    private volatile boolean migrated;

    PostgresJournal(PostgresTarget target, PostgresCredentials credentials, Clock clock, LeaseSettings leases, OwnerIdentity me) {
        super(leases, me);
        this.target = target;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "the PostgreSQL journal " + target.describe();
    }

    PostgresTarget target() {
        return target;
    }

    @Override
    Connection open(boolean durable) throws SQLException {
        Connection c = connect();
        try {
            if (!migrated) {
                migrateOnce(c);
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = " + (durable ? "on" : "off"));
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        credentials.user().ifPresent(u -> p.setProperty("user", u));
        credentials.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "wanedit");
        return DriverManager.getConnection(target.jdbcUrl(), p);
    }

    private synchronized void migrateOnce(Connection c) throws SQLException {
        if (migrated) {
            return;
        }
        Migrations.migrate(c, PostgresSchema.ALL, describe(), clock.instant(), x -> {
            try (PreparedStatement p = x.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                p.setLong(1, PostgresSchema.MIGRATION_LOCK);
                p.execute();
            }
        });
        migrated = true;
    }

    @Override
    boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    @Override
    boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    JobRepositoryException translate(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = target.host() + " port " + target.port() + ", database " + target.database();
        if (brokenConnection(e)) {
            return new JournalUnavailable("the PostgreSQL journal on " + where + " cannot be reached (" + e.getMessage()
                    + "); nothing was sent to the service", e);
        }
        if (state.startsWith("28") || state.equals("3D000") || state.equals("42501")) {
            return new JournalMisconfigured("the PostgreSQL journal on " + where + " refused "
                    + credentials.user().map(u -> "user " + u).orElse("the process's user") + " (" + e.getMessage()
                    + "); check the journal URL and WANEDIT_JOURNAL_USER / WANEDIT_JOURNAL_PASSWORD (or PGUSER / PGPASSWORD)", e);
        }
        return new JournalException(describe() + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    JournalDamaged damaged(String why, Throwable cause) {
        return new JournalDamaged(describe() + " is damaged (" + why + "); wanedit leaves it untouched. Correct or delete the "
                + "row, or point WANEDIT_JOURNAL at a new database and run `wanedit journal rebuild -o DIR` to journal again "
                + "the jobs whose results are stored in DIR; a batch run again then pays for none of them", cause);
    }

    @Override
    void lockRequestKeys(Connection c, List<Long> keys) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            for (long k : keys) {
                p.setLong(1, k);
                p.execute();
            }
        }
    }

    @Override
    String claimLocking() {
        return " FOR UPDATE OF j SKIP LOCKED";
    }

    @Override
    public Permit reserve(String bucket, int permits, Duration window) {
        Limits.checkBucket(bucket, permits, window);
        return fast.read("take a permit of " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT granted_at, now_us FROM wanedit_reserve(?, ?, ?)")) {
                p.setString(1, bucket);
                p.setInt(2, permits);
                p.setLong(3, micros(window));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    long at = r.getLong(1);
                    long now = r.getLong(2);
                    return new Permit(micros(at), Duration.ofNanos(Math.max(0, at - now) * 1000));
                }
            }
        });
    }

    @Override
    public boolean tryAcquireSlot(String bucket, int limit, JobId job, Duration ttl) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a concurrency limit is positive");
        }
        return fast.read("take a slot of " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT wanedit_try_slot(?, ?, ?, ?)")) {
                p.setString(1, bucket);
                p.setInt(2, limit);
                p.setString(3, job.value());
                p.setLong(4, micros(ttl));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getBoolean(1);
                }
            }
        });
    }
}
