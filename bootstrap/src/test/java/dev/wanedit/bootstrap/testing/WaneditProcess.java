package dev.wanedit.bootstrap.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs the real {@code wanedit.jar} as a separate process with exactly the environment given (the
 * parent's environment is not inherited), capturing stdout and stderr into files, with a timeout
 * on every run: a process that outlives it is killed and the test fails. The one harness of every
 * test that starts the jar (the end-to-end and the batch tests); most reach it through {@link
 * Sandbox}.
 *
 * <p>By default the child JVM is tuned for a short-lived command line run dozens of times (C1 only,
 * serial GC, a class-data-sharing archive, no JVM log line on stdout); {@link #withPlainJvm} gives
 * the JVM's own defaults and the options given instead, for the long batch runs whose heap and
 * throughput are measured.
 */
public final class WaneditProcess {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a run takes 1-3 s; the limit only catches hangs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** What one finished run left behind. */
    public record Result(List<String> args, int exitCode, String stdout, String stderr, Duration elapsed) {

        /** stdout parsed as the one JSON document {@code --json} promises (and nothing else). */
        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout of " + args + " is not one JSON document:\n" + this, e);
            }
        }

        @Override
        public String toString() {
            return "wanedit " + String.join(" ", args) + "\n  exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }

        /** {@link #toString()} cut to its first {@code max} characters, for runs whose output is huge. */
        public String head(int max) {
            String all = toString();
            return all.substring(0, Math.min(max, all.length()));
        }
    }

    /** A run in the background, for the kill and interrupt tests. */
    public static final class Background {
        private final Process process;
        private final List<String> args;
        private final Path stdout;
        private final Path stderr;
        private final long startedNanos = System.nanoTime();

        private Background(Process process, List<String> args, Path stdout, Path stderr) {
            this.process = process;
            this.args = args;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public String stdoutSoFar() {
            return read(stdout);
        }

        public String stderrSoFar() {
            return read(stderr);
        }

        /** What the process wrote so far, both streams, for a failure message. */
        public String outputSoFar() {
            return "--- stdout\n" + read(stdout) + "\n--- stderr\n" + read(stderr);
        }

        /** SIGKILL: the process gets no chance to clean up (a crash, a power cut). */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("process " + pid() + " survived SIGKILL");
            }
        }

        /** SIGINT, what Ctrl-C in a terminal sends. */
        public void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill -INT " + pid() + " failed: " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        /** Waits for the process to end by itself, killing it and failing when it does not in time. */
        public Result await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("wanedit " + String.join(" ", args) + " did not end within " + timeout + "\n--- stdout\n" + read(stdout)
                        + "\n--- stderr\n" + read(stderr));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            if (Boolean.getBoolean("wanedit.e2e.timing")) {
                System.out.printf("%6d ms  exit %3d  wanedit %s%n", elapsed.toMillis(), process.exitValue(),
                        String.join(" ", args).replaceAll("data:[^ ]{40,}", "data:…"));
            }
            return new Result(args, process.exitValue(), read(stdout), read(stderr), elapsed);
        }

        public void destroyIfAlive() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        /**
         * Waits, polling every few milliseconds (no fixed sleeps), until {@code when} holds while the
         * process runs; the process is killed and the test fails when neither happens in time.
         *
         * @return true if it held, false if the process ended first
         */
        public boolean awaitWhile(BooleanSupplier when, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (process.isAlive()) {
                if (when.getAsBoolean()) {
                    return true;
                }
                if (System.nanoTime() > end) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("wanedit " + String.join(" ", args) + ": the condition did not hold within " + limit + "\n" + outputSoFar());
                }
                Thread.sleep(2);
            }
            return false;
        }

        /**
         * Kills the process with SIGKILL as soon as {@code when} holds (see {@link #awaitWhile}).
         *
         * @return true if it was killed, false if it ended by itself first
         */
        public boolean killWhen(BooleanSupplier when, Duration limit) throws InterruptedException {
            boolean held = awaitWhile(when, limit);
            if (held) {
                kill();
            }
            return held;
        }

        /** Asks the running JVM for a full collection ({@code jcmd PID GC.run}), so that its GC log shows the live heap. */
        public void fullGc() throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (!Files.isExecutable(jcmd)) {
                fail("no jcmd in the JDK running the tests: " + jcmd);
            }
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("jcmd " + pid() + " GC.run did not finish within 60 s");
            }
        }
    }

    private final Path jar;
    private final Path workDir;
    private final Path logDir;
    private final Path userHome;
    private final Map<String, String> env;
    private final List<String> jvmOptions = new ArrayList<>();
    private boolean plainJvm;
    /** The command that starts wanedit instead of {@code java … -jar}, e.g. {@code bash wanedit}; null for the jar. */
    private List<String> launcher;

    /**
     * @param workDir the child's working directory
     * @param logDir where stdout and stderr are captured (scanned for the key like everything else)
     * @param userHome the child's {@code user.home} (Java takes it from the password database, not from HOME)
     * @param env the child's whole environment
     */
    public WaneditProcess(Path jar, Path workDir, Path logDir, Path userHome, Map<String, String> env) {
        this.jar = jar;
        this.workDir = workDir;
        this.logDir = logDir;
        this.userHome = userHome;
        this.env = new LinkedHashMap<>(env);
    }

    /**
     * Runs through a launcher instead of {@code java -jar}: {@code command} followed by the
     * arguments (e.g. {@code bash wanedit}, with {@code setpriv …} before it to run as another
     * user). The launcher chooses the JVM and its options; the environment is still exactly {@code env}.
     */
    public static WaneditProcess launcher(List<String> command, Path workDir, Path logDir, Map<String, String> env) {
        WaneditProcess p = new WaneditProcess(null, workDir, logDir, null, env);
        p.launcher = List.copyOf(command);
        return p;
    }

    /** The shaded jar that {@code mvn package} built (failsafe passes its path). */
    public static Path jar() {
        String p = System.getProperty("wanedit.jar");
        if (p == null) {
            p = "target/wanedit.jar"; // running from the IDE in the bootstrap folder
        }
        Path jar = Path.of(p).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("no wanedit.jar at " + jar + "; run `mvn -pl bootstrap -am verify` (failsafe sets -Dwanedit.jar)");
        }
        return jar;
    }

    /** The bundled sample images. */
    public static Path samples() {
        Path dir = Path.of(System.getProperty("wanedit.samples", "../samples")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("living-room.png"))) {
            fail("no samples at " + dir);
        }
        return dir;
    }

    /** The same process with extra JVM options (e.g. {@code -Dorg.sqlite.tmpdir=…}), before {@code -jar}. */
    public WaneditProcess withJvmOptions(List<String> options) {
        WaneditProcess p = copy();
        p.jvmOptions.addAll(options);
        return p;
    }

    /**
     * The same process on a JVM with its own defaults and only {@code options} (e.g. {@code -Xmx64m}):
     * no start-up tuning, no class-data-sharing archive, JVM logging as the options say.
     */
    public WaneditProcess withPlainJvm(List<String> options) {
        WaneditProcess p = copy();
        p.jvmOptions.clear();
        p.plainJvm = true;
        p.jvmOptions.addAll(options);
        return p;
    }

    /** The same process with some environment variables changed ({@code null} removes one). */
    public WaneditProcess withEnv(Map<String, String> changes) {
        WaneditProcess p = copy();
        changes.forEach((k, v) -> {
            if (v == null) {
                p.env.remove(k);
            } else {
                p.env.put(k, v);
            }
        });
        return p;
    }

    private WaneditProcess copy() {
        WaneditProcess p = new WaneditProcess(jar, workDir, logDir, userHome, env);
        p.plainJvm = plainJvm;
        p.launcher = launcher;
        p.jvmOptions.addAll(jvmOptions);
        return p;
    }

    public Result run(String... args) throws InterruptedException {
        return start(args).await(DEFAULT_TIMEOUT);
    }

    public Background start(String... args) {
        List<String> command = new ArrayList<>(Signals.restoringSigint());
        command.addAll(launcher != null ? launcher : java());
        command.addAll(List.of(args));
        int n = SEQ.incrementAndGet();
        Path out = logDir.resolve(n + ".stdout");
        Path err = logDir.resolve(n + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(devNull()));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return new Background(pb.start(), List.of(args), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java [options] -jar wanedit.jar}, tuned for start-up unless {@link #withPlainJvm}. */
    private List<String> java() {
        List<String> command = new ArrayList<>();
        if (plainJvm) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
            command.addAll(javaCommand(jar));
        }
        command.add("-Duser.home=" + userHome);
        if (!plainJvm) {
            classDataSharing().ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** java with options for a short-lived command line run dozens of times: start-up matters more than peak speed. */
    private static List<String> javaCommand(Path jar) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Xlog:disable", "-Xlog:all=off"); // no JVM log line may ever mix into stdout (--json)
    }

    private static Optional<Path> archive;

    /**
     * A class-data-sharing archive of the jar's classes, made once per test JVM by one warm-up run
     * (an edit against the embedded emulator, so that the HTTP, JSON, SQLite and ImageIO classes are
     * in it). It takes a third off every later start-up. Without it (the warm-up failed) runs are
     * just slower.
     */
    private static synchronized Optional<Path> classDataSharing() {
        if (archive == null) {
            archive = Optional.empty();
            try {
                Path dir = Files.createTempDirectory("wanedit-e2e-cds-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path jsa = dir.resolve("wanedit.jsa");
                List<String> command = new ArrayList<>(javaCommand(jar()));
                command.addAll(List.of("-Duser.home=" + dir, "-XX:ArchiveClassesAtExit=" + jsa, "-jar", jar().toString(),
                        "--emulator", "-q", "edit", "-m", "wanx2.1-imageedit", "--function", "stylization_all",
                        "-i", samples().resolve("living-room.png").toString(), "-p", "warm-up", "-o", dir.resolve("out").toString()));
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
                pb.environment().clear();
                pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
                pb.environment().put("WANEDIT_HOME", dir.resolve("home").toString());
                Process p = pb.start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(jsa) > 0) {
                    archive = Optional.of(jsa);
                } else {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                // no archive: slower, not wrong
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return archive;
    }

    public static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
