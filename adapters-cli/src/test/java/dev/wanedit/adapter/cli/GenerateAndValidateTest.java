package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RequestPreview;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GenerateAndValidateTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("generate defaults to wan2.7-image without images and stores the result")
    void generateDefaults() {
        Cli.Run r = cli.run("generate", "-p", "A lighthouse at dawn");

        assertThat(r.exit()).isZero();
        assertThat(cli.validate.lastCommand.modelId()).isEqualTo("wan2.7-image");
        assertThat(cli.validate.lastCommand.imageReferences()).isEmpty();
        assertThat(cli.validate.lastCommand.n()).isEqualTo(1);
        assertThat(r.out()).contains("wan2.7-image in beijing: 1 image, about 2048*2048; estimated cost 0.20 CNY")
                .contains("[0] /out/");
    }

    @Test
    @DisplayName("generate passes the model, image-set mode, palette and sync mode")
    void generateOptions() {
        Cli.Run r = cli.run("--json", "generate", "-m", "wan2.7-image-pro", "-p", "Four seasons", "--sequential", "-n", "4",
                "--sync");

        assertThat(r.exit()).isZero();
        assertThat(cli.validate.lastCommand.modelId()).isEqualTo("wan2.7-image-pro");
        assertThat(cli.validate.lastCommand.sequential()).isTrue();
        assertThat(cli.submit.lastOptions.mode()).isEqualTo(SubmitMode.SYNC);
        JsonNode doc = r.json();
        assertThat(doc.get("model").asText()).isEqualTo("wan2.7-image-pro");
        assertThat(doc.get("results")).hasSize(4);
        assertThat(doc.get("cost").get("estimated").decimalValue()).isEqualByComparingTo("2.00");
    }

    @Test
    @DisplayName("generate passes a palette; palette rules are the domain's and all broken ones are listed")
    void generatePalette() {
        Cli.Run ok = cli.run("generate", "-p", "A calm bedroom", "--palette", "#C2D1E6:50,#F5F0E6:30", "--palette", "#2B2B2B:20");
        assertThat(ok.exit()).isZero();
        assertThat(cli.validate.lastCommand.palette()).hasSize(3);

        Cli.Run bad = cli.run("generate", "-p", "Four seasons", "--sequential", "-n", "4", "--palette", "#C2D1E6:60");
        assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).contains("3 problems").contains("color_palette: applies only without image-set mode")
                .contains("needs 3 to 10 colours").contains("must sum to 100.00%");
    }

    @Test
    @DisplayName("validate prints the facts of each input, the expected output, the cost and the request; nothing is sent")
    void validateValid() {
        Cli.Run r = cli.run("validate", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "Put the clock on the shelf");

        assertThat(r.exit()).isZero();
        assertThat(cli.submit.calls).isZero();
        assertThat(cli.await.calls).isZero();
        assertThat(cli.validate.lastMode).isEqualTo(SubmitMode.ASYNC);
        assertThat(r.out()).contains("Model wan2.5-i2i-preview in beijing")
                .containsPattern("images\\[0] +shelf\\.jpg +local +JPEG +1024\\*768 +239\\.3 KB +no")
                .contains("Expected output: 1 image, about 1478*1109; estimated cost 0.20 CNY")
                .contains("POST https://dashscope.aliyuncs.com/api/v1/services/aigc/image2image/image-synthesis")
                .contains("X-DashScope-Async: enable")
                .contains("Authorization: Bearer ****")
                .contains("\"prompt\" : \"Put the clock on the shelf\"")
                .contains("Valid. Nothing was sent");
    }

    @Test
    @DisplayName("validate lists every violation and exits 3")
    void validateInvalid() {
        Cli.Run r = cli.run("validate", "-m", "wan2.5-i2i-preview", "-i", "nope.jpg", "-i", "shelf.jpg", "-n", "9", "--size", "100*100");

        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).contains("error:   images[0] \"nope.jpg\": no such file")
                .contains("error:   prompt: is required")
                .contains("error:   n 9: must be from 1 to 4")
                .contains("error:   size \"100*100\"")
                .contains("Invalid: 4 errors. Nothing was sent.")
                .doesNotContain("Request that would be sent");
        assertThat(cli.submit.calls).isZero();
    }

    @Test
    @DisplayName("validate --sync asks for the synchronous request")
    void validateSync() {
        cli.run("validate", "-m", "wan2.7-image", "-p", "x", "--sync");
        assertThat(cli.validate.lastMode).isEqualTo(SubmitMode.SYNC);
    }

    @Test
    @DisplayName("validate --json: valid, inputs with facts, violations, warnings, expected, cost and request")
    void validateJson() {
        Cli.Run r = cli.run("--json", "validate", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "Put the clock on the shelf",
                "-n", "2");

        assertThat(r.exit()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(doc.get("region").asText()).isEqualTo("beijing");
        JsonNode in = doc.get("inputs").get(0);
        assertThat(in.get("field").asText()).isEqualTo("images[0]");
        assertThat(in.get("given").asText()).isEqualTo("shelf.jpg");
        assertThat(in.get("kind").asText()).isEqualTo("LOCAL");
        assertThat(in.get("format").asText()).isEqualTo("JPEG");
        assertThat(in.get("width").asInt()).isEqualTo(1024);
        assertThat(in.get("height").asInt()).isEqualTo(768);
        assertThat(in.get("bytes").asLong()).isEqualTo(245_000);
        assertThat(in.get("alpha").asBoolean()).isFalse();
        assertThat(in.get("sha256").isNull()).isTrue();
        assertThat(doc.get("violations")).isEmpty();
        assertThat(doc.get("warnings")).isEmpty();
        assertThat(doc.get("expected").get("width").asInt()).isEqualTo(1478);
        assertThat(doc.get("expected").get("height").asInt()).isEqualTo(1109);
        assertThat(doc.get("expected").get("images").asInt()).isEqualTo(2);
        assertThat(doc.get("cost").get("estimated").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("currency").asText()).isEqualTo("CNY");
        JsonNode req = doc.get("request");
        assertThat(req.get("method").asText()).isEqualTo("POST");
        assertThat(req.get("url").asText()).endsWith("/image-synthesis");
        assertThat(req.get("headers").get("X-DashScope-Async").asText()).isEqualTo("enable");
        assertThat(req.get("headers").get("Authorization").asText()).isEqualTo("Bearer ****");
        assertThat(req.get("body").asText()).contains("\"model\":\"wan2.5-i2i-preview\"");
    }

    @Test
    @DisplayName("validate --json of an invalid request: valid false, violations, null expected/cost/request; exit 3")
    void validateJsonInvalid() {
        Cli.Run r = cli.run("--json", "validate", "-m", "wan2.5-i2i-preview", "-i", "nope.jpg", "-n", "9");

        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        JsonNode doc = r.json();
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("inputs").get(0).get("format").isNull()).isTrue();
        assertThat(doc.get("violations").findValuesAsText("field")).contains("images[0]", "prompt", "n");
        assertThat(doc.get("expected").isNull()).isTrue();
        assertThat(doc.get("cost").isNull()).isTrue();
        assertThat(doc.get("request").isNull()).isTrue();
    }

    @Test
    @DisplayName("a key that slipped into a preview is masked in text and JSON alike")
    void previewKeyMasked() {
        String key = "sk-0123456789abcdefSECRET";
        cli.validate.preview = new RequestPreview("POST", "https://dashscope.aliyuncs.com/api/v1/x",
                Map.of("Authorization", "Bearer " + key, "X-Api-Key", key), "{\"debug\":\"" + key + "\"}");

        Cli.Run text = cli.run("validate", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x");
        Cli.Run json = cli.run("--json", "validate", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x");

        assertThat(text.all()).doesNotContain(key).doesNotContain("0123456789abcdef").contains("Bearer ****");
        assertThat(json.all()).doesNotContain(key).doesNotContain("0123456789abcdef");
        assertThat(json.json().get("request").get("headers").get("Authorization").asText()).isEqualTo("Bearer ****");
    }
}
