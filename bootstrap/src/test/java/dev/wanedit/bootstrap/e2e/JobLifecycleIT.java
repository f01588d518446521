package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorClock;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import dev.wanedit.emulator.Faults;
import dev.wanedit.emulator.RecordedRequest;
import dev.wanedit.emulator.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jobs that outlive a process: {@code --detach} then {@code wait}, {@code cancel} of a PENDING
 * and of a RUNNING task, {@code resume} after the process was killed (SIGKILL) without paying
 * twice, Ctrl-C (SIGINT) while waiting, and a wait that times out.
 *
 * <p>The emulator runs on a manual clock that starts at the real time (result URLs carry real
 * expiry times): its tasks stay PENDING until the test advances the clock, so every state is
 * reached on purpose and nothing depends on how fast this machine is. Each test gets its own
 * journal (a fresh sandbox), so that {@code resume} sees only its own jobs.
 */
@DisplayName("wanedit job life cycle: detach/wait, cancel, resume after kill, Ctrl-C, timeouts")
class JobLifecycleIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    private static final String MODEL = "wan2.5-i2i-preview";

    private static DashScopeEmulator emulator;
    private static String key;
    private Sandbox sandbox;

    @BeforeAll
    static void start() {
        key = Sandbox.unshapedSecretKey();
        emulator = DashScopeEmulator.builder().port(0).clock(EmulatorClock.manual(Instant.now()))
                .limitsEnabled(false).apiKey(Region.BEIJING, key).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void newSandbox() {
        // the client and the service agree on the time (within the 30 s the reconciler tolerates),
        // whatever earlier tests advanced the manual clock by
        emulator.clock().set(Instant.now());
        emulator.faults().clear();
        emulator.journal().clear();
        sandbox = new Sandbox("lifecycle", key, emulator);
    }

    @AfterEach
    void checkSecretAndClean() {
        try {
            sandbox.assertSecretNeverLeaked();
        } finally {
            sandbox.close();
        }
    }

    @Test
    @DisplayName("--detach returns at once with the PENDING job; status and jobs show it; wait JOB stores the results")
    void detachThenWait() throws Exception {
        WaneditProcess.Result submitted = sandbox.run("edit", "--json", "--detach", "-m", MODEL, "-i", ROOM, "-p", "Detached edit");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        JsonNode job = submitted.json();
        String id = job.get("job_id").asText();
        assertThat(job.get("state").asText()).isEqualTo("PENDING");
        assertThat(job.get("task_id").asText()).isNotBlank();
        assertThat(job.get("results")).isEmpty();
        assertThat(job.at("/cost/actual").isNull()).as("no actual cost before the task ended").isTrue();
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);

        WaneditProcess.Result status = sandbox.run("status", "--json", id);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.json().get("job_id").asText()).isEqualTo(id);
        assertThat(status.json().get("state").asText()).isEqualTo("PENDING");
        assertThat(status.json().get("task_id").asText()).isEqualTo(job.get("task_id").asText());

        WaneditProcess.Result jobs = sandbox.run("jobs", "--json");
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        assertThat(jobs.json().get("jobs")).hasSize(1);
        assertThat(jobs.json().at("/jobs/0/job_id").asText()).isEqualTo(id);
        assertThat(jobs.json().at("/jobs/0/model").asText()).isEqualTo(MODEL);

        emulator.clock().advance(Duration.ofMinutes(2)); // the task is now SUCCEEDED
        WaneditProcess.Result waited = sandbox.run("wait", "--json", id);
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        JsonNode done = waited.json();
        assertThat(done.get("state").asText()).isEqualTo("STORED");
        assertThat(done.get("results")).hasSize(1);
        Images.assertStoredResult(done, done.at("/results/0"), sandbox.out, "Detached edit");
        assertThat(emulator.journal().tasksCreated()).as("wait never creates").isEqualTo(1);

        WaneditProcess.Result stored = sandbox.run("jobs", "--json", "--state", "stored");
        assertThat(stored.json().at("/jobs/0/job_id").asText()).isEqualTo(id);
    }

    @Test
    @DisplayName("cancel of a PENDING task: exit 0, the service cancelled it, the job is CANCELED and wait exits 6")
    void cancelPending() throws Exception {
        String id = detach("Cancel me while pending");

        WaneditProcess.Result cancel = sandbox.run("cancel", id);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.stdout()).contains("Cancelled job " + id);
        List<RecordedRequest> cancels = emulator.journal().requests(Endpoint.TASK_CANCEL);
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).status()).isEqualTo(200);

        WaneditProcess.Result status = sandbox.run("status", "--json", id);
        assertThat(status.json().get("state").asText()).isEqualTo("CANCELED");
        WaneditProcess.Result wait = sandbox.run("wait", id);
        assertThat(wait.exitCode()).as("a cancelled job ends with exit 6: " + wait).isEqualTo(6);
    }

    @Test
    @DisplayName("cancel of a RUNNING task: the service refuses, exit 5 with the reason; the job still finishes")
    void cancelRunning() throws Exception {
        String id = detach("Too late to cancel");
        emulator.clock().advance(Duration.ofSeconds(5)); // past the 1 s queue: RUNNING

        WaneditProcess.Result cancel = sandbox.run("cancel", id);
        assertThat(cancel.exitCode()).as(cancel.toString()).isEqualTo(5);
        assertThat(cancel.stderr()).contains("UnsupportedOperation").contains("rejected");
        assertThat(emulator.journal().requests(Endpoint.TASK_CANCEL)).extracting(RecordedRequest::status).containsExactly(400);

        WaneditProcess.Result json = sandbox.run("cancel", "--json", id);
        assertThat(json.exitCode()).isEqualTo(5);
        assertThat(json.json().at("/error/code").asText()).isEqualTo("rejected");
        assertThat(json.json().at("/error/exit_code").asInt()).isEqualTo(5);
        assertThat(json.json().at("/error/service_code").asText()).isEqualTo("UnsupportedOperation");
        assertThat(json.json().at("/error/request_id").asText()).isNotBlank();

        emulator.clock().advance(Duration.ofMinutes(2));
        WaneditProcess.Result wait = sandbox.run("wait", id);
        assertThat(wait.exitCode()).as(wait.toString()).isZero();
        assertThat(wait.stdout()).contains("STORED");
    }

    @Test
    @DisplayName("resume after the waiting process was killed (SIGKILL): the result is stored and exactly one task was created")
    void resumeAfterKill() throws Exception {
        WaneditProcess.Background edit = sandbox.start("edit", "-m", MODEL, "-i", ROOM, "-p", "Survive a crash", "--seed", "7");
        String taskId = awaitPolling(edit);

        edit.kill();
        WaneditProcess.Result killed = sandbox.record(edit.await(Duration.ofSeconds(10)));
        assertThat(killed.exitCode()).as("killed by SIGKILL").isEqualTo(128 + 9);
        String id = jobIdFrom(killed.stdout());

        WaneditProcess.Result before = sandbox.run("status", "--json", id);
        assertThat(before.exitCode()).isZero();
        assertThat(before.json().get("state").asText()).as("the journal kept the unfinished job").isIn("PENDING", "RUNNING");
        assertThat(before.json().get("task_id").asText()).isEqualTo(taskId);

        emulator.clock().advance(Duration.ofMinutes(2)); // the task finished while nobody was watching
        WaneditProcess.Result resume = sandbox.run("resume", "--json");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        JsonNode jobs = resume.json().get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.at("/0/job_id").asText()).isEqualTo(id);
        assertThat(jobs.at("/0/task_id").asText()).isEqualTo(taskId);
        assertThat(jobs.at("/0/state").asText()).isEqualTo("STORED");
        Images.assertStoredResult(jobs.get(0), jobs.at("/0/results/0"), sandbox.out, "Survive a crash");

        RecordedRequest create = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0);
        assertThat(emulator.journal().tasksCreated()).as("never paid twice").isEqualTo(1);
        assertThat(emulator.journal().tasksCreatedFor(create.json().toString())).isEqualTo(1);

        WaneditProcess.Result again = sandbox.run("resume", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.json().get("jobs")).as("nothing left to finish").isEmpty();
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("Ctrl-C (SIGINT) while waiting: exit 130, the resume hint, the job stays in the journal and finishes later")
    void interruptWhileWaiting() throws Exception {
        WaneditProcess.Background edit = sandbox.start("edit", "-m", MODEL, "-i", ROOM, "-p", "Interrupt me");
        awaitPolling(edit);
        Signals.assumeSigintDeliverable(edit.pid());

        edit.interrupt();
        WaneditProcess.Result interrupted = sandbox.record(edit.await(Duration.ofSeconds(20)));
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        String id = jobIdFrom(interrupted.stdout());
        assertThat(interrupted.stderr()).contains("interrupted").contains("wanedit wait " + id).contains("wanedit resume");

        WaneditProcess.Result status = sandbox.run("status", "--json", id);
        assertThat(status.exitCode()).isZero();
        assertThat(status.json().get("state").asText()).isEqualTo("PENDING");

        // the same through wait --json: one JSON error document naming the job
        WaneditProcess.Background wait = sandbox.start("wait", "--json", id);
        awaitQueries(status.json().get("task_id").asText(), emulator.journal().taskQueries(status.json().get("task_id").asText()) + 2);
        wait.interrupt();
        WaneditProcess.Result waitInterrupted = sandbox.record(wait.await(Duration.ofSeconds(20)));
        assertThat(waitInterrupted.exitCode()).as(waitInterrupted.toString()).isEqualTo(130);
        JsonNode error = waitInterrupted.json();
        assertThat(error.at("/error/code").asText()).isEqualTo("interrupted");
        assertThat(error.at("/error/exit_code").asInt()).isEqualTo(130);
        assertThat(error.at("/error/message").asText()).contains("wanedit wait " + id);
        assertThat(error.at("/job/job_id").asText()).isEqualTo(id);

        emulator.clock().advance(Duration.ofMinutes(2));
        WaneditProcess.Result finished = sandbox.run("wait", id);
        assertThat(finished.exitCode()).as(finished.toString()).isZero();
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("Ctrl-C with --cancel-on-interrupt: the PENDING task is cancelled, exit 130")
    void interruptWithCancel() throws Exception {
        WaneditProcess.Background edit = sandbox.start("edit", "--cancel-on-interrupt", "-m", MODEL, "-i", ROOM, "-p", "Cancel on Ctrl-C");
        awaitPolling(edit);
        Signals.assumeSigintDeliverable(edit.pid());

        edit.interrupt();
        WaneditProcess.Result r = sandbox.record(edit.await(Duration.ofSeconds(20)));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
        String id = jobIdFrom(r.stdout());
        assertThat(r.stderr()).contains("cancelled job " + id);
        assertThat(emulator.journal().requests(Endpoint.TASK_CANCEL)).extracting(RecordedRequest::status).containsExactly(200);
        assertThat(sandbox.run("status", "--json", id).json().get("state").asText()).isEqualTo("CANCELED");
    }

    @Test
    @DisplayName("Ctrl-C while a task query hangs in the HTTP call: still exit 130 with the resume hint, at once")
    void interruptDuringSlowPoll() throws Exception {
        Faults.Rule slow = emulator.faults().on(Endpoint.TASK_QUERY).always().inject(Fault.delay(Duration.ofSeconds(30)));
        try {
            WaneditProcess.Background edit = sandbox.start("edit", "-m", MODEL, "-i", ROOM, "-p", "Interrupt a slow poll");
            // the rule counts a hit when the query arrives; the journal records it only once answered
            Sandbox.await("a task query is in flight", Duration.ofSeconds(30), () -> slow.hits() > 0 || !edit.isAlive());
            Signals.assumeSigintDeliverable(edit.pid());
            long sent = System.nanoTime();
            edit.interrupt();
            WaneditProcess.Result r = sandbox.record(edit.await(Duration.ofSeconds(20)));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
            String id = jobIdFrom(r.stdout());
            assertThat(r.stderr()).contains("wanedit wait " + id);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("does not sit out the hanging call").isLessThan(Duration.ofSeconds(8));
        } finally {
            emulator.faults().clear();
        }
    }

    @Test
    @DisplayName("Ctrl-C while the create call hangs: exit 130; resume then finds the task instead of creating another")
    void interruptDuringStalledCreate() throws Exception {
        emulator.faults().onCreate().once().inject(Fault.createThenStall(Duration.ofSeconds(30)));
        WaneditProcess.Background edit = sandbox.start("edit", "-m", MODEL, "-i", ROOM, "-p", "Interrupt a stalled create");
        Sandbox.await("the task was created", Duration.ofSeconds(30), () -> emulator.journal().tasksCreated() == 1 || !edit.isAlive());
        Signals.assumeSigintDeliverable(edit.pid());
        edit.interrupt();
        WaneditProcess.Result r = sandbox.record(edit.await(Duration.ofSeconds(20)));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
        assertThat(r.stderr()).contains("resume");

        emulator.clock().advance(Duration.ofMinutes(2));
        WaneditProcess.Result resume = sandbox.run("resume", "--json");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(resume.json().at("/jobs/0/state").asText()).isEqualTo("STORED");
        assertThat(emulator.journal().tasksCreated()).as("never paid twice").isEqualTo(1);
    }

    @Test
    @DisplayName("wait --timeout 1s on a task that does not finish: exit 7, the job in the JSON error, still resumable")
    void waitTimesOut() throws Exception {
        String id = detach("Never finishes in time");

        WaneditProcess.Result r = sandbox.run("wait", "--json", "--timeout", "1s", id);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        JsonNode doc = r.json();
        assertThat(doc.at("/error/code").asText()).isEqualTo("wait_timed_out");
        assertThat(doc.at("/error/exit_code").asInt()).isEqualTo(7);
        assertThat(doc.at("/job/job_id").asText()).isEqualTo(id);
        assertThat(doc.at("/job/state").asText()).isEqualTo("PENDING");

        WaneditProcess.Result text = sandbox.run("wait", "--timeout", "1s", id);
        assertThat(text.exitCode()).isEqualTo(7);
        assertThat(text.stderr()).startsWith("error: ");
    }

    /** Submits with {@code --detach -q} and returns the job id (the only thing printed). */
    private String detach(String prompt) throws InterruptedException {
        WaneditProcess.Result r = sandbox.run("edit", "-q", "--detach", "-m", MODEL, "-i", ROOM, "-p", prompt);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().lines()).as("-q --detach prints the job id only").hasSize(1);
        return r.stdout().strip();
    }

    /** Waits until the background edit has created its task and polled it twice; returns the task id. */
    private static String awaitPolling(WaneditProcess.Background edit) throws InterruptedException {
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

    private static void awaitQueries(String taskId, int n) throws InterruptedException {
        Sandbox.await("task " + taskId + " was polled " + n + " times", Duration.ofSeconds(30),
                () -> emulator.journal().taskQueries(taskId) >= n);
    }

    private static String jobIdFrom(String stdout) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Submitted job (\\S+)").matcher(stdout);
        assertThat(m.find()).as("a job id in: " + stdout).isTrue();
        return m.group(1);
    }

}
