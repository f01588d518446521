package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.domain.catalog.Region;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelsAndEmulatorTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("models lists every model with regions, limits (unconfirmed marked) and prices per region")
    void models() {
        Cli.Run r = cli.run("models");

        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("MODEL").contains("REGIONS").contains("PRICE/IMAGE BEIJING")
                .contains("PRICE/IMAGE SINGAPORE").contains("LIMITS");
        assertThat(lines.get(1)).startsWith("wan2.5-i2i-preview").contains("beijing, singapore").contains("0.20 CNY")
                .contains("0.220177 CNY").contains("5/s, 5 concurrent").doesNotContain("unconfirmed");
        assertThat(lines.get(2)).startsWith("wanx2.1-imageedit").contains("0.14 CNY").contains("not offered");
        assertThat(lines.get(3)).startsWith("wan2.7-image ").contains("(unconfirmed)");
        assertThat(lines.get(4)).startsWith("wan2.7-image-pro").contains("0.50 CNY").contains("0.562065 CNY");
        assertThat(lines.get(1).indexOf("beijing")).isEqualTo(lines.get(0).indexOf("REGIONS"));
        assertThat(r.out()).contains("sides 384-5000 px").contains("at most 10 MB").contains("no alpha channel")
                .contains("super_resolution [upscale_factor=1..4]").contains("description_edit_with_mask (mask)")
                .contains("1K/2K/4K or W*H").contains("wanedit sends 1 unless -n");
    }

    @Test
    @DisplayName("models --json has every model with limits, prices and functions")
    void modelsJson() {
        JsonNode doc = cli.run("models", "--json").json();
        JsonNode models = doc.get("models");
        assertThat(models.findValuesAsText("id")).containsExactly("wan2.5-i2i-preview", "wanx2.1-imageedit", "wan2.7-image",
                "wan2.7-image-pro");
        JsonNode wan25 = models.get(0);
        assertThat(wan25.get("regions").toString()).isEqualTo("[\"beijing\",\"singapore\"]");
        assertThat(wan25.get("images").get("max").asInt()).isEqualTo(3);
        assertThat(wan25.get("n").get("server_default").asInt()).isEqualTo(4);
        assertThat(wan25.get("prices").get("beijing").get("amount").decimalValue()).isEqualByComparingTo("0.20");
        assertThat(wan25.get("prices").get("singapore").get("currency").asText()).isEqualTo("CNY");
        assertThat(wan25.get("limits").get("confirmed").asBoolean()).isTrue();
        JsonNode wanx = models.get(1);
        assertThat(wanx.get("prices").has("singapore")).isFalse();
        assertThat(wanx.get("functions").findValuesAsText("name")).contains("expand", "super_resolution");
        assertThat(models.get(2).get("limits").get("confirmed").asBoolean()).isFalse();
        assertThat(models.get(3).get("size").get("presets").toString()).isEqualTo("[\"1K\",\"2K\",\"4K\"]");
    }

    @Test
    @DisplayName("emulator starts with the given settings, prints the base URL and how to use it, never the key, and closes")
    void emulator() {
        Cli.Run r = cli.run("emulator", "--port", "9000", "--time-scale", "0.05", "--key-beijing", "emu-secret-beijing",
                "--no-limits");

        assertThat(r.exit()).isZero();
        EmulatorLauncher.Settings s = cli.emulator.last().orElseThrow();
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.timeScale()).isEqualTo(0.05);
        assertThat(s.keyBeijing()).contains("emu-secret-beijing");
        assertThat(s.keySingapore()).isEmpty();
        assertThat(s.region()).isEqualTo(Region.BEIJING);
        assertThat(s.limits()).isFalse();
        assertThat(s.toString()).doesNotContain("emu-secret-beijing");
        assertThat(cli.emulator.closed).isTrue();
        assertThat(r.out()).contains("listening on http://127.0.0.1:9000")
                .contains("wanedit --endpoint http://127.0.0.1:9000 --region beijing edit")
                .contains("export DASHSCOPE_API_KEY_BEIJING=<the key you gave with --key-beijing>");
        assertThat(r.all()).doesNotContain("emu-secret-beijing");
    }

    @Test
    @DisplayName("emulator plays the region of --region; --json gives {base_url, region}; Ctrl-C stops it cleanly")
    void emulatorRegionJsonInterrupt() {
        cli.emulator.interrupt = true;
        Cli.Run r = cli.run("--region", "singapore", "emulator", "--port", "0", "--json");

        assertThat(r.exit()).isZero();
        assertThat(cli.emulator.last().orElseThrow().region()).isEqualTo(Region.SINGAPORE);
        JsonNode doc = r.json();
        assertThat(doc.get("base_url").asText()).isEqualTo("http://127.0.0.1:40123");
        assertThat(doc.get("region").asText()).isEqualTo("singapore");
        assertThat(cli.emulator.closed).isTrue();
    }

    @Test
    @DisplayName("emulator with a bad port or time scale is a usage error and starts nothing")
    void emulatorBadSettings() {
        assertThat(cli.run("emulator", "--port", "70000").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("emulator", "--time-scale", "0").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.emulator.started).isEmpty();
    }
}
