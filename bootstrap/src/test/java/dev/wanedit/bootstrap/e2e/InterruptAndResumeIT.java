package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.Signals;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import dev.wanedit.emulator.Faults;
import dev.wanedit.emulator.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jobs that outlive a process, the rough ways: the waiting process killed (SIGKILL) and then
 * {@code resume} without paying twice; Ctrl-C (SIGINT) while waiting, with and without
 * {@code --cancel-on-interrupt}, while a task query hangs, and while the create call hangs.
 */
@DisplayName("wanedit job life cycle: resume after SIGKILL, Ctrl-C while waiting, polling or creating")
class InterruptAndResumeIT extends ManualClockJobs {

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
        Images.assertResumedAndStored(resume, id, taskId, sandbox.out, "Survive a crash");

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
        WaneditProcess.Background edit = sandbox.start("edit", "-o", sandbox.out.toString(), "-m", MODEL, "-i", ROOM, "-p", "Interrupt me");
        awaitPolling(edit);
        Signals.assumeSigintDeliverable(edit.pid());

        edit.interrupt();
        WaneditProcess.Result interrupted = sandbox.record(edit.await(Duration.ofSeconds(20)));
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        String id = jobIdFrom(interrupted.stdout());
        assertThat(interrupted.stderr()).contains("interrupted").contains("wanedit wait " + id + " -o " + sandbox.out)
                .contains("wanedit resume -o " + sandbox.out);

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
        assertThat(error.at("/error/code").asText()).as(waitInterrupted.toString()).isEqualTo("interrupted");
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
}
