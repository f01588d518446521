package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The launcher script at the repository root ({@code ./wanedit}), run as a process the way a user
 * runs it, in a copy of the repository's layout ({@code wanedit} and {@code bootstrap/target/wanedit.jar},
 * no sources, so it never builds): its class-data-sharing archive is made by a command's first run
 * and used by the next, made anew when the jar changes, kept in the cache folder when the jar's
 * folder is not writable, and never a reason for a command to fail or to print anything more.
 * Which classes a command loads is read from the JVM's own class-loading log.
 */
@DisplayName("the wanedit launcher: class-data-sharing archives and what a command loads")
class LauncherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The user nobody runs as when the test runs as root (root may write into any folder). */
    private static final String NOBODY = "65534";

    private Path root;
    private Path target;
    private Path home;
    private Path logs;

    @BeforeEach
    void install() throws IOException {
        root = Files.createTempDirectory("wanedit-launcher-");
        target = Files.createDirectories(root.resolve("bootstrap/target"));
        home = Files.createDirectories(root.resolve("home"));
        logs = Files.createDirectories(root.resolve("logs"));
        Path launcher = Path.of(System.getProperty("wanedit.launcher", "../wanedit")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(launcher)) {
            fail("no launcher at " + launcher);
        }
        Files.copy(launcher, root.resolve("wanedit"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(WaneditProcess.jar(), target.resolve("wanedit.jar"));
    }

    @AfterEach
    void remove() {
        WaneditProcess.deleteTree(root);
    }

    private WaneditProcess.Result run(Map<String, String> extraEnv, boolean asNobody, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        command.add("bash");
        command.add(root.resolve("wanedit").toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("WANEDIT_HOME", home.resolve(".wanedit").toString());
        env.put("DASHSCOPE_API_KEY", "sk-launcher-test-not-a-key");
        env.putAll(extraEnv);
        return WaneditProcess.launcher(command, root, logs, env).start(args).await(TIMEOUT);
    }

    private WaneditProcess.Result run(String... args) throws Exception {
        return run(Map.of(), false, args);
    }

    /** A run with the JVM's class-loading log written to {@code log}. */
    private WaneditProcess.Result logged(Path log, String... args) throws Exception {
        return run(Map.of("WANEDIT_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), false, args);
    }

    private static List<Path> archives(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("wanedit-")).sorted().toList();
        }
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static long fromArchive(List<String> log, String classPrefix) {
        return log.stream().filter(l -> l.contains(" " + classPrefix) && l.contains("source: shared objects file")).count();
    }

    private static long loaded(List<String> log, String classPrefix) {
        return log.stream().filter(l -> l.contains(" " + classPrefix)).count();
    }

    @Test
    @DisplayName("the first run of a command makes its archive next to the jar; the second maps wanedit's classes from it")
    void firstRunMakesTheArchive_secondUsesIt() throws Exception {
        WaneditProcess.Result first = run("--help");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).startsWith("Usage: wanedit");
        assertThat(first.stderr()).as("nothing more on stderr").isEmpty();
        List<Path> made = archives(target);
        assertThat(made).as("one archive for --help, no temporary file left").hasSize(1);
        assertThat(made.get(0).getFileName().toString()).endsWith("-help.jsa");
        FileTime madeAt = Files.getLastModifiedTime(made.get(0));

        Path log = logs.resolve("second.log");
        WaneditProcess.Result second = logged(log, "--help");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        List<String> loaded = lines(log);
        assertThat(fromArchive(loaded, "dev.wanedit.bootstrap.Main ")).as("Main from the archive").isEqualTo(1);
        assertThat(loaded(loaded, "com.google.inject.")).as("the root's usage wires nothing: no Guice").isZero();
        // picocli's are Java 5 class files: a dynamic archive (-XX:ArchiveClassesAtExit) leaves them out on Java 17
        assertThat(fromArchive(loaded, "picocli.")).as("picocli from the archive").isGreaterThan(100);
        assertThat(loaded(loaded, "picocli.") - fromArchive(loaded, "picocli.")).as("picocli classes read from the jar").isZero();
        assertThat(archives(target)).as("the archive is used, not made again").containsExactly(made.get(0));
        assertThat(Files.getLastModifiedTime(made.get(0))).isEqualTo(madeAt);

        WaneditProcess.Result models = run("models");
        assertThat(models.exitCode()).as(models.toString()).isZero();
        assertThat(archives(target)).as("another command, its own archive").hasSize(2)
                .anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith("-models.jsa"));
        Path modelsLog = logs.resolve("models-second.log");
        assertThat(logged(modelsLog, "models").exitCode()).isZero();
        assertThat(fromArchive(lines(modelsLog), "com.google.inject.")).as("Guice from the archive").isGreaterThan(100);
    }

    @Test
    @DisplayName("--json output stays one JSON document on the run that makes the archive and on the one that uses it")
    void jsonOutputStaysClean() throws Exception {
        for (int i = 0; i < 2; i++) {
            WaneditProcess.Result r = run("--json", "models");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode doc = WaneditProcess.JSON.readTree(r.stdout());
            assertThat(doc.path("models").isArray()).as(r.toString()).isTrue();
            assertThat(r.stdout().trim()).endsWith("}");
            assertThat(r.stderr()).as(r.toString()).isEmpty();
        }
        assertThat(archives(target)).hasSize(1);
    }

    @Test
    @DisplayName("a run that fails makes no archive: the first that succeeds does, with the classes of the command's work")
    void failedRun_noArchive() throws Exception {
        Path png = Files.write(root.resolve("first.png"), Images.png(640, 480, false));
        WaneditProcess.Result usage = run("validate", "-m", "wan2.5-i2i-preview", "-i");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(2);
        assertThat(archives(target)).as("a usage error ends at the parse: no archive of it").isEmpty();

        String[] validate = {"validate", "-m", "wan2.5-i2i-preview", "-i", png.toString(), "-p", "Put a clock on the shelf"};
        WaneditProcess.Result ok = run(validate);
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(archives(target)).hasSize(1);

        Path log = logs.resolve("validate-archived.log");
        assertThat(logged(log, validate).exitCode()).isZero();
        assertThat(fromArchive(lines(log), "com.fasterxml.jackson.databind.ObjectMapper ")).as("the request's JSON mapper from the archive")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a changed jar gets a new archive and the old one is removed")
    void changedJar_newArchive() throws Exception {
        assertThat(run("models").exitCode()).isZero();
        List<Path> before = archives(target);
        assertThat(before).hasSize(1);

        Path jar = target.resolve("wanedit.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        WaneditProcess.Result after = run("models");

        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.stdout()).contains("wan2.5-i2i-preview");
        List<Path> now = archives(target);
        assertThat(now).as("one archive, for the new jar").hasSize(1).doesNotContainAnyElementsOf(before);
    }

    @Test
    @DisplayName("an archive the JVM refuses (damaged) is ignored: the command works and prints nothing more")
    void damagedArchive_ignored() throws Exception {
        WaneditProcess.Result first = run("models");
        assertThat(first.exitCode()).isZero();
        Path archive = archives(target).get(0);
        archive.toFile().setWritable(true);
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(15).nextBytes(junk);
        Files.write(archive, junk);

        WaneditProcess.Result r = run("models");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(first.stdout());
        assertThat(r.stderr()).as(r.toString()).isEmpty();
    }

    @Test
    @DisplayName("jar folder not writable: the archive goes to the cache folder; nothing writable: the command still works")
    void unwritableFolders() throws Exception {
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        // everyone may read and run the copy; only home is writable, and by everyone (nobody runs as root's stand-in)
        for (Path p : List.of(this.root, this.root.resolve("bootstrap"), logs)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(target.resolve("wanedit.jar"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            WaneditProcess.Result cached = run(Map.of(), root, "models");
            assertThat(cached.exitCode()).as(cached.toString()).isZero();
            assertThat(cached.stdout()).contains("wan2.5-i2i-preview");
            assertThat(archives(target)).as("nothing next to the jar").isEmpty();
            assertThat(archives(home.resolve(".cache/wanedit"))).as("the archive is in the cache folder").hasSize(1);
            WaneditProcess.Result again = run(Map.of(), root, "models");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).isEqualTo(cached.stdout());

            Path nowhere = Files.createDirectories(this.root.resolve("read-only-home"));
            Files.setPosixFilePermissions(nowhere, PosixFilePermissions.fromString("r-xr-xr-x"));
            WaneditProcess.Result plain = run(Map.of("HOME", nowhere.toString(), "XDG_CACHE_HOME", nowhere.resolve("cache").toString()),
                    root, "models");
            assertThat(plain.exitCode()).as(plain.toString()).isZero();
            assertThat(plain.stdout()).isEqualTo(cached.stdout());
            assertThat(plain.stderr()).as(plain.toString()).isEmpty();
            try (Stream<Path> s = Files.list(nowhere)) {
                assertThat(s.toList()).as("nothing written").isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    @DisplayName("a command builds only what it needs: --help, models, jobs and validate load no DashScope client, TLS or emulator")
    void commandsLoadOnlyWhatTheyNeed() throws Exception {
        Path png = Files.write(root.resolve("small.png"), Images.png(640, 480, false));
        Map<String, List<String>> loadedBy = new LinkedHashMap<>();
        loadedBy.put("--help", List.of("--help"));
        loadedBy.put("models", List.of("models"));
        loadedBy.put("jobs", List.of("jobs"));
        loadedBy.put("validate", List.of("validate", "-m", "wan2.5-i2i-preview", "-i", png.toString(), "-p", "Put a clock on the shelf"));
        for (Map.Entry<String, List<String>> e : loadedBy.entrySet()) {
            Path log = logs.resolve(e.getKey().replace("-", "") + ".log");
            WaneditProcess.Result r = logged(log, e.getValue().toArray(String[]::new));
            assertThat(r.exitCode()).as(e.getKey() + ": " + r).isZero();
            List<String> classes = lines(log);
            assertThat(loaded(classes, "dev.wanedit.bootstrap.Main ")).as("the log is read").isEqualTo(1);
            assertThat(loaded(classes, "feign.Feign ")).as(e.getKey() + ": no Feign client").isZero();
            assertThat(loaded(classes, "jdk.internal.net.http.HttpClientImpl ")).as(e.getKey() + ": no HTTP client").isZero();
            assertThat(loaded(classes, "sun.security.ssl.SSLContextImpl ")).as(e.getKey() + ": no TLS").isZero();
            // (the verifier may load an exception or interface type that a method names, never the classes that run)
            assertThat(loaded(classes, "dev.wanedit.emulator.DashScopeEmulator ")).as(e.getKey() + ": no emulator").isZero();
            assertThat(loaded(classes, "com.aliyun.oss.OSSClient ")).as(e.getKey() + ": no OSS client").isZero();
            assertThat(loaded(classes, "ch.qos.logback.classic.joran.JoranConfigurator ")).as(e.getKey() + ": no XML logging configuration").isZero();
            assertThat(r.stderr()).as(e.getKey() + ": nothing on stderr").isEmpty();
            assertThat(loaded(classes, "org.postgresql.Driver ")).as(e.getKey() + ": no PostgreSQL driver started for a SQLite journal").isZero();
            assertThat(loaded(classes, "ch.qos.logback.classic.PatternLayout ")).as(e.getKey() + ": no log line, no pattern read").isZero();
            assertThat(loaded(classes, "java.util.logging.ConsoleHandler ")).as(e.getKey() + ": JUL configured by wanedit, no console handler").isZero();
            if (e.getKey().equals("--help")) {
                assertThat(loaded(classes, "java.util.logging.LogManager ")).as("--help: JUL never starts").isZero();
            }
            if (!e.getKey().equals("jobs")) { // jobs reads the journal, and sqlite-jdbc logs through SLF4J
                assertThat(loaded(classes, "org.sqlite.JDBC ")).as(e.getKey() + ": no SQLite driver").isZero();
                assertThat(loaded(classes, "ch.qos.logback.classic.LoggerContext ")).as(e.getKey() + ": Logback not started").isZero();
            }
            if (!e.getKey().equals("validate")) {
                assertThat(loaded(classes, "com.fasterxml.jackson.databind.ObjectMapper ")).as(e.getKey() + ": no JSON mapper").isZero();
            }
        }
    }

    @Test
    @DisplayName("jobs writes nothing on stderr, run after run: SLF4J starts before the journal's thread can log")
    void jobsQuietOnStderr() throws Exception {
        for (int i = 0; i < 5; i++) {
            WaneditProcess.Result r = run("jobs");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).as("run " + i + ": " + r).isEmpty();
        }
    }

    @Test
    @DisplayName("jobs unpacks SQLite's native library once into the user's cache, never a copy per run into the temporary folder")
    void sqliteLibraryUnpackedOnce() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path cache = root.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "WANEDIT_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        FileTime unpackedAt = null;
        for (int i = 0; i < 2; i++) {
            WaneditProcess.Result r = run(env, false, "jobs");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            try (Stream<Path> s = Files.list(tmp)) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("sqlite")).toList())
                        .as("no library unpacked into java.io.tmpdir").isEmpty();
            }
            List<Path> libs;
            try (Stream<Path> s = Files.list(cache.resolve("wanedit/native"))) {
                libs = s.toList();
            }
            assertThat(libs).as("one library in the cache").hasSize(1);
            assertThat(libs.get(0).getFileName().toString()).startsWith("libsqlitejdbc-");
            if (unpackedAt == null) {
                unpackedAt = Files.getLastModifiedTime(libs.get(0));
                Files.setLastModifiedTime(libs.get(0), unpackedAt = FileTime.fromMillis(unpackedAt.toMillis() - 3_600_000));
            } else {
                assertThat(Files.getLastModifiedTime(libs.get(0))).as("the second run uses it as it is").isEqualTo(unpackedAt);
            }
        }
    }
}
