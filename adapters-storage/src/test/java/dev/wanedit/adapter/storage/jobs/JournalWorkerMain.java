package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * A second wanedit process, for the concurrency tests: records the stored location of every
 * result whose index has the given parity, each as its own read-modify-write, retrying on a
 * version conflict as the application does.
 * Args: journal file, job id, parity (0 or 1), number of results.
 */
public final class JournalWorkerMain {

    public static void main(String[] args) throws Exception {
        JobRepository repo = JobJournals.sqlite(Path.of(args[0]), Clock.systemUTC());
        JobId id = new JobId(args[1]);
        int parity = Integer.parseInt(args[2]);
        int total = Integer.parseInt(args[3]);
        repo.find(id).orElseThrow(); // opens and warms up the journal
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(); // wait for "go"
        int conflicts = 0;
        for (int i = parity; i < total; i += 2) {
            while (true) {
                EditJob job = repo.find(id).orElseThrow();
                job.recordStored(i, "worker-" + parity + "/" + i + ".png", String.format("%064d", i), 100 + i, Instant.now());
                try {
                    repo.update(job);
                    break;
                } catch (ConcurrentJobUpdate e) {
                    conflicts++;
                }
            }
        }
        System.out.println("DONE conflicts=" + conflicts);
    }

    private JournalWorkerMain() {
    }
}
