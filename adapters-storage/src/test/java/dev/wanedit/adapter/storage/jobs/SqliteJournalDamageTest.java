package dev.wanedit.adapter.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged journal is refused and left as it is; a command that only reads never creates or writes one. */
class SqliteJournalDamageTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final JobQuery ALL = new JobQuery(Set.of(), Optional.empty(), Optional.empty(), 100);

    @TempDir
    Path tmp;

    private static String digest(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void aFileThatIsNotADatabase_isRefusedWithAHint_andNeverWritten() throws Exception {
        Path file = tmp.resolve("journal.db");
        byte[] noise = new byte[5000];
        new Random(3).nextBytes(noise);
        Files.write(file, noise);
        String before = digest(file);

        for (JobJournal j : new JobJournal[] {JobJournals.sqlite(file, CLOCK), JobJournals.sqliteForReading(file, CLOCK,
                Duration.ofSeconds(30))}) {
            try (j) {
                assertThatThrownBy(j::open).isInstanceOf(JournalDamaged.class)
                        .hasMessageContaining(file.toString()).hasMessageContaining("not a SQLite database")
                        .hasMessageContaining("journal rebuild").hasMessageContaining("untouched");
                assertThatThrownBy(() -> j.list(ALL)).isInstanceOf(JournalDamaged.class);
            }
        }
        assertThat(digest(file)).isEqualTo(before);
        assertThat(tmp.resolve("journal.db-wal")).doesNotExist();
    }

    @Test
    void aDatabaseWithDamagedPages_isRefused_andNeverWritten() throws Exception {
        Path file = tmp.resolve("journal.db");
        try (JobJournal j = JobJournals.sqlite(file, CLOCK)) {
            for (int i = 0; i < 40; i++) {
                j.insert(Jobs.created(Requests.wan25("job " + i), Jobs.T0.plusSeconds(i)));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(8192);
        byte[] noise = new byte[bytes.length - 100];
        new Random(5).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 100, noise.length); // the header stays, every page is noise
        Files.write(file, bytes);
        String before = digest(file);

        try (JobJournal j = JobJournals.sqliteForReading(file, CLOCK, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> {
                j.open();
                j.list(ALL);
            }).isInstanceOf(JournalDamaged.class).hasMessageContaining(file.toString());
        }
        assertThat(digest(file)).isEqualTo(before);
    }

    @Test
    void aRowThatBreaksItsStatesRules_isReportedDamaged_namingTheJobTheFieldAndTheRule_andNeverWritten() throws Exception {
        Path file = tmp.resolve("journal.db");
        EditJob job = Jobs.created(Requests.wan25("a pending job"), Jobs.T0);
        try (JobJournal j = JobJournals.sqlite(file, CLOCK)) {
            j.insert(job);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE jobs SET state = 'PENDING', task_id = NULL"); // a PENDING job without a task
        }
        String before = digest(file);

        try (JobJournal j = JobJournals.sqlite(file, CLOCK)) {
            j.open();
            for (org.assertj.core.api.ThrowableAssert.ThrowingCallable read : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                    () -> j.find(job.id()), () -> j.list(ALL), () -> j.findUnfinishedByFingerprint(job.fingerprint()))) {
                assertThatThrownBy(read).isInstanceOf(JournalDamaged.class)
                        .isInstanceOf(dev.wanedit.application.port.out.JobRepositoryException.Damaged.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("job " + job.id() + " cannot be read back: task: a PENDING job has a task")
                        .hasMessageContaining("journal rebuild")
                        .hasRootCauseInstanceOf(dev.wanedit.domain.job.InvalidSnapshot.class);
            }
        }
        assertThat(digest(file)).isEqualTo(before);
    }

    @Test
    void readingOnly_aMissingJournal_isAnEmptyOne_andNoFileIsCreated() {
        Path file = tmp.resolve("home").resolve("journal.db");
        try (JobJournal j = JobJournals.sqliteForReading(file, CLOCK, Duration.ofSeconds(30))) {
            j.open();
            assertThat(j.list(ALL)).isEmpty();
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void readingOnly_anEmptiedJournal_staysEmpty() throws Exception {
        Path file = Files.createFile(tmp.resolve("journal.db"));
        try (JobJournal j = JobJournals.sqliteForReading(file, CLOCK, Duration.ofSeconds(30))) {
            assertThat(j.list(ALL)).isEmpty();
        }
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void readingOnly_aJournalWithJobs_readsThem() {
        Path file = tmp.resolve("journal.db");
        EditJob job = Jobs.created(Requests.wan25("kept"), Jobs.T0);
        try (JobJournal j = JobJournals.sqlite(file, CLOCK)) {
            j.insert(job);
        }
        try (JobJournal j = JobJournals.sqliteForReading(file, CLOCK, Duration.ofSeconds(30))) {
            assertThat(j.list(ALL)).extracting(EditJob::id).containsExactly(job.id());
        }
    }
}
