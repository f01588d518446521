package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulator as a tool for anyone's tests, end to end: {@code wanedit emulator --fault ...} runs as
 * its own process (the real jar), rules are also added over its control API by a plain
 * java.net.http client, and {@code wanedit edit}/{@code resume} (the real jar again, a third
 * process) observe them. Rules are told apart by prompt (or by the model of an upload certificate),
 * so the tests share one emulator; each family is set once on the emulator's command line or once
 * over the control API, alternating, and the journal and tasks are reset before each test (the
 * rules are kept, so the command line's stay in force).
 */
@DisplayName("wanedit emulator --fault and /__emulator/: failures a client in another process can provoke and check")
class EmulatorFaultsIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();
    private static final String MASK = WaneditProcess.samples().resolve("living-room-mask.png").toString();
    /** The fastest model: 1 s queued + 10 s running, times 0.01 at this time scale. */
    private static final String[] QUICK = {"-m", "wanx2.1-imageedit", "--function", "stylization_all"};
    /** The emulator's built-in test key: not a secret, so it may be on the client's environment and nowhere else. */
    private static final String KEY = "sk-emulator-beijing";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How many times the application tries one result download (ResultCollector.ATTEMPTS). */
    private static final int DOWNLOAD_ATTEMPTS = 6;

    private static WaneditProcess.Background emulator;
    private static String baseUrl;
    /** Every installation of the class, each checked for the key and removed after the last test. */
    private static final List<Sandbox> INSTALLS = new ArrayList<>();

    @BeforeAll
    static void startEmulator() throws Exception {
        // the rules given on the emulator's command line; each test of a rule set over the control API says so
        emulator = install("emulator").start("emulator", "-q", "--port", "0", "--time-scale", "0.01", "--no-limits",
                "--fault", "on=create prompt=cli-fail times=1 do=fail code=InternalError.Algo message=\"the algorithm gave up\"",
                "--fault", "on=create prompt=cli-lost times=1 do=truncate when=after cut=after-id",
                "--fault", "on=download prompt=cli-forbidden times=" + DOWNLOAD_ATTEMPTS + " do=error status=403",
                "--fault", "on=create prompt=cli-throttled times=2 do=error status=429 retry-after=1s",
                "--fault", "on=policy model=wan2.5-i2i-preview times=1 do=error status=500");
        Sandbox.await("the emulator printed its base URL", Duration.ofSeconds(30),
                () -> emulator.stdoutSoFar().contains("\n") || !emulator.isAlive());
        assertThat(emulator.isAlive()).as(emulator.stderrSoFar()).isTrue();
        baseUrl = emulator.stdoutSoFar().strip();
        assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    /** Journal and tasks forgotten, the rules (the command line's among them) and the clock kept. */
    @BeforeEach
    void forgetTheLastTest() throws Exception {
        controlJson("POST", "/reset", "{\"faults\": false}");
    }

    @AfterEach
    void noKeyAnywhere() throws Exception {
        assertThat(control("GET", "/requests", null).body()).as("the HTTP journal masks the key").doesNotContain(KEY);
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        try {
            for (Sandbox s : INSTALLS) {
                s.assertSecretNeverLeaked(); // the emulator's test key, where it was given
            }
        } finally {
            INSTALLS.forEach(Sandbox::close); // the emulator's with it
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A wanedit installation of its own (journal, output folder, home); once the emulator runs, pointed at it with its test key. */
    private static Sandbox install(String name) {
        Sandbox s = baseUrl == null ? Sandbox.offline(name) : new Sandbox(name, KEY, baseUrl);
        INSTALLS.add(s);
        return s;
    }

    private static String[] edit(String prompt, String... more) {
        List<String> a = new ArrayList<>(List.of("edit"));
        a.addAll(List.of(QUICK));
        a.addAll(List.of("-i", ROOM, "-p", prompt));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** A plain java.net.http request to the control API; no key. */
    static HttpResponse<String> control(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/__emulator" + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode controlJson(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = control(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return WaneditProcess.JSON.readTree(r.body());
    }

    /** The tasks the emulator created whose prompt is {@code prompt}. */
    static List<JsonNode> tasksWithPrompt(String prompt) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        controlJson("GET", "/tasks", null).get("tasks").forEach(t -> {
            if (t.get("prompt").asText().equals(prompt)) {
                out.add(t);
            }
        });
        return out;
    }

    static JsonNode ruleWithPrompt(String prompt) throws IOException, InterruptedException {
        return ruleWithPrompt(prompt, null);
    }

    /** The first rule with this prompt (null: none) and, when given, whose {@code on} is this endpoint name. */
    static JsonNode ruleWithPrompt(String prompt, String on) throws IOException, InterruptedException {
        for (JsonNode r : controlJson("GET", "/faults", null).get("rules")) {
            boolean promptMatches = prompt == null ? !r.has("prompt") : prompt.equals(r.path("prompt").asText());
            if (promptMatches && (on == null || on.equals(r.path("on").asText()))) {
                return r;
            }
        }
        throw new AssertionError("no rule with prompt " + prompt + (on == null ? "" : " on " + on));
    }

    private static List<Path> pngsUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".png")).toList();
        }
    }

    // ------------------------------------------------------------------ the tests

    @Test
    @DisplayName("a --fault rule makes the task FAILED: wanedit edit exits 6 with the code; the rule shows it fired")
    void failedTask_fromTheCommandLine() throws Exception {
        Sandbox c = install("failed");

        WaneditProcess.Result r = c.run(edit("cli-fail please"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        assertThat(r.stdout() + r.stderr()).contains("InternalError.Algo").contains("the algorithm gave up");
        JsonNode rule = ruleWithPrompt("cli-fail");
        assertThat(rule.get("hits").asInt()).isEqualTo(1);
        assertThat(rule.get("remaining").asInt()).isZero();
        List<JsonNode> tasks = tasksWithPrompt("cli-fail please");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(tasks.get(0).get("faults").get(0).asText()).isEqualTo(rule.get("id").asText());
        // the plain client sees the same task as wanedit did
        HttpResponse<String> query = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks/"
                + tasks.get(0).get("task_id").asText())).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(WaneditProcess.JSON.readTree(query.body()).at("/output/code").asText()).isEqualTo("InternalError.Algo");
    }

    @Test
    @DisplayName("a rule added over the control API fails image 1 of 3: the good images are stored, exit 6")
    void partialFailure_fromTheControlApi() throws Exception {
        JsonNode added = controlJson("POST", "/faults",
                "{\"on\":\"create\",\"prompt\":\"api-partial\",\"times\":1,\"do\":\"fail-images\",\"images\":[1]}");
        assertThat(added.at("/rules/0/rule").asText()).startsWith("on=create prompt=api-partial times=1 do=fail-images images=1");
        Sandbox c = install("partial");

        WaneditProcess.Result r = c.run(edit("api-partial three", "-n", "3", "--json"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.get("partial").asBoolean()).isTrue();
        int stored = 0;
        for (JsonNode result : job.get("results")) {
            if (result.get("index").asInt() == 1) {
                assertThat(result.get("path").isNull()).isTrue();
                assertThat(result.get("error_code").asText()).isEqualTo("InternalError.Timeout");
            } else {
                Images.assertStoredResult(job, result, c.out, "api-partial three");
                stored++;
            }
        }
        assertThat(stored).isEqualTo(2);
        assertThat(pngsUnder(c.out)).hasSize(2);
        assertThat(ruleWithPrompt("api-partial").get("hits").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a create processed but its answer lost (rule text over the control API): edit, then resume, and the "
            + "emulator created exactly one task")
    void lostCreateAnswer_exactlyOneTask() throws Exception {
        HttpResponse<String> added = control("POST", "/faults", "on=create prompt=lost-answer times=1 do=reset when=after");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        Sandbox c = install("lost");

        WaneditProcess.Result edit = c.run(edit("lost-answer once"));
        // found in the task list and stored (0), or still being looked for (7): never created twice
        assertThat(edit.exitCode()).as(edit.toString()).isIn(0, 7);
        assertThat(tasksWithPrompt("lost-answer once")).as("the create was processed").hasSize(1);

        WaneditProcess.Result resume = c.run("resume", "--json");

        assertThat(tasksWithPrompt("lost-answer once")).as("resume found the task instead of creating another:\n" + resume)
                .hasSize(1);
        assertThat(edit.exitCode() == 0 ? edit.exitCode() : resume.exitCode()).as(edit + "\n" + resume).isZero();
        assertThat(pngsUnder(c.out)).as("the task found is the one stored").hasSize(1);
        JsonNode creates = controlJson("GET", "/requests?endpoint=create", null).get("requests");
        long sent = 0;
        for (JsonNode req : creates) {
            if ("lost-answer once".equals(req.at("/body/json/input/prompt").asText())) {
                sent++;
                assertThat(req.get("status").asInt()).as("the one create the client sent lost its answer").isZero();
            }
        }
        assertThat(sent).as("creates the client sent").isEqualTo(1);
    }

    /**
     * The other ways a create's answer gets lost after the task was made. What wanedit reports is
     * being reworked; what must hold whatever it reports: it never pays twice, and it never shows a
     * stack trace without --verbose.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"do=truncate when=after", "do=truncate when=after cut=after-id", "do=garble when=after",
        "do=gateway status=504 when=after"})
    @DisplayName("a create processed, then its 2xx body cut or garbled, or a gateway page: edit + resume leave exactly "
            + "one task")
    void answerMangledAfterTheCreate_neverPaysTwice(String action) throws Exception {
        String prompt = "mangled " + action.replaceAll("[^a-z0-9]+", "-");
        controlJson("POST", "/faults", "on=create prompt=\"" + prompt + "\" times=1 " + action);
        Sandbox c = install("mangled");

        WaneditProcess.Result edit = c.run(edit(prompt));
        WaneditProcess.Result resume = c.run("resume");

        assertThat(tasksWithPrompt(prompt)).as(edit + "\n" + resume).hasSize(1);
        assertThat(edit.exitCode() == 0 ? edit.exitCode() : resume.exitCode()).as("found and finished: " + edit + "\n" + resume)
                .isZero();
        assertThat(pngsUnder(c.out)).as("the one task's image stored").hasSize(1);
        for (WaneditProcess.Result r : List.of(edit, resume)) {
            assertThat(r.stdout() + r.stderr()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Exception:");
        }
    }

    @Test
    @DisplayName("every result download refused with 403: no image stored, the job is not STORED, a non-zero exit, and the "
            + "emulator recorded the download attempts")
    void downloadsAlwaysForbidden() throws Exception {
        controlJson("POST", "/faults", "{\"on\":\"download\",\"prompt\":\"forbidden-download\",\"do\":\"error\",\"status\":403}");
        Sandbox c = install("forbidden");

        WaneditProcess.Result r = c.run(edit("forbidden-download", "--json"));

        assertThat(r.exitCode()).as("not stored: " + r).isEqualTo(8);
        assertThat(pngsUnder(c.out)).isEmpty();
        JsonNode doc = r.json();
        if (doc.has("state")) {
            assertThat(doc.get("state").asText()).isNotEqualTo("STORED");
        }
        JsonNode downloads = controlJson("GET", "/requests?endpoint=download", null).get("requests");
        String taskId = tasksWithPrompt("forbidden-download").get(0).get("task_id").asText();
        int attempts = 0;
        for (JsonNode d : downloads) {
            if (d.get("path").asText().startsWith("/results/" + taskId + "/")) {
                attempts++;
                assertThat(d.get("status").asInt()).isEqualTo(403);
                assertThat(d.get("faults")).isNotEmpty();
            }
        }
        assertThat(attempts).as("download attempts recorded").isPositive();
        assertThat(ruleWithPrompt("forbidden-download").get("hits").asInt()).isEqualTo(attempts);
    }

    @Test
    @DisplayName("429 Throttling.RateQuota with Retry-After twice (a --fault rule): the edit retries and succeeds with one "
            + "task, and /stats counts the 429s per endpoint")
    void throttledCreates() throws Exception {
        Sandbox c = install("throttled");

        WaneditProcess.Result r = c.run(edit("cli-throttled twice"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(tasksWithPrompt("cli-throttled twice")).hasSize(1);
        JsonNode stats = controlJson("GET", "/stats", null);
        assertThat(stats.at("/throttled/image-synthesis/Throttling.RateQuota").asInt()).isEqualTo(2);
        assertThat(ruleWithPrompt("cli-throttled").get("hits").asInt()).isEqualTo(2);
        JsonNode creates = controlJson("GET", "/requests?endpoint=create", null).get("requests");
        assertThat(creates).extracting(q -> q.get("status").asInt()).containsExactly(429, 429, 200);
        assertThat(stats.at("/busiest_second/create:wanx2.1-imageedit").asInt()).isPositive();
        assertThat(pngsUnder(c.out)).hasSize(1);
    }

    @Test
    @DisplayName("the clock moved 24 h over the control API: a finished task answers UNKNOWN and its result URL is dead")
    void clockAdvance_expiresTasksAndUrls() throws Exception {
        Sandbox c = install("expiry");
        WaneditProcess.Result r = c.run(edit("expire-me", "--json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String taskId = r.json().get("task_id").asText();
        HttpRequest query = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks/" + taskId))
                .header("Authorization", "Bearer " + KEY).build();
        String url = WaneditProcess.JSON.readTree(HTTP.send(query, HttpResponse.BodyHandlers.ofString()).body())
                .at("/output/results/0/url").asText();
        try {
            controlJson("POST", "/clock/advance", "{\"seconds\": 86401}");

            JsonNode gone = WaneditProcess.JSON.readTree(HTTP.send(query, HttpResponse.BodyHandlers.ofString()).body());
            assertThat(gone.at("/output/task_status").asText()).isEqualTo("UNKNOWN");
            HttpResponse<String> dead = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dead.statusCode()).isEqualTo(403);
            assertThat(dead.body()).contains("Request has expired.");
        } finally {
            controlJson("POST", "/clock/set", "{\"now\": \"" + Instant.now() + "\"}"); // back to the wall clock for the others
        }
    }

    @Test
    @DisplayName("a create processed, its answer cut after the task id (a --fault rule): edit, then resume; exactly one task, "
            + "stored")
    void lostCreateAnswer_fromTheCommandLine() throws Exception {
        Sandbox c = install("cli-lost");

        WaneditProcess.Result edit = c.run(edit("cli-lost once"));
        assertThat(edit.exitCode()).as(edit.toString()).isIn(0, 7);
        WaneditProcess.Result resume = c.run("resume");

        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(tasksWithPrompt("cli-lost once")).as(edit + "\n" + resume).hasSize(1);
        assertThat(ruleWithPrompt("cli-lost").get("hits").asInt()).isEqualTo(1);
        long sent = 0;
        for (JsonNode req : controlJson("GET", "/requests?endpoint=create", null).get("requests")) {
            if ("cli-lost once".equals(req.at("/body/json/input/prompt").asText())) {
                sent++;
            }
        }
        assertThat(sent).as("creates the client sent").isEqualTo(1);
        assertThat(pngsUnder(c.out)).hasSize(1);
    }

    @Test
    @DisplayName("result downloads refused with 403 as often as wanedit tries (a --fault rule): exit 8, nothing stored; once "
            + "the rule is spent, resume stores the image")
    void downloadForbidden_thenResumeStores() throws Exception {
        Sandbox c = install("cli-forbidden");

        WaneditProcess.Result edit = c.run(edit("cli-forbidden download", "--json"));

        assertThat(edit.exitCode()).as("not stored: " + edit).isEqualTo(8);
        assertThat(pngsUnder(c.out)).isEmpty();
        assertThat(edit.json().get("state").asText()).isNotEqualTo("STORED");
        int refused = 0;
        for (JsonNode d : controlJson("GET", "/requests?endpoint=download", null).get("requests")) {
            assertThat(d.get("status").asInt()).isEqualTo(403);
            refused++;
        }
        assertThat(refused).isPositive();
        JsonNode rule = ruleWithPrompt("cli-forbidden");
        assertThat(rule.get("hits").asInt()).isEqualTo(refused);

        WaneditProcess.Result resume = c.run("resume", "--json");

        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(pngsUnder(c.out)).hasSize(1);
        assertThat(ruleWithPrompt("cli-forbidden").get("remaining").asInt()).as("the rule is spent").isZero();
        assertThat(tasksWithPrompt("cli-forbidden download")).as("resume paid nothing more").hasSize(1);
        JsonNode last = controlJson("GET", "/requests?endpoint=download&limit=1", null).at("/requests/0");
        assertThat(last.get("status").asInt()).isEqualTo(200);
    }

    @Test
    @DisplayName("the emulator's clock 25 h behind (set over the control API): the task's 24 h are over when wanedit sees "
            + "it, so the edit exits 6 as expired and stores nothing")
    void expiredByTheClock_exit6() throws Exception {
        Sandbox c = install("expired");
        controlJson("POST", "/clock/set", "{\"now\": \"" + Instant.now().minus(Duration.ofHours(25)) + "\"}");
        WaneditProcess.Result r;
        try {
            r = c.run(edit("api-clock expired", "--json"));
        } finally {
            controlJson("POST", "/clock/set", "{\"now\": \"" + Instant.now() + "\"}");
        }

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        assertThat(r.stdout() + r.stderr()).containsIgnoringCase("expire");
        assertThat(pngsUnder(c.out)).isEmpty();
        assertThat(tasksWithPrompt("api-clock expired")).hasSize(1);
        assertThat(controlJson("GET", "/requests?endpoint=download", null).get("total").asInt())
                .as("an expired URL is not even tried").isZero();
    }

    @Test
    @DisplayName("the upload certificate answers 500 (a --fault rule): nothing is created, exit 7 naming the certificate; "
            + "resume uploads the large input and succeeds with one task")
    void uploadPolicy500_fromTheCommandLine() throws Exception {
        Sandbox c = install("cli-policy");
        Path big = c.out.resolveSibling("big.png");
        Files.write(big, Images.noisyPng(800, 800));
        assertThat(Files.size(big)).as("above the 1 MB inline limit, so it is uploaded").isGreaterThan(1024 * 1024);

        WaneditProcess.Result r = c.run("edit", "-m", "wan2.5-i2i-preview", "-i", big.toString(), "-p", "cli-policy once");

        assertThat(r.exitCode()).as("unavailable, resumable: " + r).isEqualTo(7);
        assertThat(r.stderr()).contains("getting an upload certificate").contains("nothing was created")
                .contains("HTTP 500").doesNotContain("\tat ");
        assertThat(ruleWithPrompt(null, "policy").get("hits").asInt()).isEqualTo(1);
        assertThat(tasksWithPrompt("cli-policy once")).isEmpty();
        assertThat(controlJson("GET", "/requests?endpoint=upload", null).get("total").asInt()).isZero();

        WaneditProcess.Result resume = c.run("resume");

        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(controlJson("GET", "/requests?endpoint=policy", null).get("requests"))
                .extracting(q -> q.get("status").asInt()).containsExactly(500, 200);
        assertThat(tasksWithPrompt("cli-policy once")).hasSize(1);
        JsonNode upload = controlJson("GET", "/requests?endpoint=upload", null).at("/requests/0");
        assertThat(upload.get("status").asInt()).isEqualTo(200);
        assertThat(upload.at("/body/form").toString()).as("the form summarised, the signature masked")
                .contains("\"name\":\"Signature\"").contains("****").contains("\"filename\"");
        assertThat(pngsUnder(c.out)).hasSize(1);
    }

    @Test
    @DisplayName("the OSS upload refused with 403 twice (a rule over the control API): an upload error naming the file, "
            + "not a refused key (exit 7, nothing created); refused once, resume uploads again and succeeds")
    void uploadRefused_fromTheControlApi() throws Exception {
        controlJson("POST", "/faults", "on=upload times=2 do=error status=403 message=\"Invalid according to Policy: Policy expired.\"");
        Sandbox c = install("api-upload");
        String[] masked = {"edit", "-m", "wanx2.1-imageedit", "--function", "description_edit_with_mask", "-i", ROOM,
            "--mask", MASK, "-p", "api-upload refused"};

        WaneditProcess.Result r = c.run(masked);

        assertThat(r.exitCode()).as("an upload refusal is not a key problem (4): " + r).isEqualTo(7);
        assertThat(r.stderr()).contains("uploading living-room-mask.png").contains("Policy expired.")
                .doesNotContain("refused the API key").doesNotContain("\tat ");
        assertThat(tasksWithPrompt("api-upload refused")).as("nothing created, nothing paid").isEmpty();
        assertThat(controlJson("GET", "/requests?endpoint=upload", null).get("requests"))
                .extracting(q -> q.get("status").asInt()).containsExactly(403, 403);

        controlJson("POST", "/faults", "on=upload times=1 do=error status=403");
        WaneditProcess.Result resume = c.run("resume");

        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(tasksWithPrompt("api-upload refused")).hasSize(1);
        assertThat(pngsUnder(c.out)).hasSize(1);
    }

    @Test
    @DisplayName("the control API needs no key, is not journaled, and no DashScope path reaches it")
    void controlApiIsApart() throws Exception {
        int rules = controlJson("GET", "/faults", null).get("rules").size();

        HttpResponse<String> viaApi = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/__emulator/faults"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("on=any do=reset")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(viaApi.statusCode()).isEqualTo(400);
        assertThat(WaneditProcess.JSON.readTree(viaApi.body()).get("code").asText()).isEqualTo("InvalidParameter");
        assertThat(controlJson("GET", "/faults", null).get("rules")).hasSize(rules);
        for (JsonNode req : controlJson("GET", "/requests", null).get("requests")) {
            assertThat(req.get("path").asText()).doesNotStartWith("/__emulator");
        }
        assertThat(baseUrl).startsWith("http://127.0.0.1:");
    }

    @Test
    @DisplayName("bad --fault rules: exit 2, every problem named with its key and the allowed values, nothing starts")
    void badRules_exit2() throws Exception {
        WaneditProcess.Result r = install("bad-rules").run("emulator", "--port", "0",
                "--fault", "on=creat do=fail", "--fault", "on=create times=0 do=stall");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("on: unknown endpoint 'creat' (allowed: create, image-synthesis")
                .contains("times: '0' is not a whole number >= 1 or 'always'")
                .contains("for: required")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stdout()).doesNotContain("listening");
    }
}
