package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import dev.wanedit.emulator.Region;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every exit code of the command line contract (adapters-cli README), each produced by the real
 * jar against the emulator, with its message and its {@code --json} error document. 0 and 130 are
 * covered by {@link EditModelsIT} and {@link InterruptAndResumeIT}; 7 for a timed-out wait by {@link DetachWaitCancelIT}.
 */
@DisplayName("wanedit exit codes: 2 usage, 3 invalid input, 4 key, 5 rejected, 6 failed/partial, 7 unavailable")
class ExitCodesIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    private static final String MODEL = "wan2.5-i2i-preview";
    /** The fastest model (0.2 s at this time scale) for the cases that need a finished task. */
    private static final String[] QUICK = {"-m", "wanx2.1-imageedit", "--function", "stylization_all"};

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("exit-codes").alsoKeyIn(Region.SINGAPORE)
            .emulator(b -> b.timeScale(0.02));

    @Test
    @DisplayName("0: --version names the packaged version; 2: no command at all prints the usage with the exit-code table")
    void version_and_bareCommand(Sandbox sandbox) throws Exception {
        WaneditProcess.Result version = sandbox.run("--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout().strip()).isEqualTo("wanedit " + System.getProperty("wanedit.version", "0.1.0-SNAPSHOT"));

        WaneditProcess.Result bare = sandbox.run();
        assertThat(bare.exitCode()).as(bare.toString()).isEqualTo(2);
        assertThat(bare.stderr()).contains("Usage: wanedit").contains("Exit codes:").contains("130  interrupted");
    }

    @Test
    @DisplayName("2: an unknown option, with a pointer to --help; as JSON with code usage")
    void usage_unknownOption(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("edit", "--frobnicate", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("--frobnicate").contains("wanedit edit --help");
        assertThat(r.stdout()).isEmpty();

        WaneditProcess.Result json = sandbox.run("edit", "--json", "--frobnicate");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.json().at("/error/code").asText()).isEqualTo("usage");
        assertThat(json.json().at("/error/exit_code").asInt()).isEqualTo(2);
        assertThat(emulator.journal().requests()).as("nothing sent").isEmpty();
    }

    @Test
    @DisplayName("2: a key given as an option is refused without being echoed")
    void usage_keyAsOption(Sandbox sandbox) throws Exception {
        String attempted = "sk-typed-on-the-command-line-" + System.nanoTime();
        sandbox.alsoSecret(attempted);
        WaneditProcess.Result r = sandbox.run("edit", "--api-key", attempted, "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("never accepted as an option").contains("DASHSCOPE_API_KEY_BEIJING").doesNotContain(attempted);
    }

    @Test
    @DisplayName("2: a malformed job id and a bad --region")
    void usage_badValues(Sandbox sandbox) throws Exception {
        WaneditProcess.Result job = sandbox.run("status", "not-a-job");
        assertThat(job.exitCode()).as(job.toString()).isEqualTo(2);
        assertThat(job.stderr()).contains("not-a-job");
        WaneditProcess.Result region = sandbox.run("--region", "mars", "jobs");
        assertThat(region.exitCode()).as(region.toString()).isEqualTo(2);
        assertThat(region.stderr()).contains("mars");
    }

    @Test
    @DisplayName("3: edit with several violations lists them all and sends nothing")
    void invalid_violations(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("edit", "-m", MODEL, "-i", ROOM, "-p", "x", "-n", "9", "--seed", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("2 problems with the request; nothing was sent")
                .contains("n 9: must be from 1 to 4").contains("seed -1: must be from 0 to 2147483647");
        assertThat(emulator.journal().requests()).as("no network call").isEmpty();

        WaneditProcess.Result json = sandbox.run("edit", "--json", "-m", MODEL, "-i", ROOM, "-p", "x", "-n", "9", "--seed", "-1");
        assertThat(json.exitCode()).isEqualTo(3);
        JsonNode doc = json.json();
        assertThat(doc.at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(doc.at("/error/exit_code").asInt()).isEqualTo(3);
        assertThat(doc.get("violations")).extracting(v -> v.get("field").asText()).containsExactlyInAnyOrder("n", "seed");
    }

    @Test
    @DisplayName("3: an image file that is not an image; as JSON with code unreadable_image or invalid_request")
    void invalid_unreadableImage(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        Path bad = Files.writeString(sandbox.work.resolve("not-an-image.png"), "this is text, not a PNG");
        WaneditProcess.Result r = sandbox.run("edit", "-m", MODEL, "-i", bad.toString(), "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("not-an-image.png");
        WaneditProcess.Result missing = sandbox.run("edit", "--json", "-m", MODEL, "-i", "/no/such/file.png", "-p", "x");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        assertThat(missing.json().at("/error/message").asText()).contains("/no/such/file.png");
        assertThat(missing.json().at("/error/code").asText()).isIn("unreadable_image", "invalid_request");
        assertThat(emulator.journal().requests()).isEmpty();
    }

    @Test
    @DisplayName("3: an unknown job")
    void invalid_unknownJob(Sandbox sandbox) throws Exception {
        WaneditProcess.Result r = sandbox.run("status", "--json", "20261121-101530-123-k3f9q2");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("job_not_found");
        assertThat(r.json().at("/error/message").asText()).contains("20261121-101530-123-k3f9q2");
    }

    @Test
    @DisplayName("4: a wrong key is refused with the region hint and the request id")
    void auth_wrongKey(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String wrong = Sandbox.secretKey();
        sandbox.alsoSecret(wrong);
        WaneditProcess.Result r = sandbox.runWithEnv(Map.of("DASHSCOPE_API_KEY_BEIJING", wrong), "edit", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).contains("refused the API key").contains("InvalidApiKey").contains("bound to a region")
                .contains("DASHSCOPE_API_KEY_SINGAPORE").contains("request id");
        assertThat(emulator.journal().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("4: a Singapore key against the Beijing endpoint, as JSON")
    void auth_singaporeKeyInBeijing(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DASHSCOPE_API_KEY_BEIJING", null);
        env.put("DASHSCOPE_API_KEY", E2E.key(Region.SINGAPORE)); // the generic variable, holding the other region's key
        WaneditProcess.Result r = sandbox.runWithEnv(env, "edit", "--json", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("unauthorized");
        assertThat(error.get("exit_code").asInt()).isEqualTo(4);
        assertThat(error.get("service_code").asText()).isEqualTo("InvalidApiKey");
        assertThat(error.get("request_id").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains("singapore").contains("beijing");
        assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS)).extracting(x -> x.status()).containsOnly(401);
    }

    @Test
    @DisplayName("4: no key at all: nothing is sent")
    void auth_noKey(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.runWithEnv(Map.of("DASHSCOPE_API_KEY_BEIJING", ""), "edit", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).contains("DASHSCOPE_API_KEY_BEIJING");
        assertThat(emulator.journal().requests()).isEmpty();
    }

    @Test
    @DisplayName("5: the content inspection rejects the input; nothing is created")
    void rejected_dataInspection(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        emulator.faults().onCreate().once().inject(Fault.dataInspectionFailed());
        WaneditProcess.Result r = sandbox.run("edit", "--json", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("rejected");
        assertThat(error.get("service_code").asText()).isEqualTo("DataInspectionFailed");
        assertThat(error.get("request_id").asText()).isNotBlank();
        assertThat(emulator.journal().tasksCreated()).isZero();

        emulator.faults().onCreate().once().inject(Fault.dataInspectionFailed());
        WaneditProcess.Result text = sandbox.run("edit", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(text.exitCode()).isEqualTo(5);
        assertThat(text.stderr()).contains("rejected").contains("DataInspectionFailed").contains("will not help");
    }

    @Test
    @DisplayName("6: the task fails: state FAILED with the service's code and message")
    void failed_task(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        emulator.faults().onCreate().once().inject(Fault.taskFailed("InternalError.Algo", "the algorithm gave up"));
        WaneditProcess.Result r = sandbox.run(args("edit", "--json", "-i", ROOM, "-p", "x"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        assertThat(job.at("/failure/kind").asText()).isEqualTo("TASK_FAILED");
        assertThat(job.at("/failure/code").asText()).isEqualTo("InternalError.Algo");
        assertThat(job.at("/failure/message").asText()).contains("the algorithm gave up");
        assertThat(job.get("results")).isEmpty();
        assertThat(job.at("/cost/actual").decimalValue()).as("nothing billed").isEqualByComparingTo("0");
    }

    @Test
    @DisplayName("6: partial success: the images that came are stored, the failed slot carries its error")
    void failed_partial(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        emulator.faults().onCreate().once().inject(Fault.imagesTimeout(1));
        WaneditProcess.Result r = sandbox.run(args("edit", "--json", "-i", ROOM, "-p", "Three tries", "-n", "3"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.get("partial").asBoolean()).isTrue();
        assertThat(job.get("results")).hasSize(3);
        int stored = 0;
        for (JsonNode result : job.get("results")) {
            if (result.get("path").isNull()) {
                assertThat(result.get("error_code").asText()).isEqualTo("InternalError.Timeout");
                assertThat(result.get("sha256").isNull()).isTrue();
                assertThat(result.get("bytes").isNull()).isTrue();
            } else {
                Images.assertStoredResult(job, result, sandbox.out, "Three tries");
                stored++;
            }
        }
        assertThat(stored).isEqualTo(2);
        assertThat(job.at("/cost/actual").decimalValue()).as("billed per successful image").isEqualByComparingTo("0.28");

        emulator.faults().onCreate().once().inject(Fault.imagesTimeout(0));
        WaneditProcess.Result text = sandbox.run(args("edit", "-i", ROOM, "-p", "Two tries", "-n", "2"));
        assertThat(text.exitCode()).isEqualTo(6);
        assertThat(text.stdout()).contains("InternalError.Timeout");
    }

    @Test
    @DisplayName("1: the result cannot be stored; the job keeps its folder, and once it is writable resume stores it there "
            + "without a second task (an output folder that cannot be made at all is refused up front: exit 2, nothing sent)")
    void software_unwritableOutput(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        Path blocker = sandbox.work.resolve("a-file-not-a-folder");
        Files.writeString(sandbox.work.resolve("plain-file"), "x");
        WaneditProcess.Result upFront = sandbox.run(args("edit", "-o", sandbox.work.resolve("plain-file/out").toString(),
                "-i", ROOM, "-p", "Never sent"));
        assertThat(upFront.exitCode()).as(upFront.toString()).isEqualTo(2);
        assertThat(upFront.stderr()).contains("--out", "is a file, not a folder");
        assertThat(emulator.journal().requests()).as("nothing sent for a bad output folder").isEmpty();

        // the folder was fine when the job was submitted, and is blocked by the time its result is stored
        Path asked = blocker.resolve("out");
        WaneditProcess.Result detached = sandbox.run(args("edit", "--detach", "-o", asked.toString(), "-i", ROOM, "-p",
                "Store me later"));
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        java.util.regex.Matcher submitted = java.util.regex.Pattern.compile("Submitted job (\\S+)").matcher(detached.stdout());
        assertThat(submitted.find()).as(detached.stdout()).isTrue();
        Files.writeString(blocker, "x");
        WaneditProcess.Result r = sandbox.run("wait", submitted.group(1));
        // paid for, not stored: exit 8 with the reason and how to finish, never "an unexpected error"
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
        assertThat(r.stdout()).contains("not stored: store_failed").contains("wanedit resume");
        String body = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0).json().toString();
        assertThat(emulator.journal().tasksCreatedFor(body)).isEqualTo(1);

        // the user clears the way; the job remembered the folder it was asked to store into
        Files.delete(blocker);
        // this class shares one journal: resume also finishes what earlier tests left unsent
        WaneditProcess.Result resume = sandbox.run("resume", "--json");
        JsonNode job = null;
        for (JsonNode j : resume.json().get("jobs")) {
            if (j.get("job_id").asText().equals(submitted.group(1))) {
                job = j;
            }
        }
        assertThat(job).as(resume.toString()).isNotNull();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        Images.assertStoredResult(job, job.at("/results/0"), asked, "Store me later");
        assertThat(emulator.journal().tasksCreatedFor(body)).as("the paid result was kept, not paid again").isEqualTo(1);
    }

    @Test
    @DisplayName("7: nothing listens at the endpoint")
    void unavailable_closedPort(Sandbox sandbox) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        WaneditProcess.Result r = sandbox.run("edit", "--json", "--endpoint", "http://127.0.0.1:" + port, "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("unavailable");
        assertThat(r.json().at("/error/exit_code").asInt()).isEqualTo(7);
        assertThat(r.json().at("/error/message").asText()).contains("resume");
    }

    @Test
    @DisplayName("7: the service answers 503 to every create; the task list proves nothing was created, one re-send, then resumable")
    void unavailable_503(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        emulator.faults().onCreate().always().inject(Fault.serviceUnavailable());
        WaneditProcess.Result r = sandbox.run("edit", "-m", MODEL, "-i", ROOM, "-p", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stdout()).contains("resent").contains("gateway error").contains("not in the task list");
        assertThat(r.stderr()).contains("was not created").contains("wanedit resume");
        assertThat(emulator.journal().tasksCreated()).isZero();
        // a 5xx may come after the service created the task: searched for, proven absent, sent once more
        assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS)).hasSize(2).allMatch(x -> x.status() == 503);
        assertThat(emulator.journal().requests(Endpoint.TASK_LIST)).hasSizeGreaterThanOrEqualTo(3);
    }

    private static String[] args(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(1, java.util.List.of(QUICK));
        return all.toArray(String[]::new);
    }
}
