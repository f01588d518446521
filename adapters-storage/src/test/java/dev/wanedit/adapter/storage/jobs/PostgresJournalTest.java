package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.PostgresTestServer;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL journal has: a server to lose and find again, concurrent migrations, session settings. */
class PostgresJournalTest {

    private static final String PASSWORD = "pg-test-password-never-shown";

    @Test
    void connectionsDroppedByTheServer_areReplaced_andTheNextCallsWork() throws Exception {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        try (JobJournal journal = TestJournals.postgres(db)) {
            EditJob job = Jobs.created(Requests.wan25("survives a restart"), T0);
            journal.insert(job);
            journal.reserve("submit:x", 5, java.time.Duration.ofSeconds(1));

            int dropped = terminateOtherBackends(db);

            assertThat(dropped).as("the journal's two connections").isGreaterThanOrEqualTo(2);
            assertThat(journal.find(job.id())).isPresent();
            job.beginSubmission(T0.plusSeconds(1));
            journal.update(job);
            assertThat(journal.find(job.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
            assertThat(journal.reserve("submit:x", 5, java.time.Duration.ofSeconds(1)).delay().isNegative()).isFalse();
        }
    }

    private static int terminateOtherBackends(PostgresTestServer.Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void severalProcessesStartingAtOnce_onAnEmptyDatabase_migrateItOnce() throws Exception {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        List<JobJournal> journals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            journals.add(TestJournals.postgres(db));
        }
        try {
            JobJournalContract.race(journals.size(), i -> {
                journals.get(i).open();
                return null;
            });
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*), max(version) FROM schema_migrations")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(PostgresSchema.ALL.size());
                assertThat(r.getInt(2)).isEqualTo(Migrations.latest(PostgresSchema.ALL));
            }
        } finally {
            journals.forEach(JobJournal::close);
        }
    }

    @Test
    void aDatabaseFromANewerWanedit_isRefusedWithAClearMessage() {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        try (JobJournal j = TestJournals.postgres(db)) {
            j.open();
        }
        db.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");

        try (JobJournal j = TestJournals.postgres(db)) {
            assertThatThrownBy(j::open).isInstanceOf(JournalDamaged.class).hasMessageContaining("schema version 99")
                    .hasMessageContaining(db.name()).hasMessageContaining("upgrade wanedit");
        }
    }

    @Test
    void jobsAreCommittedDurably_whateverTheServersDefault_andLimitsAreNot() {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        try (PostgresJournal j = (PostgresJournal) TestJournals.postgres(db)) {
            String jobs = j.jobs.read("show", c -> show(c, "synchronous_commit"));
            String limits = j.fast.read("show", c -> show(c, "synchronous_commit"));
            assertThat(jobs).isEqualTo("on");
            assertThat(limits).isEqualTo("off");
        }
    }

    private static String show(Connection c, String setting) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void anUnreachableServer_isJournalUnavailable_namingHostPortAndDatabase_neverThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JobJournal j = JobJournals.postgres(PostgresTarget.parse("postgresql://127.0.0.1:" + port + "/jobs_here"),
                PostgresCredentials.of(Optional.of("someone"), Optional.of(PASSWORD)), Clock.systemUTC(), JobJournals.DEFAULT_LEASE);

        assertThatThrownBy(j::open).isInstanceOf(JournalUnavailable.class)
                .hasMessageContaining("127.0.0.1 port " + port + ", database jobs_here")
                .hasMessageContaining("cannot be reached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThatThrownBy(() -> j.find(Jobs.id(T0))).as("every call says so, not only the first")
                .isInstanceOf(JournalUnavailable.class);
        j.close();
    }

    @Test
    void anUnknownDatabase_isJournalMisconfigured_namingIt() {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase();
        PostgresTarget missing = PostgresTarget.parse("postgresql://127.0.0.1:" + db.port() + "/no_such_database");
        try (JobJournal j = JobJournals.postgres(missing, PostgresCredentials.of(Optional.of(PostgresTestServer.USER),
                Optional.of(PASSWORD)), Clock.systemUTC(), JobJournals.DEFAULT_LEASE)) {
            assertThatThrownBy(j::open).isInstanceOf(JournalMisconfigured.class)
                    .hasMessageContaining("database no_such_database").hasMessageContaining("user postgres")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        }
    }
}
