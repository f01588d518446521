package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmulatorMainTest {

    @Test
    void starts_with_the_flags_and_never_prints_a_user_key() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DashScopeEmulator emu = EmulatorMain.start(new String[] {"--port", "0", "--time-scale", "0.05",
                "--key-beijing", "sk-user-secret-1234", "--key-singapore=sk-sg-secret"}, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            String out = buf.toString(StandardCharsets.UTF_8);

            assertThat(out).contains(emu.baseUrl()).contains(emu.apiBaseUrl()).contains("--key-beijing").contains("0.05");
            assertThat(out).doesNotContain("sk-user-secret-1234").doesNotContain("sk-sg-secret");
            assertThat(emu.apiKey()).isEqualTo("sk-user-secret-1234");
            assertThat(emu.timeScale()).isEqualTo(0.05);
            assertThat(emu.clock().isManual()).isFalse();
            assertThat(Wire.get(emu, "/tasks").status()).isEqualTo(200);
        }
    }

    @Test
    void prints_the_default_key_and_serves_singapore() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DashScopeEmulator emu = EmulatorMain.start(new String[] {"--port=0", "--region", "singapore", "--no-limits"},
                new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            assertThat(emu.region()).isEqualTo(Region.SINGAPORE);
            assertThat(buf.toString(StandardCharsets.UTF_8)).contains("sk-emulator-singapore").contains("ap-southeast-1");
        }
    }

    @Test
    void help_prints_usage_and_starts_nothing() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();

        DashScopeEmulator emu = EmulatorMain.start(new String[] {"--help"}, new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(emu).isNull();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--time-scale").contains("--key-singapore")
                .contains("--fault RULE").contains("do=ACTION").contains("/__emulator/");
    }

    @Test
    void fault_rules_and_over_concurrency_from_the_command_line() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DashScopeEmulator emu = EmulatorMain.start(new String[] {"--port", "0", "--over-concurrency", "queue",
                "--fault", "on=create times=2 do=fail code=InternalError.Algo message=\"it broke\"",
                "--fault=on=query times=1 do=error status=503"}, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            String out = buf.toString(StandardCharsets.UTF_8);

            assertThat(emu.faults().rules()).extracting(Faults.Rule::text).containsExactly(
                    "on=create times=2 do=fail code=InternalError.Algo message=\"it broke\"",
                    "on=query times=1 do=error status=503 code=ModelUnavailable message=\"Model is unavailable, please try again later.\"");
            assertThat(emu.config().overConcurrency).isEqualTo(OverConcurrency.QUEUE);
            assertThat(out).contains(emu.baseUrl() + "/__emulator/").contains("fault r1").contains("do=fail");
            assertThat(Wire.task(emu, "x").status()).isEqualTo(503);
        }
    }

    @Test
    void bad_fault_rules_are_all_reported_and_nothing_starts() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--port", "0", "--fault", "on=creat do=fail",
                "--fault", "on=create do=boom"}, out))
                .isInstanceOf(FaultRules.InvalidRules.class)
                .hasMessageContaining("rule 1 (on=creat do=fail): on: unknown endpoint 'creat'")
                .hasMessageContaining("rule 2 (on=create do=boom): do: unknown action 'boom'");
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--over-concurrency", "drop"}, out))
                .hasMessageContaining("reject or queue");
    }

    @Test
    void bad_flags_are_rejected() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--bogus", "1"}, out)).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--port"}, out)).hasMessageContaining("missing value");
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--port", "x"}, out)).hasMessageContaining("integer");
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--time-scale", "-1"}, out)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--region", "mars"}, out)).hasMessageContaining("mars");
    }
}
