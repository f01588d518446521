package dev.wanedit.benchmarks;

import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.LongStream;

/**
 * Section 6, run in its own JVM: wanedit's batch over a streamed manifest of N lines against an
 * emulator in the parent process. Prints {@code key=value} lines: peak heap (the heap pools' peak
 * usage, summed), VmHWM from /proc/self/status, lines stored.
 *
 * <p>Arguments: emulator base URL, API key, home directory, input image, lines, deadline seconds.
 */
public final class ManifestChild {

    private ManifestChild() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        Path home = Path.of(args[2]);
        String image = args[3];
        int lines = Integer.parseInt(args[4]);
        Duration deadline = Duration.ofSeconds(Long.parseLong(args[5]));
        WaneditClient w = new WaneditClient(baseUrl, key, home.resolve("wanedit"), 0.001, false);
        // The manifest is streamed line by line, as the JSONL reader does: each pass re-reads it.
        ManifestSource manifest = () -> LongStream.rangeClosed(1, lines).mapToObj(i -> ManifestLine.of(i, "line-" + i,
                EditRequest.draft(BenchmarkMain.WANX21).prompt("Turn the lamp on, line " + i).function("description_edit")
                        .image(image).n(1)));
        // the live heap (after a full collection) once 20% and once 90% of the lines are submitted
        long[] marks = {lines / 5, lines * 9L / 10};
        long[] live = new long[marks.length];
        int[] next = {0};
        BatchProgress.Listener gcAtMarks = p -> {
            if (next[0] < marks.length && p.submitted() >= marks[next[0]]) {
                System.gc();
                live[next[0]++] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
        };
        long t0 = System.nanoTime();
        // the emulator's limits are off, so the query budget is lifted too (at 20 a second, 10 000 results take 500 s)
        BatchReport r = w.batch().run(new BatchSpec("manifest-" + lines, OptionalInt.of(32), OptionalDouble.of(1000),
                Optional.empty(), false, false, deadline, OptionalDouble.of(2000)), manifest, gcAtMarks);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long hwmKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        System.out.println("lines=" + lines);
        System.out.println("validated=" + (lines - r.invalid().size()));
        System.out.println("stored=" + r.countsByState().getOrDefault(JobState.STORED, 0L));
        System.out.println("seconds=" + Math.round(seconds));
        System.out.printf(java.util.Locale.ROOT, "peakHeapMB=%.1f%n", peak / 1e6);
        System.out.printf(java.util.Locale.ROOT, "vmHwmMB=%.1f%n", hwmKb / 1e3);
        System.out.println("maxHeapMB=" + Runtime.getRuntime().maxMemory() / 1_000_000);
        System.out.printf(java.util.Locale.ROOT, "liveHeapAt20pctMB=%.1f%n", live[0] / 1e6);
        System.out.printf(java.util.Locale.ROOT, "liveHeapAt90pctMB=%.1f%n", live[1] / 1e6);
        System.exit(0);
    }
}
