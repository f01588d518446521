package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Region;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Singapore region end to end: its own key variable, its own prices, and the model it does not
 * offer refused before any call. The emulator serves Singapore only and accepts only the Singapore key.
 */
@DisplayName("wanedit in the Singapore region")
class SingaporeRegionIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("singapore").keyIn(Region.SINGAPORE)
            .emulator(b -> b.timeScale(0.02).region(Region.SINGAPORE));

    /** The sandbox's key as the Singapore key, in the Singapore region. */
    private static Map<String, String> singapore(Sandbox sandbox) {
        Map<String, String> env = new HashMap<>();
        env.put("DASHSCOPE_API_KEY_BEIJING", null);
        env.put("DASHSCOPE_API_KEY_SINGAPORE", sandbox.key);
        env.put("DASHSCOPE_REGION", "singapore");
        return env;
    }

    @Test
    @DisplayName("DASHSCOPE_REGION=singapore with the Singapore key: stored, region and price of Singapore in the JSON and the sidecar")
    void edit_inSingapore(Sandbox sandbox) throws Exception {
        WaneditProcess.Result r = sandbox.runWithEnv(singapore(sandbox), "edit", "--json", "-m", "wan2.7-image", "-i", ROOM,
                "-p", "Monsoon rain", "--size", "1K");

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
    void beijingOnlyModel_refusedLocally(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        emulator.journal().clear();
        WaneditProcess.Result r = sandbox.runWithEnv(singapore(sandbox), "--region", "singapore", "edit", "--json",
                "-m", "wanx2.1-imageedit", "--function", "stylization_all", "-i", ROOM, "-p", "x");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(r.json().get("violations").toString()).contains("singapore");
        assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS)).isEmpty();
    }
}
