package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmulatorFaultOptionsTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("emulator passes every --fault rule, in order, and --over-concurrency to the launcher")
    void faultsAndOverConcurrency() {
        Cli.Run r = cli.run("emulator", "--port", "0", "--fault", "on=create times=1 do=fail code=InternalError.Algo",
                "--fault", "on=download times=2 do=error status=403", "--over-concurrency", "QUEUE");

        assertThat(r.exit()).as(r.all()).isZero();
        EmulatorLauncher.Settings s = cli.emulator.last().orElseThrow();
        assertThat(s.faults()).containsExactly("on=create times=1 do=fail code=InternalError.Algo",
                "on=download times=2 do=error status=403");
        assertThat(s.overConcurrency()).isEqualTo(EmulatorLauncher.OverConcurrency.QUEUE);
        assertThat(r.out()).contains("Control API (no key): http://127.0.0.1:40123/__emulator/")
                .contains("queues creates above the concurrency limit");
    }

    @Test
    @DisplayName("emulator without --fault starts with no rules and rejects creates above the concurrency limit")
    void defaults() {
        assertThat(cli.run("emulator", "--port", "0").exit()).isZero();

        EmulatorLauncher.Settings s = cli.emulator.last().orElseThrow();
        assertThat(s.faults()).isEmpty();
        assertThat(s.overConcurrency()).isEqualTo(EmulatorLauncher.OverConcurrency.REJECT);
    }

    @Test
    @DisplayName("emulator --json names the control API and the over-concurrency mode")
    void json() {
        JsonNode doc = cli.run("emulator", "--port", "0", "--json", "--over-concurrency", "queue").json();

        assertThat(doc.get("control_url").asText()).isEqualTo("http://127.0.0.1:40123/__emulator/");
        assertThat(doc.get("over_concurrency").asText()).isEqualTo("queue");
        assertThat(doc.get("faults").isArray()).isTrue();
    }

    @Test
    @DisplayName("emulator --over-concurrency with another value is a usage error naming the allowed ones")
    void badMode() {
        Cli.Run r = cli.run("emulator", "--over-concurrency", "drop");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--over-concurrency").contains("REJECT").contains("QUEUE");
        assertThat(cli.emulator.started).isEmpty();
    }

    @Test
    @DisplayName("emulator --help documents the rule grammar, the control API and examples")
    void help() {
        String help = cli.run("emulator", "--help").out();

        assertThat(help).contains("--fault=RULE").contains("do=fail").contains("when=after").contains("/__emulator/faults")
                .contains("--over-concurrency").contains("wanedit emulator --fault \"on=create model=wan2.5-i2i-preview");
        assertThat(List.of(help.split("\n"))).anySatisfy(l -> assertThat(l).contains("truncate [cut=before-id|after-id|half|N]"));
    }
}
