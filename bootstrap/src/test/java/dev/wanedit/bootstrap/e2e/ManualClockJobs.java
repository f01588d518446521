package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the job life-cycle tests share: an emulator on a manual clock that starts at the real time
 * (result URLs carry real expiry times), so that its tasks stay PENDING until a test advances the
 * clock, every state is reached on purpose and nothing depends on how fast this machine is; and a
 * fresh sandbox (its own journal) per test, so that {@code resume} sees only that test's jobs.
 */
abstract class ManualClockJobs {

    static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    static final String MODEL = "wan2.5-i2i-preview";

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perTest("lifecycle").unshapedKey().manualClock()
            .emulator(b -> b.limitsEnabled(false));

    static DashScopeEmulator emulator;
    Sandbox sandbox;

    @BeforeEach
    void bind(Sandbox sandbox, DashScopeEmulator emulator) {
        this.sandbox = sandbox;
        ManualClockJobs.emulator = emulator;
    }

    /** Submits with {@code --detach -q} and returns the job id (the only thing printed). */
    String detach(String prompt) throws InterruptedException {
        WaneditProcess.Result r = sandbox.run("edit", "-q", "--detach", "-m", MODEL, "-i", ROOM, "-p", prompt);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().lines()).as("-q --detach prints the job id only").hasSize(1);
        return r.stdout().strip();
    }

    /** Waits until the background edit has created its task and polled it twice; returns the task id. */
    static String awaitPolling(WaneditProcess.Background edit) throws InterruptedException {
        Sandbox.await("the edit created a task", Duration.ofSeconds(30),
                () -> !emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).isEmpty() || !edit.isAlive());
        assertThat(edit.isAlive()).as("still waiting: " + edit.stderrSoFar()).isTrue();
        List<RecordedRequest> creates = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS);
        assertThat(creates).hasSize(1);
        String taskId = emulator.journal().requests("GET", "/api/v1/tasks/").isEmpty()
                ? awaitFirstQuery() : emulator.journal().requests("GET", "/api/v1/tasks/").get(0).path().substring("/api/v1/tasks/".length());
        awaitQueries(taskId, 2);
        Sandbox.await("the job id was printed", Duration.ofSeconds(10), () -> edit.stdoutSoFar().contains("Submitted job "));
        return taskId;
    }

    private static String awaitFirstQuery() throws InterruptedException {
        Sandbox.await("the task was polled", Duration.ofSeconds(30), () -> !emulator.journal().requests("GET", "/api/v1/tasks/").isEmpty());
        return emulator.journal().requests("GET", "/api/v1/tasks/").get(0).path().substring("/api/v1/tasks/".length());
    }

    static void awaitQueries(String taskId, int n) throws InterruptedException {
        Sandbox.await("task " + taskId + " was polled " + n + " times", Duration.ofSeconds(30),
                () -> emulator.journal().taskQueries(taskId) >= n);
    }

    static String jobIdFrom(String stdout) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Submitted job (\\S+)").matcher(stdout);
        assertThat(m.find()).as("a job id in: " + stdout).isTrue();
        return m.group(1);
    }
}
