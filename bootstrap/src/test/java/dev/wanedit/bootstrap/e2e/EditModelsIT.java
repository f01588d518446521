package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every model end to end through the real jar: the command line, the wire request the emulator
 * received, the stored PNGs (decoded, at the expected size) and their sidecars; with local, URL
 * and inline data inputs.
 */
@DisplayName("wanedit edit/generate: every model, every kind of input")
class EditModelsIT {

    private static final Path SAMPLES = WaneditProcess.samples();
    private static final String ROOM = SAMPLES.resolve("living-room.png").toString();
    private static final String MASK = SAMPLES.resolve("living-room-mask.png").toString();

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("models").emulator(b -> b.timeScale(0.02));

    @Test
    @DisplayName("wan2.5 with one local image: --json document, uploaded input, a 1280*1280-pixel PNG at the input's 4:3, sidecar")
    void wan25_oneLocalImage(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "Put a brass alarm clock on the shelf next to the vase";
        WaneditProcess.Result r = sandbox.run("edit", "--json", "-m", "wan2.5-i2i-preview", "-i", ROOM, "-p", prompt, "--seed", "42");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.5-i2i-preview", 1);
        assertThat(job.at("/cost/estimated").decimalValue()).isEqualByComparingTo("0.20");
        assertThat(job.at("/cost/actual").decimalValue()).isEqualByComparingTo("0.20");
        assertThat(job.at("/cost/currency").asText()).isEqualTo("CNY");
        BufferedImage img = Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        // about 1280*1280 pixels at the last input's aspect ratio (1024*768 is 4:3)
        assertThat((double) img.getWidth() * img.getHeight()).isCloseTo(1280.0 * 1280, within(1280.0 * 1280 * 0.01));
        assertThat((double) img.getWidth() / img.getHeight()).isCloseTo(4.0 / 3, within(0.01));
        JsonNode sidecar = sidecar(job, 0);
        assertThat(sidecar.get("seed").asLong()).isEqualTo(42);
        assertThat(sidecar.at("/inputs/0/reference").asText()).isEqualTo(ROOM);
        assertExpectedCloseToActual(sidecar);

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.header("x-dashscope-async")).isEqualTo("enable");
        assertThat(create.json().at("/model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(create.json().at("/input/prompt").asText()).isEqualTo(prompt);
        assertThat(text(create, "/input/images/0")).as("a small local file is sent inline").startsWith("data:image/png;base64,");
        assertThat(create.json().at("/parameters/n").asInt()).as("n is sent, 1 unless given").isEqualTo(1);
        assertThat(create.json().at("/parameters/seed").asLong()).isEqualTo(42);
        assertThat(emulator.journal().uploads()).isZero();
        assertThat(emulator.journal().downloads()).isEqualTo(1);
    }

    @Test
    @DisplayName("wan2.5 with two images, a URL and an inline data URI, -n 2 at an explicit size")
    void wan25_urlAndDataInputs(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        byte[] room = Files.readAllBytes(Path.of(ROOM));
        String url = emulator.publish("room-e2e.png", room, "image/png").toString();
        String data = Images.dataUri(Path.of(MASK));
        String prompt = "Blend the two pictures";
        WaneditProcess.Result r = sandbox.run("edit", "--json", "-m", "wan2.5-i2i-preview", "-i", url, "-i", data, "-p", prompt,
                "-n", "2", "--size", "1280*720");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.5-i2i-preview", 2);
        for (JsonNode result : job.get("results")) {
            BufferedImage img = Images.assertStoredResult(job, result, sandbox.out, prompt);
            assertThat(Images.size(img)).isEqualTo("1280*720");
        }
        assertThat(job.at("/results/0/sha256").asText()).as("two different images").isNotEqualTo(job.at("/results/1/sha256").asText());
        assertThat(job.at("/cost/actual").decimalValue()).isEqualByComparingTo("0.40");

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.json().at("/input/images/0").asText()).as("a URL is passed as it is").isEqualTo(url);
        assertThat(text(create, "/input/images/1")).as("inline data").startsWith("data:image/png;base64,");
        assertThat(create.json().at("/parameters/size").asText()).isEqualTo("1280*720");
        assertThat(create.json().at("/parameters/n").asInt()).isEqualTo(2);
        assertThat(emulator.journal().uploads()).as("nothing to upload").isZero();
        assertThat(emulator.journal().requests(Endpoint.PUBLIC_FILE)).as("the service fetched the URL").isNotEmpty();
        // the stdout document never carries the inline image back
        assertThat(r.stdout()).doesNotContain(data.substring(30, 200));
    }

    @Test
    @DisplayName("wanx2.1 description_edit_with_mask, a large local base (uploaded) and the sample mask: output at the base's size")
    void wanx21_descriptionEditWithMask(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        Path base = sandbox.work.resolve("noisy-base.png");
        Files.write(base, Images.noisyPng(1024, 768)); // over the 1 MB inline limit: uploaded to the temporary store
        assertThat(Files.size(base)).isGreaterThan(1024 * 1024);
        String prompt = "Replace the sofa with a green velvet one";
        WaneditProcess.Result r = sandbox.run("edit", "--json", "-m", "wanx2.1-imageedit", "--function", "description_edit_with_mask",
                "-i", base.toString(), "--mask", MASK, "-p", prompt);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wanx2.1-imageedit", 1);
        BufferedImage img = Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        assertThat(Images.size(img)).isEqualTo("1024*768");

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.json().at("/input/function").asText()).isEqualTo("description_edit_with_mask");
        assertThat(text(create, "/input/base_image_url")).startsWith("oss://");
        assertThat(create.header("x-dashscope-ossresourceresolve")).isEqualTo("enable");
        assertThat(text(create, "/input/mask_image_url")).as("a wanx2.1 mask must be a URL, never Base64").startsWith("oss://");
        assertThat(emulator.journal().uploads()).as("base and mask uploaded").isEqualTo(2);
        assertThat(emulator.journal().uploadedBytes()).isEqualTo(Files.size(base) + Files.size(Path.of(MASK)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "stylization_all  |                                      | 1024*768",
        "super_resolution | upscale_factor=2                     | 2048*1536",
        "expand           | top_scale=1.5,bottom_scale=1.5       | 1024*1152",
        "remove_watermark |                                      | 1024*768"})
    @DisplayName("wanx2.1 functions with their parameters, quiet output (only the stored paths)")
    void wanx21_functions(String function, String params, String expectedSize, Sandbox sandbox, DashScopeEmulator emulator)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("edit", "-q", "-m", "wanx2.1-imageedit", "--function", function, "-i", ROOM,
                "-p", "Apply " + function));
        if (params != null) {
            for (String p : params.split(",")) {
                args.add("--param");
                args.add(p);
            }
        }
        WaneditProcess.Result r = sandbox.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as("-q prints the stored path and nothing else").hasSize(1);
        Path png = Path.of(lines.get(0));
        assertThat(png).startsWith(sandbox.out).isRegularFile();
        assertThat(Images.size(Images.decode(png))).isEqualTo(expectedSize);
        assertThat(png.resolveSibling("0.json")).isRegularFile();

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.json().at("/input/function").asText()).isEqualTo(function);
        if (params != null) {
            for (String p : params.split(",")) {
                String[] kv = p.split("=");
                assertThat(create.json().at("/parameters/" + kv[0]).asDouble()).as(kv[0]).isEqualTo(Double.parseDouble(kv[1]));
            }
        }
    }

    @Test
    @DisplayName("wan2.7-image edit at 1K: about 1024*1024 pixels at the input's aspect ratio, through messages[]")
    void wan27_edit(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "Make it a winter night outside the window";
        WaneditProcess.Result r = sandbox.run("edit", "--json", "-m", "wan2.7-image", "-i", ROOM, "-p", prompt, "--size", "1K");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.7-image", 1);
        BufferedImage img = Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        assertThat((double) img.getWidth() * img.getHeight()).isCloseTo(1024.0 * 1024, within(1024.0 * 1024 * 0.01));
        assertThat((double) img.getWidth() / img.getHeight()).isCloseTo(4.0 / 3, within(0.01));
        assertExpectedCloseToActual(sidecar(job, 0));

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_GENERATION);
        assertThat(create.json().at("/input/messages/0/role").asText()).isEqualTo("user");
        assertThat(text(create, "/input/messages/0/content/0/text")).isEqualTo(prompt);
        assertThat(text(create, "/input/messages/0/content/1/image")).startsWith("data:image/png;base64,");
        assertThat(create.json().at("/parameters/size").asText()).isEqualTo("1K");
    }

    @Test
    @DisplayName("wan2.7-image text-to-image with generate (the default model): a square image")
    void wan27_generateTextToImage(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "A lighthouse at dawn";
        WaneditProcess.Result r = sandbox.run("generate", "--json", "-p", prompt, "--size", "1K");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.7-image", 1);
        BufferedImage img = Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        assertThat(Images.size(img)).isEqualTo("1024*1024");

        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_GENERATION);
        assertThat(create.json().at("/input/messages/0/content")).as("text only").hasSize(1);
        assertThat(emulator.journal().uploads()).isZero();
    }

    @Test
    @DisplayName("wan2.7-image --sequential: an image set, one stored PNG per image the service made")
    void wan27_sequentialImageSet(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "A garden in spring. The same garden in summer. The same garden in autumn.";
        WaneditProcess.Result r = sandbox.run("generate", "--json", "--sequential", "-n", "3", "-p", prompt, "--size", "1K");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.7-image", 3);
        for (JsonNode result : job.get("results")) {
            assertThat(Images.size(Images.assertStoredResult(job, result, sandbox.out, prompt))).isEqualTo("1024*1024");
        }
        RecordedRequest create = onlyCreate(emulator, Endpoint.IMAGE_GENERATION);
        assertThat(create.json().at("/parameters/enable_sequential").asBoolean()).isTrue();
        assertThat(create.json().at("/parameters/n").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("wan2.7-image-pro text-to-image at an explicit size, billed at the pro price")
    void wan27pro_generate(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "A red bicycle leaning on a blue wall";
        WaneditProcess.Result r = sandbox.run("generate", "--json", "-m", "wan2.7-image-pro", "-p", prompt, "--size", "1536*1024");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertStoredJob(emulator, job, "wan2.7-image-pro", 1);
        BufferedImage img = Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        assertThat(Images.size(img)).isEqualTo("1536*1024");
        assertThat(job.at("/cost/actual").decimalValue()).isPositive().isEqualByComparingTo(job.at("/cost/estimated").decimalValue());
        assertThat(onlyCreate(emulator, Endpoint.IMAGE_GENERATION).json().at("/model").asText()).isEqualTo("wan2.7-image-pro");
    }

    @Test
    @DisplayName("wan2.7 --sync: one synchronous call, no task polling, the result stored the same way")
    void wan27_sync(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        String prompt = "Add a cat on the sofa";
        WaneditProcess.Result r = sandbox.run("edit", "--json", "--sync", "-m", "wan2.7-image", "-i", ROOM, "-p", prompt, "--size", "1K");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.get("results")).hasSize(1);
        Images.assertStoredResult(job, job.get("results").get(0), sandbox.out, prompt);
        onlyCreate(emulator, Endpoint.MULTIMODAL_GENERATION);
        assertThat(emulator.journal().requests(Endpoint.IMAGE_GENERATION)).isEmpty();
        assertThat(emulator.journal().requests(Endpoint.TASK_QUERY)).as("nothing to poll").isEmpty();
    }

    /** The fields of a stored job document that do not depend on the model. */
    static void assertStoredJob(DashScopeEmulator emulator, JsonNode job, String model, int images) {
        assertThat(job.get("job_id").asText()).matches("\\d{8}-\\d{6}-\\d{3}-[a-z0-9]{6}");
        assertThat(job.get("task_id").isNull()).isFalse();
        assertThat(job.get("model").asText()).isEqualTo(model);
        assertThat(job.get("region").asText()).isEqualTo("beijing");
        assertThat(job.get("endpoint").asText()).isEqualTo(emulator.baseUrl());
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.get("partial").asBoolean()).isFalse();
        assertThat(Instant.parse(job.get("created_at").asText())).isBefore(Instant.now());
        assertThat(job.get("results")).hasSize(images);
        for (int i = 0; i < images; i++) {
            assertThat(job.at("/results/" + i + "/index").asInt()).isEqualTo(i);
            assertThat(Instant.parse(job.at("/results/" + i + "/url_expires_at").asText())).isAfter(Instant.now());
        }
        assertThat(job.get("failure").isNull()).isTrue();
        assertThat(job.get("violations").isArray()).isTrue();
    }

    private static JsonNode sidecar(JsonNode job, int index) throws java.io.IOException {
        return WaneditProcess.JSON.readTree(Path.of(job.at("/results/" + index + "/sidecar").asText()).toFile());
    }

    /** The size wanedit predicted before paying is the one the service made, give or take the rounding of a pixel. */
    private static void assertExpectedCloseToActual(JsonNode sidecar) {
        String[] expected = sidecar.at("/size/expected").asText().split("\\*");
        String[] actual = sidecar.at("/size/actual").asText().split("\\*");
        assertThat(Integer.parseInt(expected[0])).isCloseTo(Integer.parseInt(actual[0]), within(1));
        assertThat(Integer.parseInt(expected[1])).isCloseTo(Integer.parseInt(actual[1]), within(1));
    }

    /** A field of a recorded body, cut short so that a failure never prints a whole inline image. */
    private static String text(RecordedRequest r, String pointer) {
        String v = r.json().at(pointer).asText();
        return v.length() > 60 ? v.substring(0, 60) + "…" : v;
    }

    private static RecordedRequest onlyCreate(DashScopeEmulator emulator, Endpoint endpoint) {
        List<RecordedRequest> creates = emulator.journal().requests(endpoint);
        assertThat(creates).as("creates on " + endpoint).hasSize(1);
        assertThat(emulator.journal().tasksCreated()).as("tasks created").isEqualTo(1);
        return creates.get(0);
    }
}
