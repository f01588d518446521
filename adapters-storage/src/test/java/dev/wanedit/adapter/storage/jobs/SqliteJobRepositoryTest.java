package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.ChildJvm;
import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite journal does: the file, its schema and migrations, and several writers on one file. */
class SqliteJobRepositoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T05:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("wanedit-home/journal.db");
    }

    @Test
    void wiring_doesNoIo_theFileAppearsOnFirstUse() {
        JobRepository repo = JobJournals.sqlite(file(), CLOCK);
        assertThat(file()).doesNotExist();

        repo.find(Jobs.id(T0));

        assertThat(file()).exists();
    }

    @Test
    void schema_isMigratedInOrder_recordsEveryMigration_andRunsInWalMode() throws Exception {
        JobJournals.openSqlite(file(), CLOCK);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            List<String> applied = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT version, applied_at FROM schema_migrations ORDER BY version")) {
                while (r.next()) {
                    applied.add(r.getInt(1) + "@" + r.getString(2));
                }
            }
            assertThat(applied).containsExactly("1@2026-11-21T05:00:00Z", "2@2026-11-21T05:00:00Z", "3@2026-11-21T05:00:00Z",
                    "4@2026-11-21T05:00:00Z", "5@2026-11-21T05:00:00Z", "6@2026-11-21T05:00:00Z", "7@2026-11-21T05:00:00Z",
                    "8@2026-11-21T05:00:00Z");
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
            }
            List<String> indexes = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'")) {
                while (r.next()) {
                    indexes.add(r.getString(1));
                }
            }
            assertThat(indexes).contains("jobs_by_state", "jobs_by_fingerprint", "jobs_by_created", "jobs_by_batch_line", "jobs_by_task");
        }
    }

    @Test
    void aSynchronousCall_isJournaled_andReadBack() {
        JobRepository repo = JobJournals.sqlite(file(), CLOCK);
        EditJob job = Jobs.created(Requests.wan27Boxes(), T0);
        repo.insert(job);
        job.beginSubmission(T0.plusSeconds(1), true);
        repo.update(job);

        EditJob back = JobJournals.sqlite(file(), CLOCK).find(job.id()).orElseThrow();

        assertThat(back.isSynchronousCall()).isTrue();
        Jobs.assertSameJob(back, job);
        back.synchronousOutcomeUnknown(T0.plusSeconds(400));
        repo.update(back);
        assertThat(repo.find(job.id()).orElseThrow().failure()).hasValueSatisfying(
                f -> assertThat(f.kind()).isEqualTo(dev.wanedit.domain.job.JobFailure.Kind.OUTCOME_UNKNOWN));
    }

    @Test
    void aJournalOfSchema3_isMigrated_andItsJobsAreTaskCreates() throws Exception {
        JobRepository repo = JobJournals.sqlite(file(), CLOCK);
        EditJob job = Jobs.submitting(Requests.wan27Boxes(), T0);
        repo.insert(job);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            // as wanedit before migrations 4 to 8 left it
            s.executeUpdate("DROP INDEX jobs_by_end");
            s.executeUpdate("ALTER TABLE jobs DROP COLUMN remote_scheduled_time");
            s.executeUpdate("DROP TABLE limit_slots");
            s.executeUpdate("DROP TABLE limit_grants");
            s.executeUpdate("DROP TABLE limit_buckets");
            s.executeUpdate("DROP INDEX jobs_by_lease_owner");
            s.executeUpdate("ALTER TABLE jobs DROP COLUMN lease_owner");
            s.executeUpdate("DROP TABLE lease_owners");
            s.executeUpdate("ALTER TABLE jobs DROP COLUMN notes_json");
            s.executeUpdate("ALTER TABLE jobs DROP COLUMN endpoint");
            s.executeUpdate("ALTER TABLE jobs DROP COLUMN synchronous_call");
            s.executeUpdate("DELETE FROM schema_migrations WHERE version >= 4");
        }

        EditJob back = JobJournals.sqlite(file(), CLOCK).find(job.id()).orElseThrow();

        assertThat(back.isSynchronousCall()).isFalse();
        // an unsent job of an older journal did not record where it was meant to go: it is sent nowhere on its own
        assertThat(back.endpointUnknown()).isTrue();
        assertThat(back.state()).isEqualTo(job.state());
        assertThat(back.request().fingerprint()).isEqualTo(job.fingerprint());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            assertThat(r.getInt(1)).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void theMoneyNotes_roundTrip_doubtHistoryUnknownAndProblem() {
        JobRepository repo = JobJournals.sqlite(file(), CLOCK);
        EditJob job = Jobs.submitting(Requests.wan25("snow"), T0);
        repo.insert(job);
        job.createOutcomeUnknown(dev.wanedit.domain.job.CreateDoubt.Cause.GATEWAY_ERROR, "HTTP 502 page", T0.plusSeconds(2));
        job.searched(List.of("t-a", "t-b"), T0.plusSeconds(5));
        repo.update(job);

        EditJob back = repo.find(job.id()).orElseThrow();

        Jobs.assertSameJob(back, job);
        assertThat(back.doubt()).isEqualTo(job.doubt());
        assertThat(back.history()).isEqualTo(job.history());
        assertThat(back.doubt().orElseThrow().candidates()).containsExactly("t-a", "t-b");
        assertThat(back.history()).hasSize(1);
    }

    @Test
    void reopening_keepsTheJobs_andDoesNotMigrateAgain() throws Exception {
        EditJob job = Jobs.succeeded(Requests.wan27Boxes(), T0, 2);
        JobJournals.sqlite(file(), CLOCK).insert(job);

        JobRepository again = JobJournals.sqlite(file(), Clock.offset(CLOCK, java.time.Duration.ofDays(1)));
        Jobs.assertSameJob(again.find(job.id()).orElseThrow(), job);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(applied_at) FROM schema_migrations")) {
            assertThat(r.getInt(1)).isEqualTo(Migrations.latest());
            assertThat(r.getString(2)).isEqualTo("2026-11-21T05:00:00Z");
        }
    }

    @Test
    void aJournalFromANewerWanedit_isRefusedWithAClearMessage() throws Exception {
        JobJournals.openSqlite(file(), CLOCK);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
        }

        assertThatThrownBy(() -> JobJournals.sqlite(file(), CLOCK).find(Jobs.id(T0)))
                .isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("schema version 99").hasMessageContaining(file().getFileName().toString());
    }

    @Test
    void aHumanCanReadTheJournalThroughTheView() throws Exception {
        EditJob job = Jobs.submitting(Requests.wan25("readable"), T0);
        JobJournals.sqlite(file(), CLOCK).insert(job);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT state, created, model, prompt FROM jobs_readable")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("SUBMITTING");
            assertThat(r.getString(2)).isEqualTo("2026-11-21T10:15:30.123Z");
            assertThat(r.getString(3)).isEqualTo("wan2.5-i2i-preview");
            assertThat(r.getString(4)).isEqualTo("readable");
        }
    }

    @Test
    void twoRepositoriesOnOneFile_seeEachOthersWrites_andVersionsGuardUpdates() {
        JobRepository a = JobJournals.sqlite(file(), CLOCK);
        JobRepository b = JobJournals.sqlite(file(), CLOCK);
        EditJob job = Jobs.created(Requests.wanx21Doodle(), T0);
        a.insert(job);

        EditJob viaB = b.find(job.id()).orElseThrow();
        viaB.beginSubmission(T0.plusSeconds(1));
        b.update(viaB);
        job.cancelled(T0.plusSeconds(2));

        assertThatThrownBy(() -> a.update(job)).isInstanceOf(ConcurrentJobUpdate.class);
        assertThat(a.find(job.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
    }

    @Test
    void manyThreads_readModifyWriteOneJob_loseNoUpdate() throws Exception {
        int results = 24;
        EditJob job = Jobs.succeeded(Requests.wanx21Doodle(), T0, results);
        JobJournals.sqlite(file(), CLOCK).insert(job);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < results; i++) {
                int index = i;
                JobRepository own = JobJournals.sqlite(file(), CLOCK);
                done.add(pool.submit(() -> {
                    while (true) {
                        EditJob j = own.find(job.id()).orElseThrow();
                        j.recordStored(index, "t/" + index, "cd".repeat(32), index, T0.plusSeconds(100));
                        try {
                            own.update(j);
                            return null;
                        } catch (ConcurrentJobUpdate e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        EditJob end = JobJournals.sqlite(file(), CLOCK).find(job.id()).orElseThrow();
        assertThat(end.state()).isEqualTo(JobState.STORED);
        assertThat(end.results().stream().filter(ResultImage::succeeded)).allMatch(ResultImage::isStored);
        assertThat(end.version()).isEqualTo(1 + results);
    }

    @Test
    void twoOsProcesses_updateOneJobConcurrently_withNoLostUpdate() throws Exception {
        int results = 30;
        EditJob job = Jobs.succeeded(Requests.wan25("two processes"), T0, results);
        JobJournals.sqlite(file(), CLOCK).insert(job);

        try (ChildJvm even = ChildJvm.start(JournalWorkerMain.class, file().toString(), job.id().value(), "0", String.valueOf(results));
             ChildJvm odd = ChildJvm.start(JournalWorkerMain.class, file().toString(), job.id().value(), "1", String.valueOf(results))) {
            even.awaitLine("READY");
            odd.awaitLine("READY");
            even.send("go");
            odd.send("go");
            even.awaitLine("DONE");
            odd.awaitLine("DONE");
            assertThat(even.exitCode()).as(even.output()).isZero();
            assertThat(odd.exitCode()).as(odd.output()).isZero();
        }

        EditJob end = JobJournals.sqlite(file(), CLOCK).find(job.id()).orElseThrow();
        assertThat(end.state()).isEqualTo(JobState.STORED);
        assertThat(end.version()).as("one version per recorded result, none lost").isEqualTo(1 + results);
        for (ResultImage r : end.results()) {
            if (r.succeeded()) {
                assertThat(r.storedAt()).contains("worker-" + (r.index() % 2) + "/" + r.index() + ".png");
            }
        }
    }

    @Test
    void aRelativeLocalPath_isJournaledAbsolute_withTheSameFingerprint() {
        dev.wanedit.domain.request.EditRequest relative = dev.wanedit.domain.request.EditRequest.draft("wan2.5-i2i-preview").prompt("p")
                .image(new dev.wanedit.domain.request.ImageInput.LocalImage(Path.of("pics/../pics/cat.png"),
                        Requests.facts(dev.wanedit.domain.request.ImageFormat.PNG, 800, 600, null)))
                .build();
        EditJob job = Jobs.created(relative, T0);
        JobRepository repo = JobJournals.sqlite(file(), CLOCK);
        repo.insert(job);

        EditJob back = repo.find(job.id()).orElseThrow();

        dev.wanedit.domain.request.ImageInput.LocalImage image = (dev.wanedit.domain.request.ImageInput.LocalImage) back.request().images().get(0);
        assertThat(image.path()).isAbsolute().isEqualTo(Path.of("pics/cat.png").toAbsolutePath());
        assertThat(back.request().fingerprint()).isEqualTo(relative.fingerprint());
    }

    @Test
    void anUnwritableJournalLocation_givesAJournalExceptionNamingTheFile() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        JobRepository repo = JobJournals.sqlite(blocker.resolve("journal.db"), CLOCK);
        assertThatThrownBy(() -> repo.find(Jobs.id(T0))).isInstanceOf(JournalException.class)
                .hasMessageContaining("not-a-folder");
    }
}
