package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jobs that outlive a process, the orderly ways: {@code --detach} then {@code status}, {@code jobs}
 * and {@code wait}; {@code cancel} of a PENDING and of a RUNNING task; a wait that times out.
 */
@DisplayName("wanedit job life cycle: detach/status/jobs/wait, cancel pending and running, wait timeout")
class DetachWaitCancelIT extends ManualClockJobs {

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
        int queries = emulator.journal().taskQueries(job.get("task_id").asText());
        WaneditProcess.Result refreshed = sandbox.run("status", "--json", "--refresh", id);
        assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
        assertThat(refreshed.json().get("state").asText()).as("known to have succeeded, not stored yet").isEqualTo("SUCCEEDED");
        assertThat(emulator.journal().taskQueries(job.get("task_id").asText())).as("one task query").isEqualTo(queries + 1);
        assertThat(sandbox.out).as("status never downloads").doesNotExist();

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
    @DisplayName("--detach -o DIR: the printed 'wanedit wait' command, run as printed from elsewhere, stores the results in DIR")
    void detachWithOut_hintKeepsTheOutputFolder() throws Exception {
        Path wanted = sandbox.root.resolve("wanted here");
        WaneditProcess.Result submitted = sandbox.run("edit", "--detach", "-o", wanted.toString(), "-m", MODEL, "-i", ROOM,
                "-p", "Where did my results go");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        Matcher hint = Pattern.compile("Collect the results with: (wanedit wait .+)").matcher(submitted.stdout());
        assertThat(hint.find()).as(submitted.stdout()).isTrue();
        List<String> command = shellWords(hint.group(1).strip());

        emulator.clock().advance(Duration.ofMinutes(2));
        WaneditProcess.Result waited = sandbox.run(command.subList(1, command.size()).toArray(String[]::new));
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(wanted.resolve(jobIdFrom(submitted.stdout())).resolve("0.png")).as(waited.stdout()).isRegularFile();
        assertThat(sandbox.out).as("nothing in the default output folder").doesNotExist();
    }

    /** Splits a command line as a POSIX shell would, for plain and single-quoted words (no quote inside a word). */
    private static List<String> shellWords(String line) {
        List<String> words = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
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
}
