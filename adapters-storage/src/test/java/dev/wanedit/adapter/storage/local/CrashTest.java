package dev.wanedit.adapter.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.testing.ChildJvm;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a real writer process in the middle of storing a large result while it is also
 * writing the journal, then checks what a crash may leave: no file under a final name, a temp
 * file the next store removes, and a journal that opens, passes SQLite's integrity check and
 * holds the job at a committed version.
 */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void killingAWriterMidWrite_leavesNoPartialFileUnderAFinalName_andAConsistentJournal() throws Exception {
        Path out = dir.resolve("out");
        Path journalFile = dir.resolve("journal.db");
        JobId id;
        long lastJournaled = 0;
        try (ChildJvm child = ChildJvm.start(CrashingWriterMain.class, out.toString(), journalFile.toString())) {
            id = new JobId(child.awaitLine("JOB ").substring(4));
            for (String line = child.awaitLine("JOURNALED "); Long.parseLong(line.substring(10)) < 5; ) {
                line = child.awaitLine("JOURNALED ");
                lastJournaled = Long.parseLong(line.substring(10));
            }
            child.awaitLine("WRITING"); // over 256 KiB of the image are in the temp file

            child.kill();
        }

        Path jobDir = out.resolve(id.value());
        List<String> names = names(jobDir);
        assertThat(names).as("only a temp file; nothing under a final name").hasSize(1)
                .allMatch(n -> n.startsWith(".0.") && n.endsWith(".tmp"));
        assertThat(Files.size(jobDir.resolve(names.get(0)))).isGreaterThan(256 * 1024);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journalFile); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(r.getString(1)).isEqualTo("ok");
        }
        EditJob job = JobJournals.sqlite(journalFile, Clock.systemUTC()).find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.version()).as("a committed version: the last one printed, or the one in flight when killed")
                .isGreaterThanOrEqualTo(lastJournaled);

        // The next run stores the result properly, and the dead writer's temp file goes away.
        byte[] png = TestImages.png(64, 64, false);
        StoredResult stored = LocalResultStores.create(out, Clock.systemUTC(), ImageInspectors.headerOnly())
                .store(job, job.results().get(0), new ByteArrayInputStream(png));
        assertThat(Files.readAllBytes(Path.of(stored.location()))).isEqualTo(png);
        assertThat(names(jobDir)).containsExactly("0.json", "0.png");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
