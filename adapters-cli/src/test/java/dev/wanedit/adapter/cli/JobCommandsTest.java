package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** status, wait, cancel, jobs and resume. */
class JobCommandsTest {

    private final Cli cli = new Cli();

    private EditJob add(EditJob job) {
        return cli.journal.add(job);
    }

    @Test
    @DisplayName("status shows a job with its results and exits 0 whatever its state")
    void status() {
        EditJob j = add(Jobs.stored(Jobs.running(Jobs.wan25(2), "t-1"), 1));
        Cli.Run r = cli.run("status", j.id().value());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Job " + j.id() + "  STORED (partial)  wan2.5-i2i-preview  beijing  task t-1")
                .contains("[0] /out/").contains("[1] failed: InternalError.Timeout");
        assertThat(cli.manage.lastRefresh).isFalse();
    }

    @Test
    @DisplayName("status --refresh asks for a refresh; an unfinished job says how to wait")
    void statusRefresh() {
        EditJob j = add(Jobs.running(Jobs.wan25(1), "t-2"));
        Cli.Run r = cli.run("status", j.id().value(), "--refresh");
        assertThat(cli.manage.lastRefresh).isTrue();
        assertThat(r.out()).contains("RUNNING").contains("wanedit wait " + j.id()).contains("estimated cost: 0.20 CNY");
    }

    @Test
    @DisplayName("status --json is the job document")
    void statusJson() {
        EditJob j = add(Jobs.running(Jobs.wan25(1), "t-3"));
        JsonNode doc = cli.run("status", j.id().value(), "--json").json();
        assertThat(doc.get("job_id").asText()).isEqualTo(j.id().value());
        assertThat(doc.get("task_id").asText()).isEqualTo("t-3");
        assertThat(doc.get("state").asText()).isEqualTo("RUNNING");
        assertThat(doc.get("results")).isEmpty();
        assertThat(doc.get("cost").get("actual").isNull()).isTrue();
    }

    @Test
    @DisplayName("an unknown job is invalid input: exit 3 and a pointer to `wanedit jobs`")
    void unknownJob() {
        Cli.Run r = cli.run("status", "20261121-101530-123-zzzzzz");
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no job \"20261121-101530-123-zzzzzz\"").contains("wanedit jobs");

        JsonNode e = cli.run("--json", "wait", "20261121-101530-123-zzzzzz").json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("job_not_found");
        assertThat(e.get("exit_code").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("a malformed job id is a usage error")
    void malformedJobId() {
        Cli.Run r = cli.run("wait", "job-1");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("job-1").contains("wanedit wait --help");
    }

    @Test
    @DisplayName("wait exits with the job's outcome: 0 stored, 6 partial, 7 timed out, 130 interrupted")
    void waitOutcomes() {
        EditJob ok = add(Jobs.pending(Jobs.wan25(1), "t-ok"));
        Cli.Run r = cli.run("wait", ok.id().value(), "--timeout", "10m");
        assertThat(r.exit()).isZero();
        assertThat(cli.await.lastDeadline).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.out()).contains("STORED").contains("/out/" + ok.id() + "/image-0.png");

        EditJob partial = add(Jobs.pending(Jobs.wan25(2), "t-partial"));
        cli.await.behaviour = (job, p) -> Jobs.stored(job, 1);
        assertThat(cli.run("wait", partial.id().value()).exit()).isEqualTo(ExitCodes.TASK_FAILED);

        EditJob slow = add(Jobs.pending(Jobs.wan25(1), "t-slow"));
        cli.await.behaviour = (job, p) -> {
            throw new WaitTimedOut(job);
        };
        Cli.Run t = cli.run("wait", slow.id().value());
        assertThat(t.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(t.err()).contains("still PENDING").contains("wanedit wait " + slow.id());

        cli.await.behaviour = (job, p) -> {
            throw new InterruptedException();
        };
        Cli.Run i = cli.run("wait", slow.id().value());
        assertThat(i.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(i.err()).contains("wanedit wait " + slow.id());
        assertThat(cli.manage.cancels).isZero();
    }

    @Test
    @DisplayName("wait --cancel-on-interrupt cancels a PENDING task")
    void waitCancelOnInterrupt() {
        EditJob j = add(Jobs.pending(Jobs.wan25(1), "t-c"));
        cli.await.behaviour = (job, p) -> {
            throw new InterruptedException();
        };
        Cli.Run r = cli.run("wait", j.id().value(), "--cancel-on-interrupt");
        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(j.state()).isEqualTo(JobState.CANCELED);
    }

    @Test
    @DisplayName("a failed cancel on interrupt still says how to resume")
    void cancelOnInterruptFails() {
        EditJob j = add(Jobs.pending(Jobs.wan25(1), "t-c2"));
        cli.await.behaviour = (job, p) -> {
            throw new InterruptedException();
        };
        cli.manage.cancelFailure = new RemoteServiceException.Unavailable("connection reset", "", "", 0, null);
        Cli.Run r = cli.run("wait", j.id().value(), "--cancel-on-interrupt");
        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(r.err()).contains("could not cancel").contains("wanedit wait " + j.id());
    }

    @Test
    @DisplayName("cancel of a PENDING job: exit 0; --json shows CANCELED")
    void cancel() {
        EditJob j = add(Jobs.pending(Jobs.wan25(1), "t-p"));
        Cli.Run r = cli.run("cancel", j.id().value());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Cancelled job " + j.id() + " (task t-p)");

        EditJob k = add(Jobs.pending(Jobs.wan25(1), "t-q"));
        JsonNode doc = cli.run("--json", "cancel", k.id().value()).json();
        assertThat(doc.get("state").asText()).isEqualTo("CANCELED");
        assertThat(doc.get("job_id").asText()).isEqualTo(k.id().value());
    }

    @Test
    @DisplayName("cancel of a running task is refused by the service: exit 5")
    void cancelRunning() {
        EditJob j = add(Jobs.running(Jobs.wan25(1), "t-r"));
        cli.manage.cancelFailure = new RemoteServiceException.Rejected("Task can not be canceled.", "UnsupportedOperation",
                "req-9", 400);
        Cli.Run r = cli.run("cancel", j.id().value());
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("UnsupportedOperation: Task can not be canceled.").contains("request id: req-9");
    }

    @Test
    @DisplayName("jobs prints an aligned table, newest first as the use case returns them")
    void jobsTable() {
        EditJob a = add(Jobs.stored(Jobs.running(Jobs.wan25(2), "t-a"), 0));
        EditJob b = add(Jobs.running(Jobs.wan25(1), "t-b"));
        Cli.Run r = cli.run("jobs");

        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("JOB").contains("STATE").contains("MODEL").contains("REGION").contains("CREATED")
                .contains("IMAGES").contains("COST").contains("TASK");
        assertThat(lines.get(1)).startsWith(a.id().value()).contains("STORED").contains("2/2 stored").contains("0.40 CNY");
        assertThat(lines.get(2)).startsWith(b.id().value()).contains("RUNNING").contains("~0.20 CNY");
        int stateColumn = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).indexOf("STORED")).isEqualTo(stateColumn);
        assertThat(lines.get(2).indexOf("RUNNING")).isEqualTo(stateColumn);
        int taskColumn = lines.get(0).indexOf("TASK");
        assertThat(lines.get(1).indexOf("t-a")).isEqualTo(taskColumn);
    }

    @Test
    @DisplayName("jobs passes --state, --since (from the clock) and --limit to the query")
    void jobsQuery() {
        cli.run("jobs", "--state", "running,pending", "--since", "2h", "--limit", "7");
        assertThat(cli.manage.lastQuery.states()).isEqualTo(Set.of(JobState.RUNNING, JobState.PENDING));
        assertThat(cli.manage.lastQuery.createdSince()).contains(Instant.parse("2026-11-21T08:15:30.123Z"));
        assertThat(cli.manage.lastQuery.limit()).isEqualTo(7);

        cli.run("jobs");
        assertThat(cli.manage.lastQuery.states()).isEmpty();
        assertThat(cli.manage.lastQuery.createdSince()).isEmpty();
    }

    @Test
    @DisplayName("jobs with nothing to show says so; --json gives {jobs:[...]}; --quiet the ids")
    void jobsEmptyJsonQuiet() {
        assertThat(cli.run("jobs").out()).contains("No jobs in the journal yet.");
        assertThat(cli.run("jobs", "--state", "failed").out()).contains("No jobs match.");

        EditJob j = add(Jobs.failed(Jobs.running(Jobs.wan25(1), "t-f"), "InternalError", "boom"));
        JsonNode doc = cli.run("jobs", "--json").json();
        assertThat(doc.get("jobs")).hasSize(1);
        assertThat(doc.get("jobs").get(0).get("job_id").asText()).isEqualTo(j.id().value());
        assertThat(doc.get("jobs").get(0).get("failure").get("code").asText()).isEqualTo("InternalError");

        assertThat(cli.run("jobs", "-q").out().lines()).containsExactly(j.id().value());
    }

    @Test
    @DisplayName("jobs --limit 0 is a usage error")
    void jobsLimit() {
        assertThat(cli.run("jobs", "--limit", "0").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @DisplayName("resume reports every job; exit 0 all well, 6 one failed, 7 one unfinished")
    void resume() {
        EditJob ok = Jobs.stored(Jobs.running(Jobs.wan25(1), "t-1"), 0);
        EditJob failed = Jobs.failed(Jobs.running(Jobs.wan25(1), "t-2"), "InternalError", "boom");
        EditJob running = Jobs.running(Jobs.wan25(1), "t-3");

        cli.resume.result = List.of(ok);
        Cli.Run r = cli.run("resume", "--timeout", "5m");
        assertThat(r.exit()).isZero();
        assertThat(cli.resume.lastDeadline).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.out()).contains("Resumed 1 job:").contains(ok.id().value());

        cli.resume.result = List.of(ok, failed);
        assertThat(cli.run("resume").exit()).isEqualTo(ExitCodes.TASK_FAILED);

        cli.resume.result = List.of(failed, running, ok);
        assertThat(cli.run("resume").exit()).isEqualTo(ExitCodes.UNAVAILABLE);

        cli.resume.result = List.of();
        assertThat(cli.run("resume").out()).contains("Nothing to resume");
    }

    @Test
    @DisplayName("resume leaves jobs another live process works on to it, names the owner, and exits 0 for them")
    void resumeLeavesJobsToAnotherProcess() {
        EditJob ok = Jobs.stored(Jobs.running(Jobs.wan25(1), "t-1"), 0);
        EditJob elsewhere = Jobs.running(Jobs.wan25(1), "t-2");
        EditJob failed = Jobs.failed(Jobs.running(Jobs.wan25(1), "t-3"), "InternalError", "boom");
        cli.resume.result = List.of(ok);
        cli.resume.leftToOwner = List.of(elsewhere);

        Cli.Run r = cli.run("resume");

        assertThat(r.exit()).as("another process finishing a job is not a failure of this one").isZero();
        assertThat(r.out()).contains(elsewhere.id().value()).contains("being worked on by pid 4242 on host-b");
        JsonNode doc = cli.run("--json", "resume").json();
        assertThat(doc.get("jobs").get(1).get("left_to_owner").asBoolean()).isTrue();
        assertThat(doc.get("jobs").get(0).get("left_to_owner").asBoolean()).isFalse();

        // a job of this run that failed still decides the exit code
        cli.resume.result = List.of(ok, failed);
        assertThat(cli.run("resume").exit()).isEqualTo(ExitCodes.TASK_FAILED);
    }

    @Test
    @DisplayName("resume --json lists the jobs; progress only on a terminal; Ctrl-C exits 130")
    void resumeJsonProgressInterrupt() {
        EditJob ok = Jobs.stored(Jobs.running(Jobs.wan25(1), "t-1"), 0);
        cli.resume.result = List.of(ok);
        JsonNode doc = cli.run("--json", "resume").json();
        assertThat(doc.get("jobs").get(0).get("state").asText()).isEqualTo("STORED");

        cli.interactive = true;
        assertThat(cli.run("resume").out()).contains("\r").contains("1 poll");
        assertThat(cli.run("resume", "--json").out()).doesNotContain("\r");

        cli.resume.interrupt = true;
        Cli.Run r = cli.run("resume");
        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(r.err()).contains("wanedit resume");
    }
}
