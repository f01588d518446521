package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.domain.Region;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EditCommandTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("edit validates, submits, waits and lists every stored result with its sidecar; exit 0")
    void editStoresAndListsResults() {
        Cli.Run r = cli.run("edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "Put the clock on the shelf", "-n", "2");

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(cli.submit.calls).isEqualTo(1);
        assertThat(cli.submit.lastOptions.mode()).isEqualTo(SubmitMode.ASYNC);
        assertThat(r.out()).contains("estimated cost 0.40 CNY").contains("STORED")
                .containsPattern("\\[0\\] /out/\\S+/image-0\\.png")
                .containsPattern("\\[1\\] /out/\\S+/image-1\\.png")
                .contains("sidecar /out/").contains("image-1.png.json");
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("edit --json prints one document with job, task, state, results, cost and violations")
    void editJson() {
        Cli.Run r = cli.run("--json", "edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "Put the clock on the shelf", "-n", "2");

        assertThat(r.exit()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("job_id").asText()).matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-z]{6}");
        assertThat(doc.get("task_id").asText()).startsWith("task-");
        assertThat(doc.get("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(doc.get("region").asText()).isEqualTo("beijing");
        assertThat(doc.get("state").asText()).isEqualTo("STORED");
        assertThat(doc.get("partial").asBoolean()).isFalse();
        assertThat(doc.get("results")).hasSize(2);
        JsonNode first = doc.get("results").get(0);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("path").asText()).endsWith("/image-0.png");
        assertThat(first.get("sidecar").asText()).endsWith("/image-0.png.json");
        assertThat(first.get("sha256").asText()).startsWith("ab12cd34ef56");
        assertThat(first.get("bytes").asLong()).isEqualTo(1_572_864L);
        assertThat(first.get("url_expires_at").asText()).isEqualTo("2026-11-22T10:16:10.123Z");
        assertThat(first.get("error_code").isNull()).isTrue();
        assertThat(first.get("error_message").isNull()).isTrue();
        assertThat(doc.get("cost").get("estimated").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("actual").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("currency").asText()).isEqualTo("CNY");
        assertThat(doc.get("failure").isNull()).isTrue();
        assertThat(doc.get("violations").isArray()).isTrue();
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("n defaults to 1 and the region comes from --region, after the subcommand too")
    void defaults() {
        cli.run("edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x", "--region", "singapore");

        assertThat(cli.validate.lastCommand.n()).isEqualTo(1);
        assertThat(cli.validate.lastCommand.region()).isEqualTo(Region.SINGAPORE);
    }
}
