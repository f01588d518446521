package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real jar with more tasks in flight than its query budget polls in a second: it finds ended
 * tasks through the task list (RUNNING and PENDING pages) and queries each task about once, within
 * the budget, and stores everything.
 */
class BatchDiscoveryIT {

    static final int LINES = 60;
    static final int QPS = 10;
    static final String MODEL = "wanx2.1-imageedit";

    @RegisterExtension
    static final SandboxExtension BATCH = SandboxExtension.perTest("batch-discovery").emulatorPerTest()
            .emulator(b -> b.timeScale(0.05).taskDuration(MODEL, Duration.ofSeconds(20)) // 1 s of real time
                    .limitsEnabled(false)); // the budget under test is wanedit's own

    @Test
    void manyInFlight_endedTasksAreFoundThroughTheTaskList_withinTheBudget(Sandbox sandbox, DashScopeEmulator emu) throws Exception {
        Path in = sandbox.work;
        ImageIO.write(new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB), "png", in.resolve("ref.png").toFile());
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= LINES; i++) {
            b.append("{\"id\":\"l").append(i).append("\",\"model\":\"").append(MODEL).append("\",\"function\":\"stylization_all\",")
                    .append("\"images\":[\"ref.png\"],\"prompt\":\"Van Gogh style, take ").append(i).append("\"}\n");
        }
        Path manifest = in.resolve("many.jsonl");
        Files.writeString(manifest, b.toString());
        Sandbox wanedit = sandbox.plainJvm("-Xmx256m").changeEnv(Map.of("WANEDIT_POLL_SCALE", "0.05"));

        WaneditProcess.Result run = wanedit.record(wanedit.start("batch", manifest.toString(), "-o", sandbox.out.toString(), "--json",
                "--concurrency", String.valueOf(LINES), "--rps", "100", "--qps", String.valueOf(QPS)).await(Duration.ofMinutes(3)));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = run.json();
        assertThat(report.get("outcomes")).hasSize(LINES).allSatisfy(o -> assertThat(o.get("state").asText()).isEqualTo("STORED"));
        List<RecordedRequest> lists = emu.journal().requests(Endpoint.TASK_LIST);
        List<RecordedRequest> queries = emu.journal().requests(Endpoint.TASK_QUERY);
        assertThat(lists).as("task-list pages").isNotEmpty()
                .allSatisfy(r -> assertThat(r.query()).containsAnyOf("status=RUNNING", "status=PENDING"));
        assertThat(queries.size()).as("about one query per task, after it ended (%d list pages)", lists.size())
                .isLessThanOrEqualTo(LINES * 3 / 2);
        List<Instant> calls = new ArrayList<>();
        lists.forEach(r -> calls.add(r.at()));
        queries.forEach(r -> calls.add(r.at()));
        System.out.println("BatchDiscoveryIT: " + LINES + " lines, " + lists.size() + " list pages, " + queries.size()
                + " task queries, busiest second " + maxInAnySecond(calls) + " calls (budget " + QPS + ")");
        // the budget is QPS in any second (plus 50 ms), granted in the process; one more tolerates arrival jitter
        assertThat(maxInAnySecond(calls)).as("queries and list pages in the busiest second").isLessThanOrEqualTo(QPS + 1);
        assertThat(emu.journal().tasksCreated()).isEqualTo(LINES);
    }

    private static int maxInAnySecond(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int best = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (!sorted.get(j).isAfter(sorted.get(i).minusSeconds(1))) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }
}
