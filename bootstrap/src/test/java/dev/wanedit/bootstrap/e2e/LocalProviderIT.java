package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The second provider through the real jar: {@code --provider local} edits, batches, lists and
 * resumes with no API key and no endpoint in the environment, with the same journal, stores and
 * CLI as DashScope; its task records in {@code <WANEDIT_HOME>/local-provider/tasks} show how many
 * tasks were created.
 */
@DisplayName("--provider local end to end: edit, batch, jobs, and resume after SIGKILL, with no key and no network")
class LocalProviderIT {

    private static final String PROMPT = "make it black and white";

    @RegisterExtension
    static final SandboxExtension LOCAL = SandboxExtension.perTest("local").offline();

    private static final Path ROOM = WaneditProcess.samples().resolve("living-room.png");

    private static List<String> taskRecords(Sandbox sandbox) throws IOException {
        Path tasks = sandbox.wanedit.resolve("local-provider").resolve("tasks");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tasks)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".properties")).sorted().toList();
        }
    }

    @Test
    @DisplayName("edit: a black-and-white wanx2.1 edit is stored as a decodable grey PNG of the input's size, with its sidecar")
    void edit_storesADecodablePng(Sandbox sandbox) throws Exception {
        WaneditProcess.Result r = sandbox.run("--provider", "local", "--json", "edit", "-m", "wanx2.1-imageedit", "--function",
                "description_edit", "-i", ROOM.toString(), "-p", PROMPT);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.get("task_id").asText()).startsWith("local-");
        BufferedImage img = Images.assertStoredResult(job, job.at("/results/0"), sandbox.out, PROMPT);
        BufferedImage in = ImageIO.read(ROOM.toFile());
        assertThat(img.getWidth()).isEqualTo(in.getWidth());
        assertThat(img.getHeight()).isEqualTo(in.getHeight());
        for (int[] p : new int[][] {{10, 10}, {img.getWidth() / 2, img.getHeight() / 2}, {img.getWidth() - 5, img.getHeight() - 5}}) {
            int rgb = img.getRGB(p[0], p[1]);
            assertThat((rgb >> 16) & 0xff).as("grey at %d,%d", p[0], p[1]).isEqualTo((rgb >> 8) & 0xff).isEqualTo(rgb & 0xff);
        }
        assertThat(taskRecords(sandbox)).containsExactly(job.get("task_id").asText() + ".properties");
        assertThat(r.stderr()).doesNotContainIgnoringCase("api key");
    }

    @Test
    @DisplayName("batch of a small manifest, then jobs lists every job STORED; each result has the size its function gives")
    void batch_thenJobs(Sandbox sandbox) throws Exception {
        Path in = sandbox.work;
        Files.copy(ROOM, in.resolve("room.png"));
        Path manifest = in.resolve("products.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"id\":\"sharp\",\"model\":\"wanx2.1-imageedit\",\"function\":\"super_resolution\",\"params\":{\"upscale_factor\":2},"
                        + "\"images\":[\"room.png\"],\"prompt\":\"Sharpen\"}",
                "{\"id\":\"mirror\",\"model\":\"wanx2.1-imageedit\",\"function\":\"description_edit\",\"images\":[\"room.png\"],"
                        + "\"prompt\":\"mirror the room\",\"n\":2}",
                "{\"id\":\"grey\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"room.png\"],\"prompt\":\"" + PROMPT + "\"}") + "\n");

        WaneditProcess.Result batch = sandbox.run("--provider", "local", "batch", manifest.toString());
        assertThat(batch.exitCode()).as(batch.toString()).isZero();

        WaneditProcess.Result jobs = sandbox.run("--provider", "local", "--json", "jobs");
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        List<JsonNode> listed = new ArrayList<>();
        jobs.json().get("jobs").forEach(listed::add);
        assertThat(listed).hasSize(3).allMatch(j -> j.get("state").asText().equals("STORED"));
        assertThat(taskRecords(sandbox)).hasSize(3);
        assertThat(listed).extracting(j -> j.get("task_id").asText() + ".properties")
                .containsExactlyInAnyOrderElementsOf(taskRecords(sandbox));

        List<String> sizes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sandbox.out)) {
            for (Path png : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                BufferedImage img = ImageIO.read(png.toFile());
                assertThat(img).as("decodable: " + png).isNotNull();
                sizes.add(img.getWidth() + "*" + img.getHeight());
            }
        }
        // super_resolution x2, two mirrored images of the base's size, and wan2.5's ~1280*1280 at 4:3
        assertThat(sizes).hasSize(4).contains("2048*1536").filteredOn("1024*768"::equals).hasSize(2);
        assertThat(sizes).filteredOn(s -> !s.equals("2048*1536") && !s.equals("1024*768")).singleElement()
                .satisfies(s -> {
                    String[] wh = s.split("\\*");
                    assertThat(Integer.parseInt(wh[0]) * 3).isCloseTo(Integer.parseInt(wh[1]) * 4, org.assertj.core.data.Offset.offset(8));
                });
    }

    @Test
    @DisplayName("an edit killed (SIGKILL) while its task runs is finished by resume, with exactly one task created")
    void killedEdit_thenResume_createsOneTask(Sandbox sandbox) throws Exception {
        Sandbox slow = sandbox.changeEnv(Map.of("WANEDIT_LOCAL_TASK_SECONDS", "8"));
        WaneditProcess.Background edit = slow.start("--provider", "local", "edit", "-m", "wanx2.1-imageedit", "--function",
                "description_edit", "-i", ROOM.toString(), "-p", "Survive a crash");
        try {
            awaitCondition("the task was recorded and the job id printed", () -> {
                try {
                    return !taskRecords(sandbox).isEmpty() && edit.stdoutSoFar().contains("Submitted job ") || !edit.isAlive();
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(edit.isAlive()).as("still waiting: " + edit.stderrSoFar()).isTrue();
            edit.kill();
        } finally {
            edit.destroyIfAlive();
        }
        WaneditProcess.Result killed = slow.record(edit.await(Duration.ofSeconds(10)));
        assertThat(killed.exitCode()).as("killed by SIGKILL").isEqualTo(128 + 9);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Submitted job (\\S+)").matcher(killed.stdout());
        assertThat(m.find()).as(killed.stdout()).isTrue();
        String id = m.group(1);
        assertThat(taskRecords(sandbox)).hasSize(1);
        String taskId = taskRecords(sandbox).get(0).replace(".properties", "");

        WaneditProcess.Result before = slow.run("--provider", "local", "status", "--json", id);
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.json().get("state").asText()).isIn("PENDING", "RUNNING");
        assertThat(before.json().get("task_id").asText()).isEqualTo(taskId);

        WaneditProcess.Result resume = slow.run("--provider", "local", "--json", "resume");
        Images.assertResumedAndStored(resume, id, taskId, sandbox.out, "Survive a crash");
        assertThat(taskRecords(sandbox)).as("never created twice").containsExactly(taskId + ".properties");

        WaneditProcess.Result again = slow.run("--provider", "local", "--json", "resume");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.json().get("jobs")).as("nothing left to finish").isEmpty();
        assertThat(taskRecords(sandbox)).hasSize(1);
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Sandbox.await(what, Duration.ofSeconds(30), condition);
    }
}
