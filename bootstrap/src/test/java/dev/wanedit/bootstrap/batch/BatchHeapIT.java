package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 10,000-line manifest run to the end by the real jar with a capped heap against an emulator
 * whose tasks finish at once and whose limits are off: the manifest is streamed, no thread is
 * made per job, and each line's outcome goes to a temporary spool that {@code --json} lists at the
 * end, so the live heap is the same at 20% and at 90% of the lines. On two cores the whole run
 * takes about a minute (each line is a create, a query, a download, an fsynced image and sidecar
 * and fsynced journal commits). {@code -Dwanedit.heap.lines=N} changes the size.
 */
class BatchHeapIT {

    static final int LINES = Integer.getInteger("wanedit.heap.lines", 10_000);
    static final String HEAP = System.getProperty("wanedit.heap.xmx", "-Xmx64m");
    static final String MODEL = "wanx2.1-imageedit";
    /** A guard only: the run takes about a minute on two cores. */
    static final String TIMEOUT = System.getProperty("wanedit.heap.timeout", "15m");
    /** The most live heap we accept late in the run, in MB (the cap is 64). */
    static final int LIVE_MB = 24;
    /** The most the live heap may grow between 20% and 90% of the lines, in MB (the log's unit; noise). */
    static final int GROWTH_MB = 2;

    @RegisterExtension
    static final SandboxExtension BATCH = SandboxExtension.perTest("batch-heap").emulatorPerTest()
            .emulator(b -> b.timeScale(0) // tasks finish at once
                    .limitsEnabled(false)
                    .journalCapacity(500)); // the emulator runs in this JVM; keep its request log small

    @Test
    void tenThousandLines_runInASmallConstantHeap(Sandbox sandbox, DashScopeEmulator emu) throws Exception {
        Path in = sandbox.work;
        BufferedImage img = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB); // the smallest wanx2.1 accepts
        ImageIO.write(img, "png", in.resolve("ref.png").toFile());
        Path manifest = in.resolve("big.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= LINES; i++) {
                // every line shares one local reference image; n = 1; the output is the base's 512x512
                w.write("{\"id\":\"l" + i + "\",\"model\":\"" + MODEL + "\",\"function\":\"super_resolution\","
                        + "\"params\":{\"upscale_factor\":1},\"images\":[\"ref.png\"],\"prompt\":\"Sharpen photo " + i + "\"}\n");
            }
        }
        Path out = sandbox.out;
        Path gcLog = sandbox.logs.resolve("gc.log");
        Sandbox wanedit = sandbox.plainJvm(HEAP, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog)
                .changeEnv(Map.of("WANEDIT_POLL_SCALE", "0.01"));
        long t0 = System.nanoTime();

        WaneditProcess.Background run = wanedit.start("batch", manifest.toString(), "-o", out.toString(), "--json",
                "--concurrency", "64", "--rps", "1000", "--qps", "2000", "--timeout", TIMEOUT);
        // a full collection early and late in the run: the GC log then shows the live heap at both points
        for (int mark : new int[] {LINES / 5, LINES * 9 / 10}) {
            assertThat(run.awaitWhile(() -> emu.journal().tasksCreated() >= mark, Duration.ofMinutes(20)))
                    .as("the run reached %d creates while still running", mark).isTrue();
            run.fullGc();
        }
        WaneditProcess.Result result = wanedit.record(run.await(Duration.ofMinutes(20)));

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String gc = Files.readString(gcLog);
        System.out.println("BatchHeapIT: " + LINES + " lines with " + HEAP + " in " + took.toSeconds() + " s; creates "
                + emu.journal().tasksCreated() + ", downloads " + emu.journal().downloads() + ", uploads "
                + emu.journal().uploads() + "; last GC: " + gc.lines().reduce((a, b) -> b).orElse("-"));
        assertThat(result.exitCode()).as(result.head(4000)).isZero();
        assertThat(gc).doesNotContain("OutOfMemory");
        JsonNode report = result.json();
        int outcomes = report.get("outcomes").size();
        long stored = 0;
        for (JsonNode o : report.get("outcomes")) {
            stored += o.get("state").asText().equals("STORED") ? 1 : 0;
        }
        int[] live = liveAfterFullGcMb(gc);
        System.out.println("BatchHeapIT: stored " + stored + " of " + LINES + " lines; live heap after the full GCs at "
                + LINES / 5 + " and " + LINES * 9 / 10 + " creates: " + live[0] + " MB, " + live[1] + " MB");
        assertThat(report.get("lines").get("valid").asInt()).as("every line read and validated").isEqualTo(LINES);
        assertThat(report.get("not_submitted").asInt()).isZero();
        assertThat(outcomes).isEqualTo(LINES);
        assertThat(stored).as("every line stored").isEqualTo(LINES);
        assertThat(report.get("images_stored").asLong()).isEqualTo(LINES);
        assertThat(emu.journal().tasksCreated()).as("each submitted line created once").isEqualTo(outcomes);
        for (JsonNode o : report.get("outcomes")) {
            if (o.get("state").asText().equals("STORED")) {
                Path dir = out.resolve(o.get("job_id").asText());
                assertThat(dir.resolve("0.png")).exists();
                assertThat(dir.resolve("0.json")).exists();
            }
        }
        assertThat(live[1]).as("live heap late in the run, MB").isLessThanOrEqualTo(LIVE_MB);
        assertThat(live[1] - live[0]).as("live heap growth over %d lines, MB", LINES * 7 / 10).isLessThanOrEqualTo(GROWTH_MB);
    }

    /** The live heap after the first and the last full collection the test asked for, in MB. */
    static int[] liveAfterFullGcMb(String gcLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Pause Full \\((?:Diagnostic Command|System.gc\\(\\))\\) (\\d+)M->(\\d+)M\\(")
                .matcher(gcLog);
        java.util.List<Integer> live = new java.util.ArrayList<>();
        while (m.find()) {
            live.add(Integer.parseInt(m.group(2)));
        }
        assertThat(live).as("the GC log shows both requested full collections").hasSizeGreaterThanOrEqualTo(2);
        return new int[] {live.get(0), live.get(live.size() - 1)};
    }
}
