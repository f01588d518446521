package dev.wanedit.bootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wanedit.emulator.DashScopeEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One isolated wanedit installation for a test class: its own HOME, WANEDIT_HOME (journal), output
 * and working folders under one temporary root, a secret API key nobody else knows, and an
 * emulator to talk to. Every run goes through here, so that {@link #assertSecretNeverLeaked()}
 * can check every captured output and every file written. {@link SandboxExtension} makes one per
 * test class or per test, with its emulator.
 */
public final class Sandbox implements AutoCloseable {

    public final Path root;
    public final Path home;
    public final Path wanedit;
    public final Path out;
    public final Path work;
    public final Path logs;
    public final String key;
    private WaneditProcess process;
    private final List<WaneditProcess.Result> results = new CopyOnWriteArrayList<>();
    private final List<WaneditProcess.Background> started = new CopyOnWriteArrayList<>();
    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /**
     * @param key the secret; it must never show up in any output or file
     * @param emulator the emulator the commands are pointed at (WANEDIT_ENDPOINT)
     */
    public Sandbox(String name, String key, DashScopeEmulator emulator) {
        this(name, key, emulator.baseUrl());
    }

    /**
     * @param key the secret (DASHSCOPE_API_KEY_BEIJING); it must never show up in any output or file
     * @param endpoint the emulator the commands are pointed at (WANEDIT_ENDPOINT), e.g. one running in another process
     */
    public Sandbox(String name, String key, String endpoint) {
        this(name, Objects.requireNonNull(key), Objects.requireNonNull(endpoint), true);
    }

    private Sandbox(String name, String key, String endpoint, boolean emulated) {
        try {
            root = Files.createTempDirectory("wanedit-e2e-" + name + "-");
            home = Files.createDirectories(root.resolve("home"));
            wanedit = root.resolve("wanedit-home"); // created by wanedit itself
            out = root.resolve("out");
            work = Files.createDirectories(root.resolve("work"));
            logs = Files.createDirectories(root.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.key = key;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("WANEDIT_HOME", wanedit.toString());
        env.put("WANEDIT_OUT", out.toString());
        if (emulated) {
            secrets.add(key);
            env.put("DASHSCOPE_API_KEY_BEIJING", key);
            env.put("WANEDIT_ENDPOINT", endpoint);
            env.put("WANEDIT_POLL_SCALE", "0.02");
        }
        this.process = new WaneditProcess(WaneditProcess.jar(), work, logs, home, env);
    }

    /**
     * An installation with no key and no endpoint ({@link #key} is null): for {@code --provider
     * local}, or a command that serves instead of calling (the emulator itself).
     */
    public static Sandbox offline(String name) {
        return new Sandbox(name, null, null, false);
    }

    /** A key no one could guess, shaped like a DashScope key ({@code sk-…}). */
    public static String secretKey() {
        return "sk-e2e-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    /**
     * A key that is not shaped like {@code sk-…}, so that the shape-based masking cannot hide a
     * leak: only the configured-secret masking (and not printing it at all) keeps it out.
     */
    public static String unshapedSecretKey() {
        return "e2eSecret" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    /** Another secret that must never leak (e.g. a second region's key given to some runs). */
    public void alsoSecret(String secret) {
        secrets.add(secret);
    }

    public WaneditProcess.Result run(String... args) throws InterruptedException {
        return record(process.run(args));
    }

    /** Runs with some environment variables changed ({@code null} removes one). */
    public WaneditProcess.Result runWithEnv(Map<String, String> env, String... args) throws InterruptedException {
        return record(process.withEnv(env).run(args));
    }

    /** Runs with some environment variables changed and extra JVM options. */
    public WaneditProcess.Result runWith(Map<String, String> env, List<String> jvmOptions, String... args) throws InterruptedException {
        return record(process.withEnv(env).withJvmOptions(jvmOptions).run(args));
    }

    public WaneditProcess.Background start(String... args) {
        return startWithEnv(Map.of(), args);
    }

    /** Starts in the background with some environment variables changed ({@code null} removes one). */
    public WaneditProcess.Background startWithEnv(Map<String, String> env, String... args) {
        WaneditProcess.Background b = process.withEnv(env).start(args);
        started.add(b);
        return b;
    }

    /** Every later run with these environment variables changed ({@code null} removes one). */
    public Sandbox changeEnv(Map<String, String> changes) {
        process = process.withEnv(changes);
        return this;
    }

    /** Every later run on a JVM with its own defaults and these options ({@link WaneditProcess#withPlainJvm}). */
    public Sandbox plainJvm(String... options) {
        process = process.withPlainJvm(List.of(options));
        return this;
    }

    /** Records a background run's result for the leak check. */
    public WaneditProcess.Result record(WaneditProcess.Result r) {
        results.add(r);
        return r;
    }

    /** Polls {@code condition} until it holds, failing after {@code deadline}; no fixed sleeps. */
    public static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + deadline + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Whether anything was run here (a test skipped before its first run has nothing to check). */
    public boolean hasRuns() {
        return !results.isEmpty() || !started.isEmpty();
    }

    /** Every file under the sandbox (outputs, sidecars, the journal and its WAL, captured logs, work folder). */
    public List<Path> allFiles() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No secret appears in any captured stdout or stderr, nor in any file's bytes anywhere in the sandbox. */
    public void assertSecretNeverLeaked() {
        assertThat(results.size() + started.size()).as("runs to check").isPositive();
        List<Path> files = allFiles();
        assertThat(files).as("files written").isNotEmpty();
        for (String secret : secrets) {
            for (WaneditProcess.Result r : results) {
                assertThat(r.stdout()).as("stdout of wanedit %s", r.args()).doesNotContain(secret);
                assertThat(r.stderr()).as("stderr of wanedit %s", r.args()).doesNotContain(secret);
            }
        }
        // each file read once and searched for every secret, as UTF-8 and as UTF-16 (in case anything
        // stores UTF-16 text); as ISO-8859-1 text each byte is one char, so String.indexOf searches the
        // bytes themselves with the JDK's own fast search (BatchHeapIT's sandbox holds 10,000 images)
        List<String> needles = new ArrayList<>();
        for (String secret : secrets) {
            needles.add(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            needles.add(new String(secret.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1));
        }
        List<String> leaks = new ArrayList<>();
        for (Path f : files) {
            String bytes;
            try {
                bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (needles.stream().anyMatch(bytes::contains)) {
                leaks.add(root.relativize(f).toString());
            }
        }
        assertThat(leaks).as("files containing a secret key").isEmpty();
    }

    @Override
    public void close() {
        started.forEach(WaneditProcess.Background::destroyIfAlive);
        WaneditProcess.deleteTree(root);
    }
}
