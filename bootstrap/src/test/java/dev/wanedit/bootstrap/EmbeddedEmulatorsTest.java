package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.cli.EmulatorLauncher;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddedEmulatorsTest {

    private static EmulatorLauncher.Settings settings(EmulatorLauncher.OverConcurrency mode, String... faults) {
        return new EmulatorLauncher.Settings(0, 1, Optional.empty(), Optional.empty(), Region.BEIJING, true, mode,
                List.of(faults));
    }

    @Test
    void the_rules_and_the_mode_reach_the_running_emulator() throws Exception {
        try (EmbeddedEmulators.Running r = (EmbeddedEmulators.Running) new EmbeddedEmulators().start(settings(
                EmulatorLauncher.OverConcurrency.QUEUE, "on=create times=1 do=fail", "on=query times=2 do=error status=503"))) {
            assertThat(r.faultRules()).containsExactly(
                    "r1: on=create times=1 do=fail code=InternalError.Algo message=\"An internal algorithm error has occured, please try again later.\"",
                    "r2: on=query times=2 do=error status=503 code=ModelUnavailable message=\"Model is unavailable, please try again later.\"");
            assertThat(r.emulator().faults().rules().get(1).fault().kind()).isEqualTo(Fault.Kind.ERROR);
            HttpResponse<String> settings = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(r.baseUrl() + "/__emulator/settings")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(settings.body()).contains("\"over_concurrency\" : \"queue\"");
            assertThat(r.emulator().journal().requests(Endpoint.TASK_QUERY)).isEmpty();
        }
    }

    @Test
    void bad_rules_are_refused_with_every_problem_before_anything_listens() {
        assertThatThrownBy(() -> new EmbeddedEmulators().start(settings(EmulatorLauncher.OverConcurrency.REJECT,
                "on=create do=fail", "on=crate do=fail", "on=create do=stall")))
                .isInstanceOf(EmulatorLauncher.InvalidSettings.class)
                .hasMessageContaining("rule 2 (on=crate do=fail): on: unknown endpoint 'crate'")
                .hasMessageContaining("rule 3 (on=create do=stall): for: required");
    }
}
