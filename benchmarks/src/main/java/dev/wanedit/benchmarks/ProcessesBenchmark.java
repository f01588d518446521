package dev.wanedit.benchmarks;

import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 9: one manifest finished by one {@code wanedit batch} process, then by three started
 * together on the same manifest and the same SQLite journal (issue 12's work sharing), each time
 * against a fresh emulator with the service's documented limits on (wan2.5: 5 creates a second, 5
 * tasks at once; 20 task queries a second for the account), time scale 0.02. The real jar runs as
 * separate processes, so JVM start-up is part of the wall time.
 *
 * <p>Ideal = lines × mean task duration ÷ 5 slots (the account's concurrency is the bound both
 * times: one process alone already keeps every slot busy), with the mean measured on the server.
 * The figures: each run's wall time ÷ its ideal, three processes against one, and the 429s the
 * emulator answered (zero means the processes together kept the account's limits).
 */
final class ProcessesBenchmark {

    private static final String WAN25 = BenchmarkMain.WAN25;
    private static final double SCALE = 0.02;

    private final Report report;
    private final Path work;
    private final Path jar;
    private final int lines;

    ProcessesBenchmark(Report report, Path work, Path jar, boolean quick) {
        this.report = report;
        this.work = work;
        this.jar = jar;
        this.lines = quick ? 40 : 120;
    }

    /** What one run measured. */
    private record Run(double wallSeconds, double idealSeconds, int creates, int throttled, int queries,
            double firstCreateSeconds, double spanSeconds, double slotsBusy, double cpuSeconds) {

        double ofIdeal() {
            return wallSeconds / idealSeconds;
        }
    }

    void run() throws Exception {
        System.out.println("9. several processes on one manifest: " + lines + " wan2.5 lines, 1 process vs 3");
        if (!Files.isRegularFile(jar)) {
            System.out.println("  skipped: " + jar + " not found (build it with mvn -pl benchmarks -am package)");
            return;
        }
        Run one = batch(1);
        Run three = batch(3);
        report.add("9", "wall time to finish the manifest, 3 processes vs 1", "s", three.wallSeconds, one.wallSeconds,
                String.format(Locale.ROOT, "1 process %.1f s (ideal %.1f s), 3 processes %.1f s (ideal %.1f s); "
                        + "the account's 5 slots bound both", one.wallSeconds, one.idealSeconds, three.wallSeconds,
                        three.idealSeconds));
        report.only("9", "1 process: wall time ÷ ideal", "ratio", one.ofIdeal(), "1.0 = every slot busy from start to end");
        report.only("9", "3 processes: wall time ÷ ideal", "ratio", three.ofIdeal(), "the same manifest split between them");
        report.only("9", "3 processes: tasks created", "count", three.creates, "every line created once: " + lines);
        report.only("9", "429 answers, 1 process / 3 processes", "count", one.throttled + three.throttled,
                one.throttled + " / " + three.throttled);
        report.only("9", "task queries per task, 3 processes", "requests", (double) three.queries / lines,
                String.format(Locale.ROOT, "1 process: %.2f", (double) one.queries / lines));
        for (Run r : List.of(one, three)) {
            String who = r == one ? "1 process" : "3 processes";
            report.only("9", who + ": start until the first create", "s", r.firstCreateSeconds,
                    "JVM start, journal, manifest read and checked");
            report.only("9", who + ": slots busy from the first create to the last task's end", "fraction", r.slotsBusy,
                    String.format(Locale.ROOT, "sum of task durations ÷ (5 × %.1f s)", r.spanSeconds));
            report.only("9", who + ": CPU time of the batch processes", "s", r.cpuSeconds,
                    "user + system, all processes together (sampled until each exits)");
        }
    }

    private Run batch(int processes) throws Exception {
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(SCALE).journalCapacity(100_000).start()) {
            Path home = Files.createDirectories(work.resolve("processes-" + processes));
            Path scene = Images.scene(home.resolve("scene.png"), 1024, 768);
            StringBuilder m = new StringBuilder();
            for (int i = 1; i <= lines; i++) {
                m.append("{\"id\":\"p").append(i).append("\",\"model\":\"").append(WAN25).append("\",\"images\":[\"")
                        .append(scene.getFileName()).append("\"],\"prompt\":\"Paint the wall green, take ").append(i)
                        .append("\"}\n");
            }
            Path manifest = Files.writeString(home.resolve("manifest.jsonl"), m, StandardCharsets.UTF_8);
            List<Process> started = new ArrayList<>();
            long t0 = System.nanoTime();
            java.time.Instant startedAt = java.time.Instant.now();
            for (int p = 0; p < processes; p++) {
                started.add(start(emu, home, manifest, p));
            }
            double[] cpu = new double[processes];
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (started.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
                for (int p = 0; p < processes; p++) { // the last sample before each exits
                    int i = p;
                    started.get(p).info().totalCpuDuration().ifPresent(d -> cpu[i] = d.toNanos() / 1e9);
                }
                Thread.sleep(50);
            }
            for (int p = 0; p < processes; p++) {
                Process proc = started.get(p);
                if (!proc.waitFor(1, TimeUnit.SECONDS)) {
                    started.forEach(Process::destroyForcibly);
                    throw new IOException("batch process " + p + " did not finish in 15 minutes");
                }
                if (proc.exitValue() != 0) {
                    throw new IOException("batch process " + p + " exited " + proc.exitValue() + ": "
                            + Files.readString(home.resolve("batch-" + p + ".err")));
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            int creates = emu.journal().tasksCreated();
            int throttled = emu.journal().throttled(); // before the task list below, which spends the same budget
            int queries = emu.journal().requests(Endpoint.TASK_QUERY).size();
            if (creates != lines) {
                throw new IOException(processes + " processes created " + creates + " tasks for " + lines + " lines");
            }
            Map<String, EmulatorTasks.Times> times = EmulatorTasks.all(emu);
            List<Double> durations = times.values().stream()
                    .map(t -> Duration.between(t.submitted(), t.ended()).toNanos() / 1e9).toList();
            double mean = Stats.mean(durations);
            java.time.Instant first = times.values().stream().map(EmulatorTasks.Times::submitted)
                    .min(java.time.Instant::compareTo).orElseThrow();
            java.time.Instant last = times.values().stream().map(EmulatorTasks.Times::ended)
                    .max(java.time.Instant::compareTo).orElseThrow();
            double span = Duration.between(first, last).toNanos() / 1e9;
            double busy = durations.stream().mapToDouble(Double::doubleValue).sum() / (5 * span);
            return new Run(wall, lines * mean / 5, creates, throttled, queries,
                    Duration.between(startedAt, first).toNanos() / 1e9, span, busy,
                    java.util.Arrays.stream(cpu).sum());
        }
    }

    private Process start(DashScopeEmulator emu, Path home, Path manifest, int index) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString(), "batch",
                manifest.toString(), "-o", home.resolve("out").toString(), "-q");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DASHSCOPE_") || k.startsWith("WANEDIT_"));
        env.put("HOME", home.toString());
        env.put("WANEDIT_HOME", home.resolve(".wanedit").toString()); // one SQLite journal for all of them
        env.put("WANEDIT_ENDPOINT", emu.baseUrl());
        env.put("DASHSCOPE_API_KEY_BEIJING", emu.apiKey());
        env.put("WANEDIT_POLL_SCALE", String.valueOf(SCALE));
        pb.directory(home.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(home.resolve("batch-" + index + ".err").toFile());
        return pb.start();
    }
}
