package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code wanedit report} and {@code wanedit studio} through the real jar: what only a separate
 * process shows — the web stack is not even loaded by other commands, the report command writes
 * a file whose images resolve, and the studio process answers only with its token.
 */
@DisplayName("wanedit report and studio: the real jar")
class ReportAndStudioIT {

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("web").emulator(b -> b.timeScale(0.02));

    @Test
    @DisplayName("other commands load nothing of the web stack; report does")
    void webStack_loadsOnlyForItsCommands(Sandbox sandbox) throws Exception {
        List<String> models = loadedClasses(sandbox, "models", "-q");
        assertThat(models).as("the log is read").anyMatch(c -> c.startsWith("dev.wanedit.adapter.cli."));
        assertThat(models).noneMatch(c -> c.startsWith("dev.wanedit.adapter.web.") || c.startsWith("gg.jte.")
                || c.startsWith("com.sun.net.httpserver."));
        List<String> report = loadedClasses(sandbox, "report", "-q", "-o", sandbox.root.resolve("empty-report.html").toString());
        assertThat(report).anyMatch(c -> c.startsWith("gg.jte.")).anyMatch(c -> c.startsWith("dev.wanedit.adapter.web."));
    }

    @Test
    @DisplayName("report JOB: one file next to the results whose images resolve; --embed: one file with no local path")
    void report_ofARealJob(Sandbox sandbox) throws Exception {
        WaneditProcess.Result edit = sandbox.run("--json", "edit", "-m", "wan2.5-i2i-preview", "-i",
                WaneditProcess.samples().resolve("living-room.png").toString(), "-p", "Put a <b>clock</b> on the shelf");
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        String job = edit.json().get("job_id").asText();

        WaneditProcess.Result r = sandbox.run("--json", "report", job);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        Path file = Path.of(doc.get("file").asText());
        assertThat(file.getParent()).isEqualTo(sandbox.out.toAbsolutePath().normalize());
        assertThat(doc.get("jobs").asInt()).isEqualTo(1);
        String html = Files.readString(file);
        assertThat(html).contains("Put a &lt;b&gt;clock&lt;/b&gt; on the shelf").doesNotContain("<b>clock");
        Matcher m = Pattern.compile("<img [^>]*src=\"([^\"]+)\"").matcher(html);
        List<String> srcs = new ArrayList<>();
        while (m.find()) {
            srcs.add(m.group(1));
        }
        assertThat(srcs).hasSizeGreaterThanOrEqualTo(2).allSatisfy(src -> {
            assertThat(src).doesNotStartWith("/").doesNotContain(":");
            Path target = file.getParent().resolve(URLDecoder.decode(src, StandardCharsets.UTF_8)).normalize();
            try {
                assertThat(ImageIO.read(target.toFile())).as(src).isNotNull();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        Path shared = sandbox.work.resolve("share.html");
        WaneditProcess.Result embedded = sandbox.run("-q", "report", job, "--embed", "-o", shared.toString());
        assertThat(embedded.exitCode()).as(embedded.toString()).isZero();
        assertThat(embedded.stdout().strip()).isEqualTo(shared.toString());
        String one = Files.readString(shared);
        assertThat(one).contains("data:image/jpeg;base64,").doesNotContain(sandbox.root.toString()).doesNotContain("file:");

        WaneditProcess.Result missing = sandbox.run("report", "20200101-000000-000-zzzzzz");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderr()).contains("20200101-000000-000-zzzzzz").doesNotContain("Exception");
    }

    @Test
    @DisplayName("studio: prints its address with a token, refuses requests without it, stops on Ctrl-C")
    void studio_process(Sandbox sandbox) throws Exception {
        WaneditProcess.Background studio = sandbox.start("--json", "studio");
        try {
            Sandbox.await("the studio prints its address", Duration.ofSeconds(60), () -> studio.stdoutSoFar().contains("\"url\""));
            String url = WaneditProcess.JSON.readTree(studio.stdoutSoFar()).get("url").asText();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/t/[0-9a-f]{32}/");
            HttpClient http = HttpClient.newHttpClient();
            URI page = URI.create(url);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("wanedit studio").contains("static/report.js").doesNotContain(sandbox.key);
            HttpResponse<String> edit = http.send(HttpRequest.newBuilder(page.resolve("edit")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(edit.statusCode()).isEqualTo(200);
            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(page.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).isEmpty();
            studio.interrupt();
            sandbox.record(studio.await(Duration.ofSeconds(60)));
        } finally {
            studio.destroyIfAlive();
        }
    }

    /** The classes a run of the jar loads, from the JVM's class-load log. */
    private static List<String> loadedClasses(Sandbox sandbox, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(sandbox.logs, "classes-", ".log");
        // neither a key nor an endpoint: these commands need none
        Map<String, String> offline = new HashMap<>();
        offline.put("DASHSCOPE_API_KEY_BEIJING", null);
        offline.put("WANEDIT_ENDPOINT", null);
        WaneditProcess.Result r = sandbox.runWith(offline, List.of("-Xlog:class+load=info:file=" + log), args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int i = line.indexOf("] ");
            int j = line.indexOf(" source:");
            if (i > 0 && j > i) {
                classes.add(line.substring(i + 2, j).trim());
            }
        }
        return classes;
    }
}
