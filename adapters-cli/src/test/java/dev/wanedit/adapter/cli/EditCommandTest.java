package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EditCommandTest {

    private static final String[] EDIT = {"edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "Put the clock on the shelf"};

    private final Cli cli = new Cli();

    private static String[] edit(String... more) {
        String[] all = new String[EDIT.length + more.length];
        System.arraycopy(EDIT, 0, all, 0, EDIT.length);
        System.arraycopy(more, 0, all, EDIT.length, more.length);
        return all;
    }

    private static String[] json(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--json";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private EditJob onlyJob() {
        assertThat(cli.journal.jobs).hasSize(1);
        return cli.journal.jobs.values().iterator().next();
    }

    @Test
    @DisplayName("edit validates, shows the cost, submits, waits and lists every stored result with its sidecar; exit 0")
    void editStoresAndListsResults() {
        Cli.Run r = cli.run(edit("-n", "2"));

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(cli.submit.calls).isEqualTo(1);
        assertThat(cli.submit.lastOptions.mode()).isEqualTo(SubmitMode.ASYNC);
        assertThat(cli.submit.lastOptions.force()).isFalse();
        assertThat(cli.await.calls).isEqualTo(1);
        assertThat(cli.await.lastDeadline).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.out()).contains("wan2.5-i2i-preview in beijing: 2 images, about 1478*1109; estimated cost 0.40 CNY")
                .contains("Submitted job " + onlyJob().id() + " (task task-")
                .contains("STORED")
                .contains("[0] /out/" + onlyJob().id() + "/image-0.png  (1.5 MB, sha256 ab12cd34ef56)")
                .contains("sidecar /out/" + onlyJob().id() + "/image-0.png.json")
                .contains("[1] /out/" + onlyJob().id() + "/image-1.png")
                .contains("cost: 0.40 CNY (estimated 0.40 CNY)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("edit --json prints one document with job, task, state, results, cost, failure and violations")
    void editJson() {
        Cli.Run r = cli.run(json(edit("-n", "2")));

        assertThat(r.exit()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("job_id").asText()).isEqualTo(onlyJob().id().value());
        assertThat(doc.get("task_id").asText()).isEqualTo(onlyJob().task().orElseThrow().taskId());
        assertThat(doc.get("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(doc.get("region").asText()).isEqualTo("beijing");
        assertThat(doc.get("endpoint").isNull()).isTrue();
        assertThat(doc.get("state").asText()).isEqualTo("STORED");
        assertThat(doc.get("partial").asBoolean()).isFalse();
        assertThat(doc.get("created_at").asText()).isEqualTo("2026-11-21T10:15:30.123Z");
        assertThat(doc.get("results")).hasSize(2);
        JsonNode first = doc.get("results").get(0);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("path").asText()).isEqualTo("/out/" + onlyJob().id() + "/image-0.png");
        assertThat(first.get("sidecar").asText()).isEqualTo("/out/" + onlyJob().id() + "/image-0.png.json");
        assertThat(first.get("sha256").asText()).hasSize(64).startsWith("ab12cd34ef56");
        assertThat(first.get("bytes").asLong()).isEqualTo(1_572_864L);
        assertThat(first.get("url_expires_at").asText()).isEqualTo("2026-11-22T10:16:10.123Z");
        assertThat(first.get("error_code").isNull()).isTrue();
        assertThat(first.get("error_message").isNull()).isTrue();
        assertThat(doc.get("results").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(doc.get("cost").get("estimated").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("actual").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("currency").asText()).isEqualTo("CNY");
        assertThat(doc.get("failure").isNull()).isTrue();
        assertThat(doc.get("violations").isArray()).isTrue();
        assertThat(doc.get("violations")).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("the request's warnings are reported, on stderr for people and as violations in --json")
    void warnings() {
        String longPrompt = "a".repeat(2100);
        Cli.Run human = cli.run("edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", longPrompt);
        assertThat(human.exit()).isZero();
        assertThat(human.err()).contains("warning: prompt").contains("2100 characters");

        Cli.Run r = cli.run("--json", "edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", longPrompt);
        JsonNode v = r.json().get("violations").get(0);
        assertThat(v.get("field").asText()).isEqualTo("prompt");
        assertThat(v.get("severity").asText()).isEqualTo("WARNING");
        assertThat(v.get("rule").asText()).contains("2000");
        assertThat(v.has("value")).isTrue();
    }

    @Test
    @DisplayName("--strict turns warnings into violations: exit 3, nothing submitted")
    void strict() {
        Cli.Run r = cli.run("edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "a".repeat(2100), "--strict");
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.submit.calls).isZero();
    }

    @Test
    @DisplayName("n defaults to 1 and the region comes from --region, after the subcommand too")
    void defaults() {
        cli.run(edit("--region", "singapore"));
        assertThat(cli.validate.lastCommand.n()).isEqualTo(1);
        assertThat(cli.validate.lastCommand.region()).isEqualTo(dev.wanedit.domain.catalog.Region.SINGAPORE);
    }

    @Test
    @DisplayName("without --region the context's default region is used")
    void defaultRegion() {
        cli.defaultRegion = dev.wanedit.domain.catalog.Region.SINGAPORE;
        cli.run(edit());
        assertThat(cli.validate.lastCommand.region()).isEqualTo(dev.wanedit.domain.catalog.Region.SINGAPORE);
    }

    @Test
    @DisplayName("every violation is listed at once, with field, value and rule; exit 3 and nothing is sent")
    void violationsAllAtOnce() {
        Cli.Run r = cli.run("edit", "-m", "wan2.5-i2i-preview", "-i", "nope.jpg", "-n", "9", "--size", "100*100");

        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.submit.calls).isZero();
        assertThat(r.err()).contains("problems with the request; nothing was sent")
                .contains("- images[0] \"nope.jpg\": no such file")
                .contains("- prompt: is required for wan2.5-i2i-preview")
                .contains("- n 9: must be from 1 to 4")
                .contains("- size \"100*100\":")
                .doesNotContain("at dev.wanedit");
        assertThat(r.out()).isEmpty();
    }

    @Test
    @DisplayName("with --json the violations come as an error document on stdout")
    void violationsJson() {
        Cli.Run r = cli.run("--json", "edit", "-m", "wan2.5-i2i-preview", "-i", "nope.jpg", "-n", "9");

        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        JsonNode doc = r.json();
        assertThat(doc.get("error").get("code").asText()).isEqualTo("invalid_request");
        assertThat(doc.get("error").get("exit_code").asInt()).isEqualTo(3);
        assertThat(doc.get("error").get("message").asText()).contains("nope.jpg");
        JsonNode vs = doc.get("violations");
        assertThat(vs.size()).isGreaterThanOrEqualTo(3);
        assertThat(vs.findValuesAsText("field")).contains("images[0]", "prompt", "n");
        JsonNode n = vs.get(vs.findValuesAsText("field").indexOf("n"));
        assertThat(n.get("value").asText()).isEqualTo("9");
        assertThat(n.get("rule").asText()).contains("from 1 to 4");
        assertThat(n.get("severity").asText()).isEqualTo("ERROR");
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("an unreadable input image is invalid input: exit 3 naming the file")
    void unreadableImage() {
        Cli.Run r = cli.run("edit", "-m", "wanx2.1-imageedit", "--function", "description_edit_with_mask", "-i", "shelf.jpg",
                "--mask", "broken.png", "-p", "A red sofa");
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("cannot use input image \"broken.png\": not a PNG");
    }

    @Test
    @DisplayName("edit without -m is a usage error")
    void modelRequired() {
        Cli.Run r = cli.run("edit", "-i", "shelf.jpg", "-p", "x");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--model").contains("wanedit edit --help");
    }

    @Test
    @DisplayName("a malformed --bbox is a usage error")
    void badBox() {
        Cli.Run r = cli.run("edit", "-m", "wan2.7-image", "-i", "shelf.jpg", "-p", "x", "--bbox", "1,2,3");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--bbox").contains("x1,y1,x2,y2");
        assertThat(cli.submit.calls).isZero();
    }

    @Test
    @DisplayName("--detach submits without waiting and says how to collect; exit 0")
    void detach() {
        Cli.Run r = cli.run(edit("--detach"));
        assertThat(r.exit()).isZero();
        assertThat(cli.await.calls).isZero();
        assertThat(r.out()).contains("wanedit wait " + onlyJob().id());

        Cli.Run j = new Cli().run(json(edit("--detach")));
        assertThat(j.json().get("state").asText()).isEqualTo("PENDING");
        assertThat(j.json().get("results")).isEmpty();
        assertThat(j.json().get("cost").get("actual").isNull()).isTrue();
        assertThat(j.json().get("cost").get("estimated").decimalValue()).isEqualByComparingTo("0.20");
    }

    @Test
    @DisplayName("--quiet prints only the stored paths (or the job id when detached)")
    void quiet() {
        Cli.Run r = cli.run(edit("-n", "2", "-q"));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("/out/" + onlyJob().id() + "/image-0.png", "/out/" + onlyJob().id() + "/image-1.png");

        Cli c2 = new Cli();
        Cli.Run d = c2.run(edit("--quiet", "--detach"));
        assertThat(d.out().lines()).containsExactly(c2.journal.jobs.keySet().iterator().next().value());
    }

    @Test
    @DisplayName("--sync and --force reach the submission options")
    void syncAndForce() {
        cli.run("edit", "-m", "wan2.7-image", "-i", "shelf.jpg", "-p", "Make it night", "--sync", "--force");
        assertThat(cli.submit.lastOptions.mode()).isEqualTo(SubmitMode.SYNC);
        assertThat(cli.submit.lastOptions.force()).isTrue();
    }

    @Test
    @DisplayName("when the same request already has an unfinished job, edit says so and waits for that job")
    void reusesUnfinishedJob() {
        EditJob earlier = dev.wanedit.domain.job.EditJob.create(Jobs.newId(), Jobs.wan25(1), Jobs.T0.minusSeconds(600), Optional.empty());
        earlier.beginSubmission(Jobs.T0.minusSeconds(600));
        earlier.accepted(new dev.wanedit.domain.job.RemoteTaskRef("t-earlier", dev.wanedit.domain.catalog.Region.BEIJING, Optional.empty()),
                RemoteStatus.RUNNING, Jobs.T0.minusSeconds(599));
        cli.submit.existing = earlier;

        Cli.Run r = cli.run(edit());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("already has an unfinished job, " + earlier.id() + " (task t-earlier), RUNNING")
                .contains("--force submits a new one").doesNotContain("Submitted job");
        assertThat(earlier.state()).isEqualTo(JobState.STORED);

        Cli.Run forced = cli.run(edit("--force"));
        assertThat(forced.out()).contains("Submitted job");
    }

    @Test
    @DisplayName("a job that is already final after submitting (a failed synchronous call) is reported without a wait; exit 6")
    void finalAfterSubmit() {
        EditJob failed = Jobs.failed(Jobs.running(Jobs.wan25(1), "t-sync"), "InternalError.Algo", "failed at once");
        cli.submit.existing = failed;
        Cli.Run r = cli.run(edit("--sync"));
        assertThat(r.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(cli.await.calls).isZero();
        assertThat(r.out()).contains("FAILED").contains("InternalError.Algo: failed at once");
    }

    @Test
    @DisplayName("an unreadable image with --json is an error document with code unreadable_image, exit 3")
    void unreadableImageJson() {
        Cli.Run r = cli.run("--json", "edit", "-m", "wanx2.1-imageedit", "--function", "description_edit_with_mask", "-i",
                "shelf.jpg", "--mask", "broken.png", "-p", "A red sofa");
        assertThat(r.exit()).isEqualTo(3);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("unreadable_image");
        assertThat(e.get("message").asText()).contains("broken.png");
        assertThat(e.get("exit_code").asInt()).isEqualTo(3);
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("--timeout sets the wait's deadline")
    void timeout() {
        cli.run(edit("--timeout", "2m"));
        assertThat(cli.await.lastDeadline).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    @DisplayName("a partial success exits 6 and shows the failed image with its error")
    void partial() {
        cli.await.behaviour = (job, p) -> Jobs.stored(job, 1);
        Cli.Run r = cli.run(edit("-n", "3"));

        assertThat(r.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(r.out()).contains("STORED (partial)").contains("[2] failed: InternalError.Timeout")
                .contains("cost: 0.40 CNY (estimated 0.60 CNY)");

        Cli c2 = new Cli();
        c2.await.behaviour = (job, p) -> Jobs.stored(job, 1);
        JsonNode doc = c2.run(json(edit("-n", "3"))).json();
        assertThat(doc.get("partial").asBoolean()).isTrue();
        assertThat(doc.get("results").get(2).get("error_code").asText()).isEqualTo("InternalError.Timeout");
        assertThat(doc.get("results").get(2).get("path").isNull()).isTrue();
        assertThat(doc.get("results").get(2).get("bytes").isNull()).isTrue();
    }

    @Test
    @DisplayName("a failed task exits 6 with the service's code and message")
    void failedTask() {
        cli.await.behaviour = (job, p) -> Jobs.failed(job, "InternalError.Algo", "The algorithm failed.");
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(r.out()).contains("FAILED").contains("failure: task failed: InternalError.Algo: The algorithm failed.")
                .contains("cost: 0.00 CNY");

        Cli c2 = new Cli();
        c2.await.behaviour = (job, p) -> Jobs.failed(job, "InternalError.Algo", "The algorithm failed.");
        JsonNode failure = c2.run(json(edit())).json().get("failure");
        assertThat(failure.get("kind").asText()).isEqualTo("TASK_FAILED");
        assertThat(failure.get("code").asText()).isEqualTo("InternalError.Algo");
        assertThat(failure.get("message").asText()).isEqualTo("The algorithm failed.");
    }

    @Test
    @DisplayName("a task cancelled by the service exits 6")
    void canceledByService() {
        cli.await.behaviour = (job, p) -> {
            job.apply(TaskSnapshot.of(job.task().orElseThrow().taskId(), RemoteStatus.CANCELED), Jobs.T0);
            return job;
        };
        assertThat(cli.run(edit()).exit()).isEqualTo(ExitCodes.TASK_FAILED);
    }

    @Test
    @DisplayName("an expired task exits 6")
    void expired() {
        cli.await.behaviour = (job, p) -> {
            job.apply(TaskSnapshot.of(job.task().orElseThrow().taskId(), RemoteStatus.UNKNOWN),
                    Jobs.T0.plus(dev.wanedit.domain.catalog.ModelCatalog.RESULT_RETENTION).plusSeconds(5));
            return job;
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(r.out()).contains("EXPIRED");
    }

    @Test
    @DisplayName("a refused key exits 4 and explains that keys are bound to a region, with the request id")
    void unauthorized() {
        cli.submit.failure = new RemoteServiceException.Unauthorized("Invalid API-key provided.", "InvalidApiKey", "req-7f3a", 401);
        Cli.Run r = cli.run(edit("--region", "singapore"));

        assertThat(r.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("refused the API key (HTTP 401, InvalidApiKey: Invalid API-key provided.)")
                .contains("DASHSCOPE_API_KEY_BEIJING").contains("DASHSCOPE_API_KEY_SINGAPORE")
                .contains("This call went to singapore")
                .contains("request id: req-7f3a")
                .doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a rejection exits 5 with the service's code; --json carries service_code and request_id")
    void rejected() {
        cli.submit.failure = new RemoteServiceException.Rejected("Input data may contain inappropriate content.",
                "DataInspectionFailed", "req-1", 400);
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("rejected the request (HTTP 400, DataInspectionFailed: Input data may contain inappropriate content.)");

        Cli c2 = new Cli();
        c2.submit.failure = cli.submit.failure;
        JsonNode e = c2.run(json(edit())).json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("rejected");
        assertThat(e.get("exit_code").asInt()).isEqualTo(5);
        assertThat(e.get("service_code").asText()).isEqualTo("DataInspectionFailed");
        assertThat(e.get("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    @DisplayName("throttling, unavailability and an unknown create outcome exit 7")
    void unavailable() {
        cli.submit.failure = new RemoteServiceException.RateLimited("Requests rate limit exceeded", "Throttling.RateQuota", "r",
                Optional.of(Duration.ofSeconds(20)));
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("throttling").contains("retry after 20s").contains("nothing was created");

        cli.submit.failure = new RemoteServiceException.Unavailable("Service Unavailable", "", "", 503, null);
        r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("unavailable (HTTP 503: Service Unavailable)");

        cli.submit.failure = new RemoteServiceException.OutcomeUnknown("read timed out", new IOException("timeout"));
        r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("may or may not exist").contains("wanedit resume");
    }

    @Test
    @DisplayName("expired result URLs exit 6")
    void resultExpired() {
        cli.await.behaviour = (job, p) -> {
            throw new RemoteServiceException.ResultExpired("result URL expired", 403);
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(r.err()).contains("24 hours");
    }

    @Test
    @DisplayName("a wait that times out exits 7, shows the job and says how to continue")
    void waitTimedOut() {
        cli.await.behaviour = (job, p) -> {
            throw new WaitTimedOut(job);
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.out()).contains("PENDING");
        assertThat(r.err()).contains("wanedit wait " + onlyJob().id());

        Cli c2 = new Cli();
        c2.await.behaviour = cli.await.behaviour;
        JsonNode doc = c2.run(json(edit())).json();
        assertThat(doc.get("error").get("code").asText()).isEqualTo("wait_timed_out");
        assertThat(doc.get("error").get("exit_code").asInt()).isEqualTo(7);
        assertThat(doc.get("job").get("state").asText()).isEqualTo("PENDING");
    }

    @Test
    @DisplayName("Ctrl-C while waiting exits 130, leaves the job alone and says how to resume")
    void interrupted() {
        cli.await.behaviour = (job, p) -> {
            throw new InterruptedException();
        };
        Cli.Run r = cli.run(edit());

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(cli.manage.cancels).isZero();
        assertThat(onlyJob().state()).isEqualTo(JobState.PENDING);
        assertThat(r.err()).contains("wanedit wait " + onlyJob().id()).contains("wanedit resume");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is consumed").isFalse();
    }

    @Test
    @DisplayName("with --cancel-on-interrupt, Ctrl-C cancels a task that is still PENDING")
    void cancelOnInterrupt() {
        cli.await.behaviour = (job, p) -> {
            throw new InterruptedException();
        };
        Cli.Run r = cli.run(edit("--cancel-on-interrupt"));

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(cli.manage.cancels).isEqualTo(1);
        assertThat(onlyJob().state()).isEqualTo(JobState.CANCELED);
        assertThat(r.err()).contains("cancelled job " + onlyJob().id());
    }

    @Test
    @DisplayName("with --cancel-on-interrupt, a RUNNING task is left resumable (it cannot be cancelled)")
    void cancelOnInterruptTooLate() {
        cli.await.behaviour = (job, p) -> {
            job.apply(TaskSnapshot.of(job.task().orElseThrow().taskId(), RemoteStatus.RUNNING), Jobs.T0);
            throw new InterruptedException();
        };
        Cli.Run r = cli.run(json(edit("--cancel-on-interrupt")));

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(cli.manage.cancels).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("error").get("code").asText()).isEqualTo("interrupted");
        assertThat(doc.get("error").get("exit_code").asInt()).isEqualTo(130);
        assertThat(doc.get("error").get("message").asText()).contains("too late to cancel").contains("wanedit wait");
        assertThat(doc.get("job").get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    @DisplayName("progress is drawn with \\r on a terminal, never otherwise, never with --json or --quiet")
    void progressOnlyOnATerminal() {
        cli.interactive = true;
        Cli.Run tty = cli.run(edit());
        assertThat(tty.out()).contains("\r  " + onlyJob().id() + "  PENDING  3s elapsed  1 poll")
                .contains("\r  " + onlyJob().id() + "  RUNNING  12s elapsed  2 polls")
                .contains("stored [0] /out/");
        assertThat(tty.exit()).isZero();

        Cli pipe = new Cli();
        Cli.Run piped = pipe.run(edit());
        assertThat(piped.out()).doesNotContain("\r").doesNotContain("elapsed").doesNotContain("stored [0]");

        Cli jsonTty = new Cli();
        jsonTty.interactive = true;
        Cli.Run j = jsonTty.run(json(edit()));
        assertThat(j.out()).doesNotContain("\r").doesNotContain("elapsed");
        assertThat(j.json().get("state").asText()).isEqualTo("STORED");

        Cli quietTty = new Cli();
        quietTty.interactive = true;
        Cli.Run q = quietTty.run(edit("--quiet"));
        assertThat(q.out()).doesNotContain("\r").doesNotContain("elapsed");
        assertThat(q.out().lines()).hasSize(1);
    }

    @Test
    @DisplayName("the progress line is finished before an interruption message")
    void progressThenInterrupt() {
        cli.interactive = true;
        cli.await.behaviour = (job, p) -> {
            p.polled(job, 1, Duration.ofSeconds(2));
            throw new InterruptedException();
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.out()).endsWith(System.lineSeparator());
        assertThat(r.exit()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    @Test
    @DisplayName("an unexpected error exits 1 without a stack trace; --verbose adds the trace")
    void stackTraceOnlyWithVerbose() {
        cli.await.behaviour = (job, p) -> {
            throw new ResultStoreException("disk full", new IOException("No space left on device"));
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(r.err()).contains("could not store a result: disk full (No space left on device)")
                .contains("wanedit resume").contains("--verbose").doesNotContain("\tat ");

        Cli.Run v = cli.run(edit("--verbose"));
        assertThat(v.exit()).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(v.err()).contains("ResultStoreException").contains("\tat ");
    }

    @Test
    @DisplayName("a bug surfaces as exit 1 with its class name, never a trace by default")
    void bug() {
        cli.await.behaviour = (job, p) -> {
            throw new IllegalStateException("boom");
        };
        Cli.Run r = cli.run(edit());
        assertThat(r.exit()).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(r.err()).contains("IllegalStateException: boom").doesNotContain("\tat ");
    }
}
