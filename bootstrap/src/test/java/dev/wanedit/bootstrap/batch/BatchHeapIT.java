package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.emulator.DashScopeEmulator;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-line manifest run by the real jar with a capped heap against an emulator whose tasks
 * finish at once and whose limits are off: the manifest is streamed and no thread is made per
 * job, so the heap stays small and constant. {@code -Dwanedit.heap.lines=N} changes the size.
 *
 * <p>Every line is read and validated (the first pass streams all 10,000), but on two shared cores
 * the single-threaded scheduler stores about 5 to 20 results a second (each line is a create, a
 * query, a download, an fsynced image and sidecar and several fsynced journal commits), so the
 * run is bounded with {@code --timeout} ({@code -Dwanedit.heap.timeout}, default 30s) and a
 * representative first part of the manifest is run; what the deadline leaves is counted as not
 * submitted and stays resumable. {@code -Dwanedit.heap.timeout=30m} runs all of it.
 */
class BatchHeapIT {

    static final int LINES = Integer.getInteger("wanedit.heap.lines", 10_000);
    static final String HEAP = System.getProperty("wanedit.heap.xmx", "-Xmx64m");
    static final String MODEL = "wanx2.1-imageedit";
    static final String TIMEOUT = System.getProperty("wanedit.heap.timeout", "30s");
    /** The most live heap after a collection we accept, in MB (the cap is 64). */
    static final int LIVE_MB = 40;

    @TempDir
    Path home;

    private DashScopeEmulator emu;

    @BeforeEach
    void setUp() {
        emu = DashScopeEmulator.builder().port(0)
                .timeScale(0) // tasks finish at once
                .limitsEnabled(false)
                .journalCapacity(500) // the emulator runs in this JVM; keep its request log small
                .start();
    }

    @AfterEach
    void tearDown() {
        emu.close();
    }

    @Test
    void tenThousandLines_runInASmallConstantHeap() throws Exception {
        Path in = Files.createDirectories(home.resolve("in"));
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
        Path out = home.resolve("out");
        WaneditProcess wanedit = new WaneditProcess(home, emu, HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + home.resolve("gc.log"));
        long t0 = System.nanoTime();

        WaneditProcess.Started run = wanedit.start("batch", manifest.toString(), "-o", out.toString(), "--json",
                "--concurrency", "64", "--rps", "1000", "--qps", "2000", "--timeout", TIMEOUT);
        int exit = run.await(Duration.ofMinutes(40));

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String gc = Files.readString(home.resolve("gc.log"));
        System.out.println("BatchHeapIT: " + LINES + " lines with " + HEAP + " in " + took.toSeconds() + " s; creates "
                + emu.journal().tasksCreated() + ", downloads " + emu.journal().downloads() + ", uploads "
                + emu.journal().uploads() + "; last GC: " + gc.lines().reduce((a, b) -> b).orElse("-"));
        String head = run.output().substring(0, Math.min(4000, run.output().length()));
        assertThat(exit).as(head).isIn(0, 7); // 7: the --timeout left lines for a later run
        assertThat(gc).doesNotContain("OutOfMemory");
        JsonNode report = new ObjectMapper().readTree(run.stdoutText());
        int outcomes = report.get("outcomes").size();
        long stored = 0;
        for (JsonNode o : report.get("outcomes")) {
            stored += o.get("state").asText().equals("STORED") ? 1 : 0;
        }
        System.out.println("BatchHeapIT: stored " + stored + " of " + LINES + " lines (" + outcomes + " submitted, "
                + report.get("not_submitted").asInt() + " left by the deadline); max live heap after GC "
                + maxLiveAfterGcMb(gc) + " MB");
        assertThat(report.get("lines").get("valid").asInt()).as("every line read and validated").isEqualTo(LINES);
        assertThat(outcomes + report.get("not_submitted").asInt()).isEqualTo(LINES);
        assertThat(exit == 0 ? stored : 1).isEqualTo(exit == 0 ? LINES : 1);
        assertThat(stored).as("a representative part is stored").isGreaterThanOrEqualTo(Math.min(LINES, 50));
        assertThat(report.get("images_stored").asLong()).isEqualTo(stored);
        assertThat(emu.journal().tasksCreated()).as("each submitted line created once").isEqualTo(outcomes);
        for (JsonNode o : report.get("outcomes")) {
            if (o.get("state").asText().equals("STORED")) {
                Path dir = out.resolve(o.get("job_id").asText());
                assertThat(dir.resolve("0.png")).exists();
                assertThat(dir.resolve("0.json")).exists();
            }
        }
        assertThat(maxLiveAfterGcMb(gc)).as("live heap after GC stays small").isLessThanOrEqualTo(LIVE_MB);
    }

    /** The largest heap occupancy after a collection in a unified GC log ("... 35M->10M(44M) ..."). */
    static int maxLiveAfterGcMb(String gcLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(gcLog);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(2)));
        }
        return max;
    }
}
