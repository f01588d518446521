package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Region;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal chosen by configuration, through the whole wanedit of one process ({@link Main#run}):
 * a PostgreSQL server that cannot be reached or refuses us stops a command before anything is
 * sent, naming host, port and database and never the password; a reachable one journals the job,
 * and the process gives its leases back when it ends.
 */
@DisplayName("the journal from WANEDIT_JOURNAL: PostgreSQL unreachable, refused and working, through Main")
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hang guard, not a speed check
class MainJournalTest {

    private static final String KEY = "journalTestKey0123456789";
    private static final String PASSWORD = "pgSecret-never-shown";
    private static final Path IMAGE = Path.of("../samples/living-room.png").toAbsolutePath().normalize();

    private static DashScopeEmulator emulator;
    private static EmbeddedPostgres postgres;
    private static String postgresProblem;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        emulator = DashScopeEmulator.builder().port(0).timeScale(0.02).apiKey(Region.BEIJING, KEY).start();
        try {
            postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE wanedit_main");
            }
        } catch (Exception | Error e) {
            postgresProblem = e.toString();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        emulator.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void clearEmulator() {
        emulator.journal().clear();
    }

    private static String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("WANEDIT_HOME", tmp.resolve("home").toString(), "DASHSCOPE_API_KEY", KEY,
                "WANEDIT_POLL_SCALE", "0.02", "WANEDIT_JOURNAL_PASSWORD", PASSWORD));
        env.putAll(extraEnv);
        List<String> all = new java.util.ArrayList<>(List.of("--endpoint", emulator.apiBaseUrl(), "-o", tmp.resolve("out").toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(all.toArray(String[]::new), env, tmp.resolve("user-home"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String[] edit() {
        return new String[] {"edit", "-m", "wan2.5-i2i-preview", "-i", IMAGE.toString(), "-p", "Put a brass clock on the shelf"};
    }

    @Test
    @DisplayName("unreachable: exit 7 before anything is sent, host, port and database named, no password, no trace")
    void anUnreachableServer_stopsTheCommandBeforeAnythingIsSent() throws Exception {
        int port = closedPort();
        Map<String, String> env = Map.of("WANEDIT_JOURNAL", "postgresql://127.0.0.1:" + port + "/jobs_db");

        Run text = run(env, edit());
        Run json = run(env, prepend("--json", edit()));
        Run validate = run(env, "validate", "-m", "wan2.5-i2i-preview", "-i", IMAGE.toString(), "-p", "no journal needed");

        assertThat(text.exit()).as(text.err()).isEqualTo(7);
        assertThat(text.err().strip()).startsWith("wanedit: ").contains("127.0.0.1 port " + port).contains("database jobs_db")
                .contains("cannot be reached").doesNotContain("\n\tat ").doesNotContain(PASSWORD);
        assertThat(json.exit()).isEqualTo(7);
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.path("error").path("code").asText()).isEqualTo("journal_unavailable");
        assertThat(doc.path("error").path("exit_code").asInt()).isEqualTo(7);
        assertThat(json.out() + json.err()).doesNotContain(PASSWORD);
        assertThat(emulator.journal().requests()).as("nothing reached the service").isEmpty();
        assertThat(validate.exit()).as("a command without the journal does not need the server: " + validate.err()).isZero();
        assertThat(tmp.resolve("home/journal.db")).as("no SQLite journal instead").doesNotExist();
    }

    @Test
    @DisplayName("refused: an unknown database is a setting to fix (exit 2), named")
    void aDatabaseThatDoesNotExist_isAConfigurationError() {
        assumeTrue(postgres != null, () -> "embedded PostgreSQL could not start: " + postgresProblem);
        Run r = run(Map.of("WANEDIT_JOURNAL", "postgresql://127.0.0.1:" + postgres.getPort() + "/no_such_db",
                "WANEDIT_JOURNAL_USER", "postgres"), "jobs");

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("database no_such_db").contains("port " + postgres.getPort()).doesNotContain(PASSWORD);
        assertThat(emulator.journal().requests()).isEmpty();
    }

    @Test
    @DisplayName("working: the edit is journaled on the server, listed by jobs, and the ended process holds no lease")
    void aReachableServer_journalsTheJob_andTheProcessGivesItsLeasesBack() throws Exception {
        assumeTrue(postgres != null, () -> "embedded PostgreSQL could not start: " + postgresProblem);
        Map<String, String> env = Map.of("WANEDIT_JOURNAL", "postgresql://127.0.0.1:" + postgres.getPort() + "/wanedit_main",
                "WANEDIT_JOURNAL_USER", "postgres");

        Run edit = run(env, prepend("--json", edit()));
        Run jobs = run(env, "--json", "jobs");

        assertThat(edit.exit()).as(edit.out() + edit.err()).isZero();
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
        JsonNode listed = new ObjectMapper().readTree(jobs.out()).path("jobs");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("state").asText()).isEqualTo("STORED");
        try (Connection c = DriverManager.getConnection(jdbc("wanedit_main"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE lease_owner IS NOT NULL), (SELECT count(*) FROM lease_owners)"
                     + " FROM jobs")) {
            r.next();
            assertThat(r.getInt(1)).as("jobs still leased").isZero();
            assertThat(r.getInt(2)).as("owners left behind").isZero();
        }
        assertThat(tmp.resolve("home/journal.db")).as("no SQLite journal instead").doesNotExist();
        assertThat(edit.out() + edit.err() + jobs.out() + jobs.err()).doesNotContain(PASSWORD);
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
