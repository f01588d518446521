package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Region;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Singapore region end to end: its own key variable, its own prices, and the model it does not
 * offer refused before any call. The emulator serves Singapore only and accepts only the Singapore key.
 */
@DisplayName("wanedit in the Singapore region")
class SingaporeRegionIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();

    private static DashScopeEmulator emulator;
    private static Sandbox sandbox;
    private static Map<String, String> singapore;

    @BeforeAll
    static void start() {
        String key = Sandbox.secretKey();
        emulator = DashScopeEmulator.builder().port(0).timeScale(0.02).region(Region.SINGAPORE).apiKey(Region.SINGAPORE, key).start();
        sandbox = new Sandbox("singapore", key, emulator);
        singapore = new HashMap<>();
        singapore.put("DASHSCOPE_API_KEY_BEIJING", null);
        singapore.put("DASHSCOPE_API_KEY_SINGAPORE", key);
        singapore.put("DASHSCOPE_REGION", "singapore");
    }

    @AfterAll
    static void stop() {
        try {
            sandbox.assertSecretNeverLeaked();
        } finally {
            sandbox.close();
            emulator.close();
        }
    }

    @Test
    @DisplayName("DASHSCOPE_REGION=singapore with the Singapore key: stored, region and price of Singapore in the JSON and the sidecar")
    void edit_inSingapore() throws Exception {
        WaneditProcess.Result r = sandbox.runWithEnv(singapore, "edit", "--json", "-m", "wan2.7-image", "-i", ROOM, "-p", "Monsoon rain",
                "--size", "1K");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode job = r.json();
        assertThat(job.get("region").asText()).isEqualTo("singapore");
        assertThat(job.get("state").asText()).isEqualTo("STORED");
        assertThat(job.at("/cost/estimated").decimalValue()).isEqualByComparingTo("0.220177");
        Path sidecar = Path.of(job.at("/results/0/sidecar").asText());
        assertThat(WaneditProcess.JSON.readTree(sidecar.toFile()).get("region").asText()).isEqualTo("singapore");
        assertThat(Images.decode(Path.of(job.at("/results/0/path").asText())).getWidth()).isPositive();
    }

    @Test
    @DisplayName("--region singapore with wanx2.1 (Beijing only): refused locally, exit 3, nothing sent")
    void beijingOnlyModel_refusedLocally() throws Exception {
        emulator.journal().clear();
        WaneditProcess.Result r = sandbox.runWithEnv(singapore, "--region", "singapore", "edit", "--json", "-m", "wanx2.1-imageedit",
                "--function", "stylization_all", "-i", ROOM, "-p", "x");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(r.json().get("violations").toString()).contains("singapore");
        assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS)).isEmpty();
    }
}
