package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("choosing the journal: a SQLite file or a PostgreSQL URL, credentials from the environment, the lease time")
class JournalConfigTest {

    @TempDir
    Path home;

    private AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env, home).load(new ConfigLoader.Flags(null, null, null, null, false));
    }

    private String problem(Map<String, String> env) {
        try {
            load(env);
        } catch (ConfigLoader.ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no problem reported for " + env);
    }

    @Test
    void byDefault_theSqliteFileUnderHome_withA30SecondLease() {
        AppConfig c = load(Map.of());

        assertThat(c.journalServer()).isEmpty();
        assertThat(c.journal()).isEqualTo(home.resolve(".wanedit/journal.db"));
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPostgresqlUrl_choosesTheServer_withUserAndPasswordFromTheEnvironment() {
        AppConfig c = load(Map.of("WANEDIT_JOURNAL", "postgresql://db.example:6543/wanedit?sslmode=require",
                "WANEDIT_JOURNAL_USER", "jobs", "WANEDIT_JOURNAL_PASSWORD", "s3cret-pw"));

        AppConfig.JournalServer s = c.journalServer().orElseThrow();
        assertThat(s.target().host()).isEqualTo("db.example");
        assertThat(s.target().port()).isEqualTo(6543);
        assertThat(s.target().database()).isEqualTo("wanedit");
        assertThat(s.target().params()).containsEntry("sslmode", "require");
        assertThat(s.credentials().user()).contains("jobs");
        assertThat(s.credentials().secret()).contains("s3cret-pw");
        assertThat(c.toString()).contains("db.example:6543/wanedit").contains("user=jobs").doesNotContain("s3cret-pw");
        assertThat(s.credentials().toString()).doesNotContain("s3cret-pw").contains("***");
    }

    @Test
    void libpqVariables_areTheFallback_andAUserInTheUrlWins() {
        AppConfig fromPg = load(Map.of("WANEDIT_JOURNAL", "jdbc:postgresql://127.0.0.1/jobs", "PGUSER", "pg-user",
                "PGPASSWORD", "pg-pw"));
        assertThat(fromPg.journalServer().orElseThrow().target().port()).isEqualTo(5432);
        assertThat(fromPg.journalServer().get().credentials().user()).contains("pg-user");
        assertThat(fromPg.journalServer().get().credentials().secret()).contains("pg-pw");

        AppConfig urlUser = load(Map.of("WANEDIT_JOURNAL", "postgres://alice@127.0.0.1:5433/jobs", "PGUSER", "pg-user",
                "WANEDIT_JOURNAL_PASSWORD", "w-pw", "PGPASSWORD", "pg-pw"));
        assertThat(urlUser.journalServer().orElseThrow().credentials().user()).contains("alice");
        assertThat(urlUser.journalServer().get().credentials().secret()).as("wanedit's variable before libpq's").contains("w-pw");
    }

    @Test
    void theConfigFileKey_choosesTheServerToo() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".config/wanedit"));
        Files.writeString(dir.resolve("config.properties"), "journal=postgresql://10.1.2.3/shared\nlease-seconds=45\n");

        AppConfig c = load(Map.of());

        assertThat(c.journalServer().orElseThrow().target().describe()).isEqualTo("10.1.2.3:5432/shared");
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aPasswordInTheUrl_isRefusedWithAHint_andNeverRepeated() {
        String withUserInfo = problem(Map.of("WANEDIT_JOURNAL", "postgresql://bob:hunter2-pw@db.example/jobs"));
        assertThat(withUserInfo).contains("WANEDIT_JOURNAL").contains("must not contain a password")
                .contains("WANEDIT_JOURNAL_PASSWORD").doesNotContain("hunter2-pw");

        String withParam = problem(Map.of("WANEDIT_JOURNAL", "postgresql://db.example/jobs?sslmode=require&password=hunter2-pw"));
        assertThat(withParam).contains("?password=").contains("WANEDIT_JOURNAL_PASSWORD").doesNotContain("hunter2-pw");
    }

    @Test
    void aMalformedUrl_namesEveryProblem() {
        String noDatabase = problem(Map.of("WANEDIT_JOURNAL", "postgresql://db.example:5432/"));
        assertThat(noDatabase).contains("WANEDIT_JOURNAL").contains("names no database");

        String badPort = problem(Map.of("WANEDIT_JOURNAL", "postgresql://db.example:99999/jobs"));
        assertThat(badPort).contains("port 99999 is out of range");

        String noHost = problem(Map.of("WANEDIT_JOURNAL", "postgresql:///jobs"));
        assertThat(noHost).contains("has no host");
    }

    @Test
    void theLeaseTime_mustBeWholeSecondsWithinRange() {
        assertThat(load(Map.of("WANEDIT_LEASE_SECONDS", "2")).leaseTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(problem(Map.of("WANEDIT_LEASE_SECONDS", "0"))).contains("WANEDIT_LEASE_SECONDS").contains("from 1 to 3600");
        assertThat(problem(Map.of("WANEDIT_LEASE_SECONDS", "ten"))).contains("WANEDIT_LEASE_SECONDS").contains("whole number");
    }

    @Test
    void aPostgresJournal_isNotCheckedAsAFolder_andOtherProblemsAreStillListedWithIt() {
        assertThatThrownBy(() -> load(Map.of("WANEDIT_JOURNAL", "postgresql://:1/x", "WANEDIT_POLL_SCALE", "0")))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("2 problems").hasMessageContaining("WANEDIT_POLL_SCALE").hasMessageContaining("has no host");
    }
}
