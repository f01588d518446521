package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.storage.jobs.JobJournal;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.jobs.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the journal opened on its own thread while the process builds the rest")
class JournalOpeningTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("an open that succeeds leaves a journal that is open and answers")
    void opens() throws Exception {
        Path file = dir.resolve("jobs.db");
        try (JobJournal journal = JobJournals.sqlite(file, Clock.systemUTC());
             JournalOpening opening = JournalOpening.start(journal)) {
            assertThat(opening.outcome()).isEmpty();
            assertThat(Files.size(file)).as("created and migrated by the open").isPositive();
            assertThat(journal.list(dev.wanedit.application.port.out.JobQuery.all())).isEmpty();
        }
    }

    @Test
    @DisplayName("an open that fails hands its exception to the thread that waits, as often as asked, and close does not throw")
    void failureIsHandedOver() throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve("a-folder.db"));
        try (JobJournal journal = JobJournals.sqlite(notAFile, Clock.systemUTC())) {
            JournalOpening opening = JournalOpening.start(journal);
            assertThat(opening.outcome()).get().isInstanceOf(JournalException.class);
            assertThat(opening.outcome()).as("the same answer again").get().isInstanceOf(JournalException.class);
            opening.close();
        }
    }

    @Test
    @DisplayName("an interrupt while waiting does not cut the wait short, and stays set for the command")
    void interruptIsKept() throws Exception {
        try (JobJournal journal = JobJournals.sqlite(dir.resolve("jobs.db"), Clock.systemUTC());
             JournalOpening opening = JournalOpening.start(journal)) {
            Thread.currentThread().interrupt();
            assertThat(opening.outcome()).isEmpty();
            assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
        }
    }

    @Test
    @DisplayName("nothing to open: no thread, no failure")
    void none() {
        assertThat(JournalOpening.none().outcome()).isEmpty();
    }
}
