package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.application.port.out.JobRepository.Insertion;
import dev.wanedit.application.port.out.SharedLimits.Permit;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Another wanedit process on a shared SQLite journal, for the several-JVM cases. Prints READY,
 * waits for "go" on stdin (so that every process starts at once), does its part, prints one line per
 * result and DONE. Args: journal file and a mode:
 * <ul>
 *   <li>{@code race}: insertOrReuse the job of batch line "race"/"1" and print {@code INSERTED id} or
 *       {@code REUSED id}; then take 8 permits of bucket "submit" (5 per second), printing
 *       {@code PERMIT epoch-micros} each; then try slots (limit 4) for 12 fixed jobs, printing
 *       {@code SLOT i} for each one won;</li>
 *   <li>{@code hold}: inserts a job (leased to this process), prints {@code HELD id}, then waits to be killed.</li>
 * </ul>
 */
public final class SharedJournalWorkerMain {

    public static void main(String[] args) throws Exception {
        JobJournal journal = JobJournals.sqlite(Path.of(args[0]), Clock.systemUTC());
        String mode = args[1];
        journal.availableIn("warm-up", 1, Duration.ofSeconds(1)); // opens both connections and migrates
        journal.find(new JobId("20261121-101530-123-aaaaaa"));
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (mode.equals("race")) {
            EditJob job = Jobs.inBatch(Requests.wan25("several JVMs"), Instant.now(), "race", "1");
            Insertion done = journal.insertOrReuse(job, false);
            System.out.println((done.inserted() ? "INSERTED " : "REUSED ") + done.job().id());
            for (int i = 0; i < 8; i++) {
                Permit p = journal.reserve("submit", 5, Duration.ofSeconds(1));
                System.out.println("PERMIT " + JdbcJournal.micros(Duration.between(Instant.EPOCH, p.at())));
            }
            for (int i = 0; i < 12; i++) {
                if (journal.tryAcquireSlot("tasks", 4, slotJob(i), Duration.ofMinutes(5))) {
                    System.out.println("SLOT " + i);
                }
            }
        } else {
            EditJob job = Jobs.created(Requests.wan25("held by a process that will be killed"), Instant.now());
            journal.insertOrReuse(job, false);
            System.out.println("HELD " + job.id());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // until SIGKILL
        }
        System.out.println("DONE");
        System.out.flush();
        journal.close();
    }

    /** The fixed job ids the slot workers compete with. */
    static JobId slotJob(int i) {
        return new JobId(String.format("20261121-101530-123-s%05d", i));
    }

    private SharedJournalWorkerMain() {
    }
}
