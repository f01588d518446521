package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journal lost after a batch, through the real jar: deleted, emptied or damaged. Every result
 * and its sidecar are still in the output folder, so running the batch again pays for nothing,
 * {@code journal rebuild} journals them again, and a damaged journal is refused and left as it was.
 */
@DisplayName("a lost journal never pays twice: the stored results are found, rebuilt, and a damaged journal is refused")
class JournalLossIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    private static final int LINES = 4;

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perTest("journal-loss").emulator(b -> b.timeScale(0.01).limitsEnabled(false));

    private DashScopeEmulator emulator;
    private Sandbox sandbox;
    private Path manifest;
    private Path journal;

    @BeforeEach
    void firstRun(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        this.sandbox = sandbox;
        this.emulator = emulator;
        manifest = sandbox.work.resolve("catalog.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            lines.add("{\"id\":\"sku-" + i + "\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"" + ROOM
                    + "\"],\"prompt\":\"Put product " + i + " on the shelf\"}");
        }
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        journal = sandbox.wanedit.resolve("journal.db");
        WaneditProcess.Result first = sandbox.run("batch", manifest.toString(), "--json");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(emulator.journal().tasksCreated()).isEqualTo(LINES);
        assertThat(jobFolders()).hasSize(LINES);
    }

    private List<Path> jobFolders() throws IOException {
        try (Stream<Path> s = Files.list(sandbox.out)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private void deleteJournal() throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(journal + suffix));
        }
    }

    private static String digest(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private void assertBatchAgainPaysNothing() throws Exception {
        List<Path> before = jobFolders();
        WaneditProcess.Result again = sandbox.run("batch", manifest.toString(), "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(emulator.journal().tasksCreated()).as("no line paid twice").isEqualTo(LINES);
        assertThat(jobFolders()).as("no second result folder").isEqualTo(before);
        JsonNode outcomes = again.json().get("outcomes");
        assertThat(outcomes).hasSize(LINES).allSatisfy(o -> assertThat(o.get("state").asText()).isEqualTo("STORED"));
        List<String> ids = new ArrayList<>();
        outcomes.forEach(o -> ids.add(o.get("job_id").asText()));
        assertThat(ids).as("each line is the job whose results are stored")
                .containsExactlyInAnyOrderElementsOf(before.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    @DisplayName("journal deleted: the same batch pays for no line; jobs shows each line recovered from its sidecars")
    void deleted() throws Exception {
        deleteJournal();

        assertBatchAgainPaysNothing();

        WaneditProcess.Result jobs = sandbox.run("jobs", "--json");
        assertThat(jobs.exitCode()).isZero();
        assertThat(jobs.json().get("jobs")).hasSize(LINES).allSatisfy(j -> assertThat(j.get("state").asText()).isEqualTo("STORED"));
        WaneditProcess.Result status = sandbox.run("status", jobFolders().get(0).getFileName().toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("recovered").contains("instead of paying again");
    }

    @Test
    @DisplayName("journal emptied (0 bytes): jobs does not write it, and the same batch pays for no line")
    void emptied() throws Exception {
        deleteJournal();
        Files.createFile(journal);

        WaneditProcess.Result jobs = sandbox.run("jobs");
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        assertThat(Files.size(journal)).as("a read-only command leaves the journal as it found it").isZero();

        assertBatchAgainPaysNothing();
    }

    @Test
    @DisplayName("journal rebuild -o DIR journals every stored job again, once; the batch then pays for nothing")
    void rebuild() throws Exception {
        deleteJournal();

        WaneditProcess.Result rebuilt = sandbox.run("journal", "rebuild", "-o", sandbox.out.toString(), "--json");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.json().get("journaled").asInt()).isEqualTo(LINES);
        assertThat(rebuilt.json().get("jobs")).allSatisfy(j -> assertThat(j.get("state").asText()).isEqualTo("STORED"));
        WaneditProcess.Result twice = sandbox.run("journal", "rebuild", "-o", sandbox.out.toString(), "--json");
        assertThat(twice.json().get("journaled").asInt()).isZero();
        assertThat(twice.json().get("already_known").asInt()).isEqualTo(LINES);

        WaneditProcess.Result text = sandbox.run("journal", "rebuild", "-o", sandbox.out.toString());
        assertThat(text.stdout()).contains("Journaled 0 job(s)").contains(LINES + " already in the journal");

        assertBatchAgainPaysNothing();
    }

    @Test
    @DisplayName("journal damaged: batch and jobs exit 3 naming the file and the way out, nothing is sent, the file is untouched")
    void damaged() throws Exception {
        deleteJournal();
        byte[] noise = new byte[8192];
        new Random(9).nextBytes(noise);
        Files.write(journal, noise);
        String before = digest(journal);

        WaneditProcess.Result batch = sandbox.run("batch", manifest.toString());
        WaneditProcess.Result jobs = sandbox.run("jobs", "--json");

        assertThat(batch.exitCode()).as(batch.toString()).isEqualTo(3);
        assertThat(batch.stderr()).contains(journal.toString()).contains("damaged").contains("journal rebuild")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(jobs.exitCode()).isEqualTo(3);
        assertThat(jobs.json().at("/error/code").asText()).isEqualTo("journal_damaged");
        assertThat(digest(journal)).isEqualTo(before);
        assertThat(emulator.journal().tasksCreated()).isEqualTo(LINES);

        Files.move(journal, Path.of(journal + ".damaged")); // what the message says to do
        WaneditProcess.Result rebuilt = sandbox.run("journal", "rebuild", "-o", sandbox.out.toString());
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertBatchAgainPaysNothing();
    }

    @Test
    @DisplayName("a job row that breaks its state's rules: batch and jobs exit 3 naming the journal, the job, the field and "
            + "the rule, and nothing is sent")
    void aRowBreakingItsStatesRules() throws Exception {
        String broken;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + journal);
             java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet r = st.executeQuery("SELECT id FROM jobs ORDER BY id LIMIT 1")) {
                r.next();
                broken = r.getString(1);
            }
            st.executeUpdate("UPDATE jobs SET state = 'PENDING', task_id = NULL WHERE id = '" + broken + "'");
        }

        WaneditProcess.Result jobs = sandbox.run("jobs", "--json");
        WaneditProcess.Result batch = sandbox.run("batch", manifest.toString());

        assertThat(jobs.exitCode()).as(jobs.toString()).isEqualTo(3);
        assertThat(jobs.json().at("/error/code").asText()).isEqualTo("journal_damaged");
        assertThat(jobs.json().at("/error/message").asText()).contains(journal.toString())
                .contains("job " + broken + " cannot be read back: task: a PENDING job has a task").contains("journal rebuild");
        assertThat(batch.exitCode()).as(batch.toString()).isEqualTo(3);
        assertThat(batch.stderr()).contains("a PENDING job has a task").doesNotContain("\tat ");
        assertThat(emulator.journal().tasksCreated()).as("nothing sent").isEqualTo(LINES);
    }
}
