package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.adapter.storage.testing.PostgresTestServer;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Journal;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three real {@code wanedit batch} processes on one 60-line manifest and one journal (the SQLite file
 * of one machine, then a real PostgreSQL server), against one emulator with the service's documented
 * limits on (wan2.5: 5 creates a second, 5 tasks at once; 20 task queries a second for the account).
 * One process is killed with SIGKILL midway; {@code jobs}, {@code status --refresh} and {@code resume}
 * run beside the batches. The emulator's own records then prove that every line was created exactly
 * once and that it answered no 429 (so the processes together kept the account's limits), and the
 * output folder that every image is stored once.
 */
class SeveralProcessesIT {

    static final int LINES = 60;
    static final Duration LIMIT = Duration.ofSeconds(150);

    @RegisterExtension
    static final SandboxExtension BATCH = SandboxExtension.perTest("several-processes").emulatorPerTest()
            .emulator(ShelfProducts::oneSecondTasks);

    private DashScopeEmulator emu;
    private Sandbox wanedit;
    private Path manifest;
    private Path out;

    @BeforeEach
    void setUp(Sandbox sandbox, DashScopeEmulator emulator) throws IOException {
        emu = emulator;
        wanedit = sandbox.plainJvm("-Xmx192m", "-XX:TieredStopAtLevel=1").changeEnv(Map.of("WANEDIT_POLL_SCALE", "0.05"));
        out = sandbox.out;
        manifest = ShelfProducts.write(sandbox.work, LINES);
    }

    @Test
    void threeProcessesOnOneSqliteJournal_oneKilled_everyLineCreatedOnceAndNo429() throws Exception {
        runThreeBatches(Map.of());
    }

    @Test
    void threeProcessesOnOnePostgresJournal_oneKilled_everyLineCreatedOnceAndNo429() throws Exception {
        PostgresTestServer.Database db = PostgresTestServer.freshDatabase(); // skips, saying why, without a server
        runThreeBatches(Map.of("WANEDIT_JOURNAL", db.url(), "WANEDIT_JOURNAL_USER", PostgresTestServer.USER));
    }

    private void runThreeBatches(Map<String, String> journal) throws Exception {
        Journal records = emu.journal();
        List<WaneditProcess.Background> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(wanedit.startWithEnv(journal, "batch", manifest.toString(), "-o", out.toString(), "--json"));
        }

        // one process dies with SIGKILL midway, holding leases on its tasks in flight
        WaneditProcess.Background victim = batches.get(1);
        boolean killed = victim.killWhen(() -> records.tasksCreated() >= LINES / 4, LIMIT);
        assertThat(killed).as("the second batch was still running when a quarter was created\n" + victim.outputSoFar()).isTrue();

        // beside the running batches: jobs, status --refresh of a job, resume
        WaneditProcess.Result jobs = wanedit.record(wanedit.startWithEnv(journal, "jobs", "--json", "--limit", "200").await(LIMIT));
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        JsonNode listed = jobs.json().get("jobs");
        assertThat(listed).as("jobs journaled so far").isNotEmpty();
        String someJob = listed.get(listed.size() - 1).get("job_id").asText();
        WaneditProcess.Background statusRun = wanedit.startWithEnv(journal, "status", someJob, "--refresh", "--json");
        WaneditProcess.Background resumeRun = wanedit.startWithEnv(journal, "resume", "-o", out.toString(), "--json");
        WaneditProcess.Result status = wanedit.record(statusRun.await(LIMIT));
        assertThat(status.exitCode()).as("status --refresh while batches run\n" + status).isZero();
        assertThat(status.json().get("job_id").asText()).isEqualTo(someJob);
        WaneditProcess.Result resume = wanedit.record(resumeRun.await(LIMIT));
        assertThat(resume.exitCode()).as("resume while batches run\n" + resume).isZero();

        for (WaneditProcess.Background survivor : List.of(batches.get(0), batches.get(2))) {
            WaneditProcess.Result run = wanedit.record(survivor.await(LIMIT));
            assertThat(run.exitCode()).as("a surviving batch\n" + run).isZero();
            JsonNode report = run.json();
            assertThat(report.get("lines").get("valid").asInt()).isEqualTo(LINES);
            assertThat(report.get("outcomes")).as("every line reported, its own or watched").hasSize(LINES);
            report.get("outcomes").forEach(o -> assertThat(o.get("state").asText()).as(o.toString()).isEqualTo("STORED"));
        }
        System.out.println("SeveralProcessesIT " + (journal.isEmpty() ? "SQLite" : "PostgreSQL") + ": creates "
                + records.tasksCreated() + ", requests " + records.requestsPerEndpoint() + ", busiest second "
                + records.busiestSecond() + ", throttled " + records.throttledPerEndpoint());

        // the emulator's records: each line created exactly once, and no 429 to anyone
        Map<String, Integer> perBody = records.tasksCreatedPerBody();
        assertThat(perBody).as("distinct requests created").hasSize(LINES);
        assertThat(perBody.values()).as("creates per request body").allMatch(n -> n == 1);
        assertThat(records.tasksCreated()).isEqualTo(LINES);
        assertThat(records.throttled()).as("429s answered: %s", records.throttledPerEndpoint()).isZero();

        // the journal: every line's job STORED
        WaneditProcess.Result after = wanedit.record(wanedit.startWithEnv(journal, "jobs", "--json", "--limit", "200").await(LIMIT));
        assertThat(after.exitCode()).as(after.toString()).isZero();
        JsonNode all = after.json().get("jobs");
        assertThat(all).hasSize(LINES);
        Set<String> ids = new HashSet<>();
        all.forEach(j -> {
            assertThat(j.get("state").asText()).as(j.toString()).isEqualTo("STORED");
            ids.add(j.get("job_id").asText());
        });

        // every image stored once: one folder per job, one image and its sidecar in each
        try (Stream<Path> top = Files.list(out)) {
            assertThat(top.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
        for (String id : ids) {
            try (Stream<Path> files = Files.list(out.resolve(id))) {
                assertThat(files.map(p -> p.getFileName().toString())).as("job %s", id)
                        .containsExactlyInAnyOrder("0.png", "0.json");
            }
            BufferedImage decoded = ImageIO.read(out.resolve(id).resolve("0.png").toFile());
            assertThat(decoded).as("%s decodes", id).isNotNull();
            assertThat(decoded.getWidth()).isEqualTo(768);
        }
    }
}
