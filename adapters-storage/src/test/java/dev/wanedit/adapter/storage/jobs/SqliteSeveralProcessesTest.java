package dev.wanedit.adapter.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.storage.testing.ChildJvm;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared SQLite journal across real processes (child JVMs on one file), for what threads in one
 * JVM cannot show: separate connections, locks and clocks of separate processes, and a process that
 * dies by SIGKILL while it holds a lease.
 */
class SqliteSeveralProcessesTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("journal.db");
    }

    @Test
    void threeProcesses_oneInsertsTheBatchLine_permitsStayWithinTheWindowAfterAPause_andSlotsWithinTheLimit() throws Exception {
        JobJournal parent = JobJournals.openSqlite(file(), Clock.systemUTC());
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(SharedJournalWorkerMain.class, file().toString(), "race"));
            }
            for (ChildJvm c : children) {
                c.awaitLine("READY");
            }
            Instant pausedFrom = Instant.now();
            parent.pause("submit", Duration.ofSeconds(2)); // a 429 seen by this process holds for the others
            for (ChildJvm c : children) {
                c.send("go");
            }
            List<String> lines = new ArrayList<>();
            for (ChildJvm c : children) {
                c.awaitLine("DONE");
                assertThat(c.exitCode()).as(c.output()).isZero();
                lines.addAll(List.of(c.output().split("\n")));
            }

            assertThat(lines.stream().filter(l -> l.startsWith("INSERTED "))).as("exactly one process inserts").hasSize(1);
            assertThat(lines.stream().filter(l -> l.startsWith("INSERTED ") || l.startsWith("REUSED "))
                    .map(l -> l.substring(l.indexOf(' ') + 1)).distinct()).as("and all name one job").hasSize(1);
            assertThat(parent.list(JobQuery.all())).hasSize(1);

            List<Instant> permits = lines.stream().filter(l -> l.startsWith("PERMIT "))
                    .map(l -> JdbcJournal.micros(Long.parseLong(l.substring(7)))).sorted().toList();
            assertThat(permits).hasSize(24);
            JobJournalContract.assertAtMostPerWindow(permits, 5, Duration.ofSeconds(1));
            assertThat(permits.get(0)).as("no permit within the pause").isAfterOrEqualTo(pausedFrom.plusSeconds(2));

            assertThat(lines.stream().filter(l -> l.startsWith("SLOT ")).distinct()).as("slots of distinct jobs").hasSize(4);
            assertThat(parent.slotsInUse("tasks")).isEqualTo(4);
        } finally {
            children.forEach(ChildJvm::close);
            parent.close();
        }
    }

    @Test
    void aProcessKilledWithSigkill_whileHoldingALease_losesNothing_andAnotherTakesTheJobOverAtOnce() throws Exception {
        JobJournal survivor = JobJournals.openSqlite(file(), Clock.systemUTC());
        try (ChildJvm doomed = ChildJvm.start(SharedJournalWorkerMain.class, file().toString(), "hold")) {
            doomed.awaitLine("READY");
            doomed.send("go");
            JobId held = new JobId(doomed.awaitLine("HELD ").substring(5));
            assertThat(survivor.holders(List.of(held))).as("held by the live child").isNotEmpty();
            assertThat(survivor.acquire(held)).isFalse();

            doomed.kill();

            EditJob job = survivor.find(held).orElseThrow();
            assertThat(job.state()).as("its journaled job is all there").isEqualTo(JobState.CREATED);
            assertThat(survivor.holders(List.of(held))).as("a dead pid on this machine holds nothing").isEmpty();
            assertThat(survivor.claim(JobQuery.inStates(JobState.unfinished()), 10)).extracting(EditJob::id).containsExactly(held);
        } finally {
            survivor.close();
        }
    }
}
