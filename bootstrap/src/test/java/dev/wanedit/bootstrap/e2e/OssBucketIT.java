package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.adapter.storage.oss.FakeOssServer;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user's own OSS bucket end to end (issue #17), the real jar against the emulator and
 * {@link FakeOssServer} (an OSS on 127.0.0.1 that checks every signature), both in this JVM:
 * inputs read from the bucket and sent as signed URLs, the store checked before anything is paid
 * for, a store that fails after paying reported as such and finished by {@code resume}, and the
 * files that {@code status} names. Every signature the server saw, the OSS secret and the API key
 * must never appear in any output or file.
 */
@DisplayName("wanedit with an OSS bucket: own-bucket inputs, the store checked before paying, failures after paying")
class OssBucketIT {

    private static final String ID = "LTAI5tE2eOssAccessKeyId";
    private static final String BUCKET = "results";
    private static final String INPUTS = "my-bucket";
    /** The fastest model (0.2 s at this time scale). */
    private static final String[] QUICK = {"-m", "wanx2.1-imageedit", "--function", "stylization_all"};
    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perTest("oss").emulator(b -> b.timeScale(0.02).limitsEnabled(false));

    private static FakeOssServer oss;
    private static String secret;
    private DashScopeEmulator emulator;
    private Sandbox sandbox;

    @BeforeAll
    static void startOss() throws Exception {
        secret = "ossSecret" + Sandbox.unshapedSecretKey();
        oss = new FakeOssServer(Map.of(ID, secret));
    }

    @AfterAll
    static void stopOss() {
        oss.close();
    }

    @BeforeEach
    void fresh(Sandbox sandbox, DashScopeEmulator emulator) {
        this.sandbox = sandbox;
        this.emulator = emulator;
        oss.reset();
        oss.clearReceived();
        sandbox.alsoSecret(secret);
    }

    /** A signature is a credential for as long as its URL lives: none may be printed or journaled (checked after this). */
    @AfterEach
    void signaturesAreSecrets() {
        oss.received().stream().filter(FakeOssServer.Received::presigned)
                .map(r -> r.query().replaceAll(".*Signature=([^&]+).*", "$1"))
                .forEach(sig -> {
                    sandbox.alsoSecret(sig);
                    sandbox.alsoSecret(java.net.URLDecoder.decode(sig, java.nio.charset.StandardCharsets.UTF_8));
                });
    }

    /** OSS credentials and endpoint; with {@code bucket} non-null, results go there too. */
    private static Map<String, String> ossEnv(String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("OSS_ENDPOINT", oss.endpoint());
        env.put("OSS_ACCESS_KEY_ID", ID);
        env.put("OSS_ACCESS_KEY_SECRET", secret);
        if (bucket != null) {
            env.put("OSS_BUCKET", bucket);
            env.put("OSS_PREFIX", "runs/");
        }
        return env;
    }

    private static String[] quick(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(1, List.of(QUICK));
        return all.toArray(String[]::new);
    }

    private static List<String> keysOf(String jobId) {
        return oss.keys(BUCKET).stream().filter(k -> k.startsWith("runs/" + jobId + "/"))
                .map(k -> k.substring(("runs/" + jobId + "/").length())).toList();
    }

    // ---------------------------------------------------------------- inputs from the user's bucket

    @Test
    @DisplayName("-i oss://my-bucket/key: read for the checks (HEAD + ranged GET), sent as a signed URL the service fetches, "
            + "journaled and in the sidecar as oss://")
    void ownBucketInput_isSentAsASignedUrl() throws Exception {
        byte[] png = Images.noisyPng(1024, 768);
        oss.seed(INPUTS, "inputs/in.png", png, "image/png");

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(null), quick("edit", "--json", "-i", "oss://my-bucket/inputs/in.png",
                "-p", "Autumn leaves"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        RecordedRequest create = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0);
        String sent = create.json().at("/input/base_image_url").asText();
        assertThat(sent).startsWith(oss.endpoint() + "/my-bucket/inputs/in.png?").contains("Expires=").contains("Signature=");
        long expires = Long.parseLong(sent.replaceAll(".*Expires=(\\d+).*", "$1"));
        assertThat(expires - java.time.Instant.now().getEpochSecond()).as("signed for the 24 h a task may wait")
                .isBetween(86_400L - 120, 86_400L);
        assertThat(create.header("X-DashScope-OssResourceResolve")).as("a URL, not an oss:// key, is sent").isNull();

        List<FakeOssServer.Received> seen = oss.received();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen.get(0).method()).isEqualTo("HEAD");
        assertThat(seen.get(1).method()).isEqualTo("GET");
        assertThat(seen.get(1).range()).as("only the header bytes are read to check the rules").isEqualTo("bytes=0-65535");
        assertThat(seen.subList(2, seen.size())).as("then the service fetched it through the signed URL")
                .allMatch(x -> x.method().equals("GET") && x.presigned() && x.range() == null);
        assertThat(seen).allMatch(FakeOssServer.Received::signatureValid);

        Path sidecar = Path.of(job.at("/results/0/sidecar").asText());
        assertThat(sidecar).isRegularFile();
        JsonNode side = WaneditProcess.JSON.readTree(sidecar.toFile());
        assertThat(side.at("/inputs/0/reference").asText()).isEqualTo("oss://my-bucket/inputs/in.png");
        WaneditProcess.Result status = sandbox.runWithEnv(ossEnv(null), "status", "--json", job.get("job_id").asText());
        assertThat(status.stdout()).doesNotContain("Signature").doesNotContain("Expires=");
    }

    @Test
    @DisplayName("an object in the bucket that breaks a rule, is missing, or cannot be read without OSS settings: exit 3 "
            + "naming it, nothing sent")
    void ownBucketInput_refusedBeforeAnythingIsSent() throws Exception {
        oss.seed(INPUTS, "inputs/tiny.png", Images.png(100, 100, false), "image/png");

        WaneditProcess.Result tiny = sandbox.runWithEnv(ossEnv(null), quick("edit", "-i", "oss://my-bucket/inputs/tiny.png",
                "-p", "x"));
        assertThat(tiny.exitCode()).as(tiny.toString()).isEqualTo(3);
        assertThat(tiny.stderr()).contains("oss://my-bucket/inputs/tiny.png").contains("width 100 px is below the minimum 512 px");

        WaneditProcess.Result missing = sandbox.runWithEnv(ossEnv(null), quick("edit", "--json", "-i",
                "oss://my-bucket/inputs/gone.png", "-p", "x"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        assertThat(missing.json().at("/error/message").asText()).contains("oss://my-bucket/inputs/gone.png")
                .contains("no object inputs/gone.png in bucket my-bucket");

        WaneditProcess.Result unconfigured = sandbox.run(quick("edit", "-i", "oss://my-bucket/inputs/tiny.png", "-p", "x"));
        assertThat(unconfigured.exitCode()).as(unconfigured.toString()).isEqualTo(3);
        assertThat(unconfigured.stderr()).contains("oss://my-bucket/inputs/tiny.png").contains("your own OSS bucket")
                .contains("OSS_ENDPOINT").contains("OSS_ACCESS_KEY_ID");

        assertThat(emulator.journal().requests()).as("nothing sent to the service").isEmpty();
        assertThat(oss.received()).filteredOn(x -> x.method().equals("GET")).as("never downloaded whole")
                .allMatch(x -> x.range() != null);
    }

    @Test
    @DisplayName("DashScope's own oss://dashscope-instant/... key goes as it is, with the resolve header; the bucket is not asked")
    void serviceTemporaryKey_goesAsItIs() throws Exception {
        String temporary = "oss://dashscope-instant/52af0c1e/2026-11-21/b744/in.png";

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(null), quick("validate", "--json", "-i", temporary, "-p", "x"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode request = r.json().get("request");
        assertThat(request.at("/headers/X-DashScope-OssResourceResolve").asText()).isEqualTo("enable");
        assertThat(WaneditProcess.JSON.readTree(request.get("body").asText()).at("/input/base_image_url").asText())
                .isEqualTo(temporary);
        assertThat(oss.received()).isEmpty();
    }

    // ---------------------------------------------------------------- the store, checked before paying

    @Test
    @DisplayName("a missing bucket: exit 2 before anything is journaled or paid, naming the bucket, the endpoint and the region")
    void preflight_missingBucket() throws Exception {
        oss.onlyBuckets(INPUTS);

        WaneditProcess.Result text = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "-i", ROOM, "-p", "x"));
        WaneditProcess.Result json = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "--json", "-i", ROOM, "-p", "x"));

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
        assertThat(text.stderr()).contains("results cannot be stored in oss://results/runs/")
                .contains("bucket results does not exist at OSS_ENDPOINT " + oss.endpoint()).contains("region")
                .contains("Nothing was sent").doesNotContain("unexpected").doesNotContain("--verbose");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.json().at("/error/code").asText()).isEqualTo("store_unusable");
        WaneditProcess.Result generate = sandbox.runWithEnv(ossEnv(BUCKET), "generate", "--json", "-m", "wan2.7-image", "-p",
                "A lighthouse at dawn");
        assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(2);
        assertThat(generate.json().at("/error/code").asText()).isEqualTo("store_unusable");
        assertThat(emulator.journal().requests()).as("no call to the service at all").isEmpty();
        WaneditProcess.Result jobs = sandbox.runWithEnv(ossEnv(BUCKET), "jobs", "--json");
        assertThat(jobs.json().get("jobs")).as("no job journaled").isEmpty();
    }

    @Test
    @DisplayName("a wrong secret, an unknown key id, no credentials: exit 2 naming the variable to check, nothing paid")
    void preflight_credentials() throws Exception {
        Map<String, String> wrongSecret = ossEnv(BUCKET);
        wrongSecret.put("OSS_ACCESS_KEY_SECRET", "notTheSecret" + Sandbox.unshapedSecretKey());
        sandbox.alsoSecret(wrongSecret.get("OSS_ACCESS_KEY_SECRET"));
        Map<String, String> unknownId = ossEnv(BUCKET);
        unknownId.put("OSS_ACCESS_KEY_ID", "LTAI5tNobodyKnowsThisOne");
        Map<String, String> none = ossEnv(BUCKET);
        none.put("OSS_ACCESS_KEY_ID", null);
        none.put("OSS_ACCESS_KEY_SECRET", null);

        WaneditProcess.Result secretRun = sandbox.runWithEnv(wrongSecret, quick("edit", "-i", ROOM, "-p", "x"));
        WaneditProcess.Result idRun = sandbox.runWithEnv(unknownId, quick("edit", "-i", ROOM, "-p", "x"));
        WaneditProcess.Result noneRun = sandbox.runWithEnv(none, quick("edit", "--json", "-i", ROOM, "-p", "x"));

        assertThat(secretRun.exitCode()).as(secretRun.toString()).isEqualTo(2);
        assertThat(secretRun.stderr()).contains("OSS refused the signature: check OSS_ACCESS_KEY_SECRET")
                .doesNotContain("AccessForbidden");
        assertThat(idRun.exitCode()).as(idRun.toString()).isEqualTo(2);
        assertThat(idRun.stderr()).contains("OSS does not know the access key id: check OSS_ACCESS_KEY_ID");
        assertThat(noneRun.exitCode()).as(noneRun.toString()).isEqualTo(2);
        assertThat(noneRun.json().at("/error/code").asText()).isEqualTo("store_unusable");
        assertThat(noneRun.json().at("/error/message").asText()).contains("no OSS credentials")
                .contains("OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
        assertThat(emulator.journal().requests()).isEmpty();
        assertThat(oss.received()).as("nothing was written").noneMatch(x -> x.method().equals("PUT") && x.signatureValid());
    }

    @Test
    @DisplayName("the OSS endpoint is down: exit 7 (may pass later) before paying, and no line of the OSS library on stderr")
    void preflight_endpointDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = ossEnv(BUCKET);
        env.put("OSS_ENDPOINT", "http://127.0.0.1:" + port);

        WaneditProcess.Result r = sandbox.runWithEnv(env, quick("edit", "-i", ROOM, "-p", "x"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr()).contains("cannot reach OSS at OSS_ENDPOINT http://127.0.0.1:" + port)
                .doesNotContain("WARN").doesNotContain("com.aliyun").doesNotContain("Unable to execute HTTP request")
                .doesNotContain("\tat ");
        assertThat(r.stderr().lines().filter(l -> !l.isBlank())).as("wanedit's one error line").hasSize(1);
        assertThat(emulator.journal().requests()).isEmpty();
    }

    @Test
    @DisplayName("batch: the store is checked once before any line is sent; a missing bucket stops it with nothing paid")
    void preflight_batch() throws Exception {
        Path manifest = sandbox.work.resolve("lines.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"id\":\"a\",\"model\":\"wanx2.1-imageedit\",\"function\":\"stylization_all\",\"images\":[\"" + ROOM + "\"],\"prompt\":\"one\"}",
                "{\"id\":\"b\",\"model\":\"wanx2.1-imageedit\",\"function\":\"stylization_all\",\"images\":[\"" + ROOM + "\"],\"prompt\":\"two\"}"));
        oss.onlyBuckets(INPUTS);

        WaneditProcess.Result refused = sandbox.runWithEnv(ossEnv(BUCKET), "batch", "--json", manifest.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("store_unusable");
        assertThat(emulator.journal().tasksCreated()).isZero();

        oss.reset();
        WaneditProcess.Result ran = sandbox.runWithEnv(ossEnv(BUCKET), "batch", "--json", manifest.toString());
        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        assertThat(oss.received()).filteredOn(x -> x.path().endsWith("/.wanedit-write-check")).as("one check per process")
                .hasSize(2); // the refused run's and this one's
        assertThat(oss.received()).filteredOn(x -> x.method().equals("PUT") && x.path().endsWith("/0.png") && x.signatureValid())
                .as("both lines' results stored").hasSize(2);
    }

    // ---------------------------------------------------------------- a store that fails after paying

    @Test
    @DisplayName("the bucket refuses the result after the task is paid: exit 8 and not_stored with the expiry; resume stores it")
    void storeFailsAfterPaying_thenResume() throws Exception {
        // the preflight's PUT passes; the result's two tries fail, and those of the first resume too
        oss.fail("PUT", "runs/.*/0\\.png", 4, 403, "AccessDenied", true);

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "--json", "-i", ROOM, "-p", "Pay once"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
        JsonNode job = r.json();
        String id = job.get("job_id").asText();
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/not_stored/code").asText()).isEqualTo("store_failed");
        assertThat(job.at("/not_stored/message").asText()).contains("OSS denied access to bucket results")
                .contains("OSS_ENDPOINT").doesNotContain("AccessDenied AccessDenied");
        assertThat(job.at("/not_stored/results_expire_at").asText()).isNotBlank();
        assertThat(job.at("/not_stored/how_to_finish").asText()).contains("wanedit resume").contains("same settings");
        assertThat(job.at("/results/0/url_expires_at").asText()).isEqualTo(job.at("/not_stored/results_expire_at").asText());

        WaneditProcess.Result text = sandbox.runWithEnv(ossEnv(BUCKET), "status", id);
        assertThat(text.stdout()).contains("not stored: store_failed").contains("paid for and kept until its URL expires")
                .contains("wanedit resume");

        WaneditProcess.Result stillRefused = sandbox.runWithEnv(ossEnv(BUCKET), "resume");
        assertThat(stillRefused.exitCode()).as(stillRefused.toString()).isEqualTo(8);
        assertThat(stillRefused.stdout()).as("the job and why it is not finished").contains(id)
                .contains("OSS denied access to bucket results").contains("wanedit resume");
        assertThat(keysOf(id)).isEmpty();

        WaneditProcess.Result resume = sandbox.runWithEnv(ossEnv(BUCKET), "resume", "--json");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(resume.json().at("/jobs/0/state").asText()).isEqualTo("STORED");
        assertThat(keysOf(id)).containsExactly("0.png", "0.png.json");
        assertThat(emulator.journal().tasksCreated()).as("paid once").isEqualTo(1);

        // without OSS settings, status still names the object the store wrote (<key>.json), not <n>.json
        WaneditProcess.Result elsewhere = sandbox.run("status", "--json", id);
        assertThat(elsewhere.json().at("/results/0/path").asText()).isEqualTo("oss://results/runs/" + id + "/0.png");
        assertThat(elsewhere.json().at("/results/0/sidecar").asText()).isEqualTo("oss://results/runs/" + id + "/0.png.json");
        assertThat(sandbox.run("status", id).stdout()).doesNotContain(id + "/0.json");
    }

    @Test
    @DisplayName("after paying, OSS answers 403 without a body or x-oss-err: exit 8 naming the credentials, the bucket and "
            + "the endpoint, not 'AccessForbidden AccessForbidden'")
    void storeRefusedWithoutABody_namesWhatToCheck() throws Exception {
        oss.errorHeaderOnHead(false); // no x-oss-err either: the SDK has nothing but the status
        oss.fail("HEAD", "runs/.*/0\\.png", 100, 403, "AccessDenied", false);

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "--json", "-i", ROOM, "-p", "No reason given"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
        String message = r.json().at("/not_stored/message").asText();
        assertThat(message).contains("without saying why (403)").contains("OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET")
                .contains("bucket results").contains("OSS_ENDPOINT " + oss.endpoint())
                .doesNotContain("AccessForbidden AccessForbidden");
        assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("com.aliyun");
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
    }

    @ParameterizedTest(name = "HEAD answers with x-oss-meta-*: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("the image was stored but its sidecar failed: resume writes the sidecar, never a second image 0-2.png")
    void sidecarFailed_resumeWritesOnlyTheSidecar(boolean metadataOnHead) throws Exception {
        oss.userMetadataOnHead(metadataOnHead); // some OSS-compatible servers answer HEAD without user metadata
        oss.fail("PUT", "runs/.*/0\\.png\\.json", 2, 500, "InternalError", false);

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "--json", "-i", ROOM, "-p", "Half stored"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
        String id = r.json().get("job_id").asText();
        assertThat(keysOf(id)).containsExactly("0.png");

        WaneditProcess.Result resume = sandbox.runWithEnv(ossEnv(BUCKET), "resume", "--json");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(keysOf(id)).containsExactly("0.png", "0.png.json");
        assertThat(oss.received()).filteredOn(x -> x.method().equals("PUT") && x.path().endsWith(id + "/0.png"))
                .as("the image was uploaded once").hasSize(1);
        assertThat(resume.json().at("/jobs/0/results/0/path").asText()).endsWith(id + "/0.png");
    }

    @Test
    @DisplayName("a 503 then success: the result is stored (the SDK repeats the idempotent PUT), exit 0")
    void serverErrorThenSuccess() throws Exception {
        oss.fail("PUT", "runs/.*/0\\.png", 1, 503, "ServiceUnavailable", true);

        WaneditProcess.Result r = sandbox.runWithEnv(ossEnv(BUCKET), quick("edit", "--json", "-i", ROOM, "-p", "Second time lucky"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String id = r.json().get("job_id").asText();
        assertThat(keysOf(id)).containsExactly("0.png", "0.png.json");
        assertThat(r.json().at("/results/0/path").asText()).isEqualTo("oss://results/runs/" + id + "/0.png");
        assertThat(r.json().at("/results/0/sidecar").asText()).isEqualTo("oss://results/runs/" + id + "/0.png.json");
    }

    // ---------------------------------------------------------------- local results: what status names, a failed sidecar

    @Test
    @DisplayName("local store: status names the sidecar that exists; one that failed is written by resume without a second image")
    void localSidecar_namedWhenThere_repairedByResume() throws Exception {
        WaneditProcess.Result detached = sandbox.run(quick("edit", "-q", "--detach", "-i", ROOM, "-p", "Local sidecar"));
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        String id = detached.stdout().strip();
        Path folder = sandbox.out.resolve(id);
        Path blocker = Files.createDirectories(folder.resolve("0.json")); // where the sidecar goes: a folder, not empty
        Files.writeString(blocker.resolve("keep"), "x");

        WaneditProcess.Result waited = sandbox.run("wait", "--json", id);
        assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(8);
        assertThat(waited.json().at("/not_stored/code").asText()).isEqualTo("store_failed");
        assertThat(waited.json().at("/not_stored/message").asText()).contains(folder.toString());
        assertThat(folder.resolve("0.png")).as("the image is there, its sidecar is not").isRegularFile();

        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
        WaneditProcess.Result resume = sandbox.run("resume", "--json");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted())
                    .containsExactly("0.json", "0.png");
        }
        WaneditProcess.Result status = sandbox.run("status", "--json", id);
        String sidecar = status.json().at("/results/0/sidecar").asText();
        assertThat(Path.of(sidecar)).as("status names the sidecar that exists").isEqualTo(folder.resolve("0.json")).isRegularFile();
        assertThat(Path.of(status.json().at("/results/0/path").asText())).isEqualTo(folder.resolve("0.png")).isRegularFile();

        Files.delete(folder.resolve("0.json")); // gone: status no longer names it
        WaneditProcess.Result after = sandbox.run("status", "--json", id);
        assertThat(after.json().at("/results/0/sidecar").isNull()).as(after.stdout()).isTrue();
        assertThat(sandbox.run("status", id).stdout()).doesNotContain("sidecar");
    }

    // ---------------------------------------------------------------- resume names every job it could not finish

    @Test
    @DisplayName("resume without the job's endpoint: exit 7, and the job id with the reason, in text and JSON")
    void resumeElsewhere_namesTheJobAndWhy() throws Exception {
        WaneditProcess.Result detached = sandbox.run("edit", "-q", "--detach", "-m", "wan2.5-i2i-preview", "-i", ROOM, "-p",
                "Meant for the emulator");
        String id = detached.stdout().strip();
        Map<String, String> noEndpoint = new HashMap<>();
        noEndpoint.put("WANEDIT_ENDPOINT", null);

        WaneditProcess.Result text = sandbox.runWithEnv(noEndpoint, "resume");
        WaneditProcess.Result json = sandbox.runWithEnv(noEndpoint, "resume", "--json");

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(7);
        String port = emulator.baseUrl().replaceAll(".*:(\\d+).*", "$1");
        Matcher m = Pattern.compile("(?s).*" + id + ".*not finished: created for endpoint http://127\\.0\\.0\\.1:" + port
                + ".*").matcher(text.stdout());
        assertThat(m.matches()).as(text.stdout()).isTrue();
        assertThat(json.exitCode()).isEqualTo(7);
        assertThat(json.json().at("/jobs/0/job_id").asText()).isEqualTo(id);
        assertThat(json.json().at("/jobs/0/unfinished_reason").asText()).contains("created for endpoint http://127.0.0.1:" + port)
                .contains("--endpoint");
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
    }
}
