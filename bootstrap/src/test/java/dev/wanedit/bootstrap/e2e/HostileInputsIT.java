package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only the real process shows about hostile input (issue #19): a FIFO given as an image ends
 * the command at once instead of hanging it (the run's timeout only guards against the hang), a bad
 * endpoint is a usage error without a trace or the proxy password and journals nothing, and the
 * libraries' own logging (sqlite-jdbc through SLF4J, the OSS SDK through commons-logging) stays off
 * stderr unless {@code --verbose}. The rest of the corpus runs in process: HostileInputsTest.
 */
@DisplayName("hostile inputs through the real jar: FIFO, bad endpoint, quiet libraries")
class HostileInputsIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    private static final String[] QUICK = {"-m", "wanx2.1-imageedit", "--function", "stylization_all", "-p", "warm"};

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("hostile").unshapedKey().emulator(b -> b.timeScale(0.02));

    private static void assertNoTrace(WaneditProcess.Result r) {
        assertThat(r.stdout() + r.stderr()).as(r.toString()).doesNotContain("\tat ", "Exception");
    }

    private static void assertNothingJournaled(Sandbox sandbox) throws InterruptedException {
        WaneditProcess.Result jobs = sandbox.run("--json", "jobs");
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        assertThat(jobs.json().path("jobs")).as("jobs journaled").isEmpty();
    }

    @Test
    @DisplayName("a FIFO as the image: validate and edit exit 3 at once, naming it; nothing is sent or journaled")
    void fifo_exits3AtOnce(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        Path fifo = sandbox.work.resolve("pipe.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");

        WaneditProcess.Result validate = sandbox.run("validate", "-m", "wan2.5-i2i-preview", "-p", "x", "-i", fifo.toString());
        WaneditProcess.Result edit = sandbox.run("edit", "-m", "wan2.5-i2i-preview", "-p", "x", "-i", fifo.toString());

        for (WaneditProcess.Result r : List.of(validate, edit)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stdout() + r.stderr()).as(r.toString()).contains("images[0]", "pipe.png", "is a named pipe (FIFO)");
            assertNoTrace(r);
        }
        assertThat(emulator.journal().requests()).isEmpty();
        assertNothingJournaled(sandbox);
    }

    @Test
    @DisplayName("--endpoint with a password or a bad port: exit 2 naming the option, the password masked, nothing journaled")
    void badEndpoint_isAUsageError(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result password = sandbox.run("--endpoint", "http://bob:hunter2pw@proxy.example:3128", "edit", "-i", ROOM,
                "-m", "wan2.5-i2i-preview", "-p", "x");
        WaneditProcess.Result port = sandbox.run("--endpoint", "http://127.0.0.1:99999", "edit", "-i", ROOM,
                "-m", "wan2.5-i2i-preview", "-p", "x");

        assertThat(password.exitCode()).as(password.toString()).isEqualTo(2);
        assertThat(password.stderr()).contains("--endpoint \"http://bob:***@proxy.example:3128\"", "must not contain user info");
        assertThat(password.stdout() + password.stderr()).doesNotContain("hunter2pw");
        assertThat(port.exitCode()).as(port.toString()).isEqualTo(2);
        assertThat(port.stderr()).contains("port 99999 is out of range");
        assertNoTrace(password);
        assertNoTrace(port);
        assertThat(emulator.journal().requests()).isEmpty();
        assertNothingJournaled(sandbox);
    }

    @Test
    @DisplayName("sqlite-jdbc's ERROR lines stay off stderr unless --verbose")
    void sqliteLogging_isQuietUnlessVerbose(Sandbox sandbox) throws Exception {
        // sqlite-jdbc extracts its native library into org.sqlite.tmpdir; a missing one makes it log ERROR lines
        // (a library path of the user's own turns wanedit's cached copy off, and a missing one sends
        // sqlite-jdbc to that extraction)
        List<String> missingTmp = List.of("-Dorg.sqlite.tmpdir=" + sandbox.root.resolve("no-such-folder"),
                "-Dorg.sqlite.lib.path=" + sandbox.root.resolve("no-such-library-folder"));
        Map<String, String> ownHome = Map.of("WANEDIT_HOME", sandbox.root.resolve("sqlite-home").toString());

        WaneditProcess.Result quiet = sandbox.runWith(ownHome, missingTmp, "jobs");
        WaneditProcess.Result verbose = sandbox.runWith(ownHome, missingTmp, "--verbose", "jobs");

        assertThat(verbose.stderr()).as("the library did log: " + verbose).contains("SQLiteJDBCLoader");
        assertThat(quiet.stderr()).as(quiet.toString()).doesNotContain("SQLiteJDBCLoader", "NoSuchFileException", "\tat ");
        assertThat(quiet.stderr()).as("wanedit's own error line is still there").startsWith("error: ");
    }

    @Test
    @DisplayName("the OSS SDK's WARNING blocks stay off stderr: an OSS endpoint that refuses connections")
    void ossLogging_isQuiet(Sandbox sandbox) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens here once closed
        }
        Map<String, String> oss = Map.of("OSS_BUCKET", "wanedit-results", "OSS_ENDPOINT", "http://127.0.0.1:" + closedPort,
                "OSS_ACCESS_KEY_ID", "test-id", "OSS_ACCESS_KEY_SECRET", "test-secret-value");
        sandbox.alsoSecret("test-secret-value");

        WaneditProcess.Result r = sandbox.runWithEnv(oss, "edit", "-i", ROOM, QUICK[0], QUICK[1], QUICK[2], QUICK[3], QUICK[4], QUICK[5]);

        // the store is checked before paying (#17): nothing is sent, and the OSS endpoint may come back (7)
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr()).as(r.toString()).contains("cannot reach OSS at OSS_ENDPOINT http://127.0.0.1:" + closedPort)
                .contains("Nothing was sent");
        assertThat(r.stderr()).as(r.toString()).doesNotContain("WARNING", "com.aliyun.oss", "logException", "\tat ");
        assertThat(Files.exists(sandbox.root)).isTrue();
    }
}
