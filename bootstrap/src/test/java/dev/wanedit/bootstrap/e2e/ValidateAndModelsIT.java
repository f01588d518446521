package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The commands that never touch the network: {@code validate} (every violation at once, with the
 * file, field, value and rule; exit 3) and {@code models}. The emulator is there only to prove
 * that nothing reached it: its journal stays empty.
 */
@DisplayName("wanedit validate and models: dry runs, no network")
class ValidateAndModelsIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("validate").unshapedKey().emulator(b -> b.timeScale(0.02));

    private static Path small;
    private static Path alpha;

    @BeforeAll
    static void inputs(Sandbox sandbox) throws Exception {
        small = Files.write(sandbox.work.resolve("tiny.png"), Images.png(100, 100, false));
        alpha = Files.write(sandbox.work.resolve("with-alpha.png"), Images.png(600, 600, true));
    }

    @Test
    @DisplayName("validate reports every violation at once, naming the file, the field, the value and the rule; exit 3")
    void validate_severalViolations_text(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("validate", "-m", "wan2.5-i2i-preview", "-i", small.toString(), "-i", alpha.toString(),
                "-i", "missing.png", "-p", "Fix it", "-n", "7", "--seed", "-5");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout())
                // each per-file violation names the field, the file, the value and the rule
                .contains("images[0] \"tiny.png\": width 100 px is below the minimum 384 px")
                .contains("images[0] \"tiny.png\": height 100 px is below the minimum 384 px")
                .contains("images[1] \"with-alpha.png\": has an alpha channel")
                .contains("images[2] \"missing.png\": no such file")
                .contains("n 7: must be from 1 to 4")
                .contains("seed -5: must be from 0 to 2147483647")
                .contains("Invalid: 6 errors. Nothing was sent.");
        assertThat(r.stdout().lines().filter(l -> l.strip().startsWith("error:")).count()).isEqualTo(6);
        assertThat(emulator.journal().requests()).as("validate makes no network call").isEmpty();
        assertThat(sandbox.out).as("and stores nothing").doesNotExist();
    }

    @Test
    @DisplayName("validate --json: each violation as {field, value, rule, severity}, the facts of each input")
    void validate_severalViolations_json(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("validate", "--json", "-m", "wanx2.1-imageedit", "--function", "expand",
                "--param", "top_scale=9", "-i", small.toString(), "-n", "9");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        JsonNode doc = r.json();
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("model").asText()).isEqualTo("wanx2.1-imageedit");
        assertThat(doc.get("region").asText()).isEqualTo("beijing");
        JsonNode input = doc.at("/inputs/0");
        assertThat(input.get("field").asText()).isEqualTo("base_image");
        assertThat(input.get("given").asText()).isEqualTo(small.toString());
        assertThat(input.get("kind").asText()).isEqualTo("LOCAL");
        assertThat(input.get("format").asText()).isEqualTo("PNG");
        assertThat(input.get("width").asInt()).isEqualTo(100);
        assertThat(input.get("height").asInt()).isEqualTo(100);
        assertThat(input.get("bytes").asLong()).isEqualTo(Files.size(small));
        assertThat(input.get("alpha").asBoolean()).isFalse();
        assertThat(input.get("sha256").asText()).isEqualTo(Images.sha256(small));

        List<String> fields = new ArrayList<>();
        for (JsonNode v : doc.get("violations")) {
            assertThat(v.get("severity").asText()).isEqualTo("ERROR");
            assertThat(v.get("rule").asText()).isNotBlank();
            assertThat(v.has("value")).isTrue();
            fields.add(v.get("field").asText());
        }
        assertThat(fields).contains("prompt", "params.top_scale", "n").anyMatch(f -> f.startsWith("base_image"));
        JsonNode topScale = find(doc.get("violations"), "params.top_scale");
        assertThat(topScale.get("value").asText()).contains("9");
        assertThat(topScale.get("rule").asText()).contains("1.0").contains("2.0");
        assertThat(doc.get("expected").isNull()).isTrue();
        assertThat(doc.get("request").isNull()).isTrue();
        assertThat(emulator.journal().requests()).isEmpty();
    }

    @Test
    @DisplayName("validate --json of a valid request: expected output, cost and the exact request with the key masked; exit 0")
    void validate_valid_json(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("validate", "--json", "-m", "wan2.5-i2i-preview", "-i", ROOM, "-p", "Add a plant",
                "--size", "1280*720", "-n", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("violations")).isEmpty();
        assertThat(doc.at("/expected/width").asInt()).isEqualTo(1280);
        assertThat(doc.at("/expected/height").asInt()).isEqualTo(720);
        assertThat(doc.at("/expected/images").asInt()).isEqualTo(2);
        assertThat(doc.at("/cost/estimated").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.at("/cost/currency").asText()).isEqualTo("CNY");
        assertThat(doc.at("/request/method").asText()).isEqualTo("POST");
        assertThat(doc.at("/request/url").asText()).isEqualTo(emulator.apiBaseUrl() + "/services/aigc/image2image/image-synthesis");
        assertThat(doc.at("/request/headers").toString()).containsIgnoringCase("authorization").doesNotContain(sandbox.key);
        JsonNode body = WaneditProcess.JSON.readTree(doc.at("/request/body").asText());
        assertThat(body.get("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(body.at("/input/prompt").asText()).isEqualTo("Add a plant");
        assertThat(body.at("/parameters/size").asText()).isEqualTo("1280*720");
        assertThat(body.at("/parameters/n").asInt()).isEqualTo(2);
        assertThat(emulator.journal().requests()).as("the preview is built locally").isEmpty();
    }

    @Test
    @DisplayName("models --json: the four models with their limits, functions and prices")
    void models_json(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result r = sandbox.run("models", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode models = r.json().get("models");
        List<String> ids = new ArrayList<>();
        models.forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder("wan2.5-i2i-preview", "wanx2.1-imageedit", "wan2.7-image", "wan2.7-image-pro");

        JsonNode wan25 = byId(models, "wan2.5-i2i-preview");
        assertThat(wan25.at("/images/min").asInt()).isEqualTo(1);
        assertThat(wan25.at("/images/max").asInt()).isEqualTo(3);
        assertThat(wan25.at("/images/min_side").asInt()).isEqualTo(384);
        assertThat(wan25.at("/images/max_side").asInt()).isEqualTo(5000);
        assertThat(wan25.at("/n/max").asInt()).isEqualTo(4);
        assertThat(wan25.at("/n/server_default").asInt()).isEqualTo(4);
        assertThat(wan25.at("/prices/beijing/amount").decimalValue()).isEqualByComparingTo("0.20");
        assertThat(wan25.at("/prices/beijing/currency").asText()).isEqualTo("CNY");
        assertThat(wan25.get("regions").toString()).contains("beijing").contains("singapore");

        JsonNode wanx = byId(models, "wanx2.1-imageedit");
        assertThat(wanx.get("regions").toString()).contains("beijing").doesNotContain("singapore");
        JsonNode withMask = find(wanx.get("functions"), "description_edit_with_mask", "name");
        assertThat(withMask.get("mask").asBoolean()).isTrue();
        JsonNode superRes = find(wanx.get("functions"), "super_resolution", "name");
        assertThat(find(superRes.get("params"), "upscale_factor", "name").get("max").asInt()).isEqualTo(4);
        assertThat(wanx.get("functions")).hasSize(10);

        assertThat(byId(models, "wan2.7-image-pro").at("/size/presets").toString()).contains("4K");
        assertThat(emulator.journal().requests()).isEmpty();
    }

    private static JsonNode byId(JsonNode models, String id) {
        return find(models, id, "id");
    }

    private static JsonNode find(JsonNode array, String value) {
        return find(array, value, "field");
    }

    private static JsonNode find(JsonNode array, String value, String field) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
