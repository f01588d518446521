package dev.wanedit.bootstrap.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.emulator.DashScopeEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the shaded wanedit jar as a separate process against an emulator, with a controlled environment. */
final class WaneditProcess {

    private final Path home;
    private final DashScopeEmulator emulator;
    private final List<String> jvmOptions = new ArrayList<>();
    private int runs;

    WaneditProcess(Path home, DashScopeEmulator emulator, String... jvmOptions) {
        this.home = home;
        this.emulator = emulator;
        this.jvmOptions.addAll(List.of(jvmOptions));
    }

    static Path jar() {
        String jar = System.getProperty("wanedit.jar");
        assertThat(jar).as("system property wanedit.jar (set by failsafe)").isNotBlank();
        assertThat(Path.of(jar)).exists();
        return Path.of(jar);
    }

    /** A started process and where its output goes. */
    record Started(Process process, Path stdout, Path stderr) {

        /** Waits for the process to exit by itself. */
        int await(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError("wanedit did not finish within " + limit + "\n" + output());
            }
            return process.exitValue();
        }

        /**
         * Kills the process with SIGKILL as soon as {@code when} holds (polled every few
         * milliseconds, no fixed sleeps).
         *
         * @return true if it was killed, false if it ended by itself first
         */
        boolean killWhen(BooleanSupplier when, Duration limit) throws InterruptedException {
            boolean held = awaitWhile(when, limit);
            if (held) {
                process.destroyForcibly();
                process.waitFor();
            }
            return held;
        }

        /**
         * Waits, polling every few milliseconds, until {@code when} holds while the process runs.
         *
         * @return true if it held, false if the process ended first
         */
        boolean awaitWhile(BooleanSupplier when, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (process.isAlive()) {
                if (when.getAsBoolean()) {
                    return true;
                }
                if (System.nanoTime() > end) {
                    process.destroyForcibly();
                    process.waitFor();
                    throw new AssertionError("the condition did not hold within " + limit + "\n" + output());
                }
                Thread.sleep(2);
            }
            return false;
        }

        /** Asks the running JVM for a full collection ({@code jcmd PID GC.run}), so its GC log shows the live heap. */
        void fullGc() throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            assertThat(jcmd).as("jcmd of the JDK running the tests").exists();
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.run finished").isTrue();
        }

        String stdoutText() {
            return read(stdout);
        }

        String output() {
            return "stdout:\n" + read(stdout) + "\nstderr:\n" + read(stderr);
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * No file under the home folder (the runs' stdout and stderr, the journal, the results and
     * their sidecars, any spool left behind) contains the API key the runs were given.
     */
    void assertKeyNeverWritten() throws IOException {
        String key = emulator.apiKey(); // ASCII: compared byte for byte through ISO-8859-1
        assertThat(runs).as("runs to check").isPositive();
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("files written").isNotEmpty();
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content.contains(key)).as("the API key in %s", home.relativize(f)).isFalse();
        }
    }

    Started start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Starts with extra environment variables (e.g. the journal's URL and credentials). */
    Started start(Map<String, String> extraEnv, String... args) throws IOException {
        runs++;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Duser.home=" + home);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        cmd.add("--endpoint");
        cmd.add(emulator.baseUrl());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DASHSCOPE_") || k.startsWith("WANEDIT_") || k.startsWith("OSS_"));
        env.put("HOME", home.toString());
        env.put("WANEDIT_HOME", home.resolve(".wanedit").toString());
        env.put("DASHSCOPE_API_KEY_BEIJING", emulator.apiKey());
        env.put("WANEDIT_POLL_SCALE", String.valueOf(emulator.timeScale() > 0 ? emulator.timeScale() : 0.01));
        env.putAll(extraEnv);
        Path out = home.resolve("run-" + runs + ".out");
        Path err = home.resolve("run-" + runs + ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.directory(home.toFile());
        return new Started(pb.start(), out, err);
    }
}
