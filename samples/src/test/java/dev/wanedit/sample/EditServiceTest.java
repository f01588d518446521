package dev.wanedit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.bootstrap.client.Wanedit;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorClock;
import dev.wanedit.emulator.EmulatorExtension;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample service over loopback: the emulator and the service on 127.0.0.1, a real PNG (the
 * README's living-room sample) posted as the body, the answer's stored location decoded. The
 * emulator's clock is manual, so the task ends when the test says so, not after a sleep.
 */
@DisplayName("sample service: POST an image, get the stored result's location")
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a speed check
class EditServiceTest {

    private static final Path ROOM = Path.of(System.getProperty("wanedit.samples", ".")).resolve("living-room.png");

    @RegisterExtension
    final EmulatorExtension emulators = EmulatorExtension.configured(b -> b.clock(EmulatorClock.manual(Instant.now())));

    @TempDir
    Path tmp;

    private DashScopeEmulator emulator;
    private Wanedit wanedit;
    private EditService service;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        emulator = emulators.emulator();
        wanedit = Wanedit.builder().region(Region.BEIJING).apiKey(emulator::apiKey).endpoint(URI.create(emulator.baseUrl()))
                .journal(tmp.resolve("journal.db")).resultStore(tmp.resolve("results")).pollScale(0.01).build();
        service = EditService.start(wanedit, new InetSocketAddress("127.0.0.1", 0), tmp.resolve("uploads"), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        service.close();
        wanedit.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + service.port() + pathAndQuery);
    }

    @Test
    @DisplayName("a PNG upload is edited through the client API and the answer names a stored PNG that decodes")
    void postImage_answersWithStoredLocation() throws Exception {
        assertThat(ROOM).isRegularFile();
        String prompt = "Put a brass alarm clock on the shelf next to the vase";
        HttpRequest post = HttpRequest.newBuilder(uri("/edits?prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8)))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(ROOM)).build();

        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(post, HttpResponse.BodyHandlers.ofString());
        waitFor(() -> emulator.journal().tasksCreated() == 1);
        assertThat(emulator.journal().createdTasks().get(0).prompt()).isEqualTo(prompt);
        emulator.clock().advance(Duration.ofMinutes(10)); // the task ends

        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).contains("\"state\":\"STORED\"");
        Matcher location = Pattern.compile("\"results\":\\[\"([^\"]+)\"").matcher(response.body());
        assertThat(location.find()).as(response.body()).isTrue();
        Path stored = Path.of(location.group(1));
        assertThat(stored).isRegularFile().startsWith(tmp.resolve("results"));
        BufferedImage decoded = ImageIO.read(stored.toFile());
        assertThat(decoded).as("the stored result decodes").isNotNull();
        assertThat(decoded.getWidth() * decoded.getHeight()).isPositive();

        Matcher job = Pattern.compile("\"job\":\"([^\"]+)\"").matcher(response.body());
        assertThat(job.find()).isTrue();
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(uri("/edits/" + job.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"state\":\"STORED\"", stored.toString());
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("an upload that is not an image is refused with 400 naming the rule, and nothing is sent")
    void postNotAnImage_isRefused() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not an image at all");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/edits"))
                .header("X-Prompt", "anything").POST(HttpRequest.BodyPublishers.ofFile(text)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request");
        assertThat(emulator.journal().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("a request without a prompt is refused with 400 saying where the prompt goes")
    void postWithoutPrompt_isRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/edits"))
                .POST(HttpRequest.BodyPublishers.ofFile(ROOM)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("prompt", "X-Prompt");
    }

    /** Polls a condition every 10 ms (it happens on the service's threads), failing after 30 s. */
    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(10);
        }
    }
}
