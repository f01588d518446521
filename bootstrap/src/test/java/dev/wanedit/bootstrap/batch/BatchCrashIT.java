package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import dev.wanedit.emulator.Faults;
import dev.wanedit.emulator.Journal;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * A real batch process against the emulator (short tasks, the service's limits on, faults on),
 * killed with SIGKILL at several points and resumed, until every line is done. The emulator's
 * journal then proves that every request was created exactly once, and the output folder that
 * every expected image is stored whole, decodes, has its sidecar, and belongs to its own line.
 */
class BatchCrashIT {

    static final int LINES = 40;
    static final Duration LIMIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final SandboxExtension BATCH = SandboxExtension.perTest("batch-crash").emulatorPerTest()
            .emulator(ShelfProducts::oneSecondTasks);

    private DashScopeEmulator emu;
    private Sandbox wanedit;
    private Path manifest;
    private Path out;
    private final Map<String, String> promptByKey = new HashMap<>();

    @BeforeEach
    void setUp(Sandbox sandbox, DashScopeEmulator emulator) throws IOException {
        emu = emulator;
        wanedit = sandbox.plainJvm("-Xmx256m").changeEnv(Map.of("WANEDIT_POLL_SCALE", "0.05"));
        out = sandbox.out;
        manifest = ShelfProducts.write(sandbox.work, LINES);
        for (int i = 1; i <= LINES; i++) {
            promptByKey.put("sku-" + i, ShelfProducts.prompt(i));
        }
    }

    private WaneditProcess.Background batch(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("batch", manifest.toString(), "-o", out.toString()));
        args.addAll(List.of(more));
        return wanedit.start(args.toArray(String[]::new));
    }

    /** Job states in the local journal after a kill, e.g. {STORED=3, RUNNING=2, SUBMITTING=1}: evidence of where it died. */
    private String journalStates() throws Exception {
        WaneditProcess.Result jobs = wanedit.record(wanedit.start("jobs", "--json").await(LIMIT));
        Map<String, Integer> states = new java.util.TreeMap<>();
        jobs.json().get("jobs")
                .forEach(j -> states.merge(j.get("state").asText(), 1, Integer::sum));
        return states.toString();
    }

    @Test
    void killedAtSeveralPoints_thenResumed_createsEachRequestOnceAndStoresEveryImage() throws Exception {
        Journal journal = emu.journal();
        Faults faults = emu.faults();
        // Faults that stay on throughout: task queries answered 503 now and then, downloads refused once.
        faults.on(Endpoint.TASK_QUERY).times(15).inject(Fault.serviceUnavailable());
        faults.on(Endpoint.RESULT_DOWNLOAD).times(2).inject(Fault.serviceUnavailable());
        // A create whose connection is reset before anything is created: outcome unknown, nothing to adopt.
        faults.onCreate().once().inject(Fault.connectionReset());
        int kills = 0;
        List<String> log = new ArrayList<>();

        // 1. early: a few tasks created
        WaneditProcess.Background run = batch();
        if (run.killWhen(() -> journal.tasksCreated() >= 3, LIMIT)) {
            kills++;
        }
        log.add("kill 1 after " + journal.tasksCreated() + " creates");
        log.add("  left: " + journalStates());

        // 2. right after a create whose reply is lost (the task exists; the process dies before or while reconciling)
        Faults.Rule reset = faults.onCreate().times(2).inject(Fault.createThenReset());
        run = batch();
        if (run.killWhen(() -> reset.hits() >= 1, LIMIT)) {
            kills++;
        }
        log.add("kill 2 after a create-then-reset, " + journal.tasksCreated() + " creates");
        log.add("  left: " + journalStates());

        // 3. mid-download: as soon as results are being downloaded
        int downloads = journal.downloads();
        run = batch();
        if (run.killWhen(() -> journal.downloads() >= downloads + 2, LIMIT)) {
            kills++;
        }
        log.add("kill 3 after " + journal.downloads() + " downloads, " + journal.tasksCreated() + " creates");
        log.add("  left: " + journalStates());

        // 4. the instant the next task is created (between the create and its journal entry, or just after)
        int created = journal.tasksCreated();
        run = batch();
        if (run.killWhen(() -> journal.tasksCreated() > created, LIMIT)) {
            kills++;
        }
        log.add("kill 4 after " + journal.tasksCreated() + " creates");
        log.add("  left: " + journalStates());

        // 5. another create-then-reset, killed at once
        Faults.Rule reset2 = faults.onCreate().once().inject(Fault.createThenReset());
        run = batch();
        if (run.killWhen(() -> reset2.hits() >= 1, LIMIT)) {
            kills++;
        }
        log.add("kill 5 after a create-then-reset, " + journal.tasksCreated() + " creates");
        log.add("  left: " + journalStates());

        // 6. `wanedit resume`, killed mid-download
        int downloads2 = journal.downloads();
        run = wanedit.start("resume", "-o", out.toString());
        if (run.killWhen(() -> journal.downloads() > downloads2, LIMIT)) {
            kills++;
        }
        log.add("kill 6 (resume) after " + journal.downloads() + " downloads");
        log.add("  left: " + journalStates());

        // Finish: run the batch again until everything is stored.
        WaneditProcess.Result last = null;
        int exit = -1;
        for (int attempt = 1; attempt <= 4 && exit != 0; attempt++) {
            last = wanedit.record(batch("--json").await(LIMIT));
            exit = last.exitCode();
            log.add("final run " + attempt + ": exit " + exit);
        }
        JsonNode report = last.json();
        System.out.println("BatchCrashIT: " + kills + " kills\n  " + String.join("\n  ", log) + "\n "
                + "; creates " + journal.tasksCreated() + ", throttled " + journal.throttled()
                + ", uploads " + journal.uploads());

        assertThat(kills).as(String.join("\n", log)).isGreaterThanOrEqualTo(5);
        assertThat(exit).as(last.toString()).isZero();
        assertThat(report.get("lines").get("valid").asInt()).isEqualTo(LINES);
        assertThat(report.get("outcomes")).hasSize(LINES);
        report.get("outcomes").forEach(o -> assertThat(o.get("state").asText()).as(o.toString()).isEqualTo("STORED"));

        // Each request created exactly once.
        Map<String, Integer> perBody = journal.tasksCreatedPerBody();
        assertThat(perBody.values()).as("creates per request body").allMatch(n -> n == 1);
        assertThat(journal.tasksCreated()).as("tasks created").isEqualTo(LINES);
        assertThat(perBody).hasSize(LINES);

        // Every expected image stored whole, decodable, with its sidecar, and for its own line.
        Set<String> jobs = new HashSet<>();
        for (JsonNode o : report.get("outcomes")) {
            String job = o.get("job_id").asText();
            jobs.add(job);
            Path image = out.resolve(job).resolve("0.png");
            Path sidecar = out.resolve(job).resolve("0.json");
            assertThat(image).as("line %s", o.get("key")).exists();
            BufferedImage decoded = ImageIO.read(image.toFile());
            assertThat(decoded).as("%s decodes", image).isNotNull();
            assertThat(decoded.getWidth() * decoded.getHeight()).isEqualTo(768 * 768);
            assertThat(sidecar).exists();
            JsonNode side = new ObjectMapper().readTree(sidecar.toFile());
            String prompt = promptByKey.get(o.get("key").asText());
            assertThat(side.get("prompt").asText()).isEqualTo(prompt);
            // the emulator's rewritten prompt starts with the prompt it was sent: the task is this line's own
            assertThat(side.get("actual_prompt").asText()).as("task %s adopted by %s", side.get("task_id"), o.get("key"))
                    .startsWith(prompt + " ");
            assertThat(side.get("task_id").isNull()).isFalse();
        }
        try (Stream<Path> dirs = Files.list(out)) {
            List<Path> top = dirs.toList();
            assertThat(top.stream().filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(jobs);
            assertThat(top.stream().filter(p -> !Files.isDirectory(p)).map(p -> p.getFileName().toString()))
                    .as("beside the job folders only the index of their sidecars").containsExactly(".wanedit-index.jsonl");
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<String> names = files.filter(Files::isRegularFile).filter(p -> !p.getParent().equals(out))
                    .map(p -> p.getFileName().toString()).toList();
            assertThat(names).as("no temp or partial files").allMatch(n -> n.equals("0.png") || n.equals("0.json"));
            assertThat(names).hasSize(2 * LINES);
        }
        // the key of the emulator's: never written, checked by the extension
    }
}
