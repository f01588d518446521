package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.wanedit.adapter.storage.jobs.PostgresCredentials;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Wiring: one journal object behind the journal, lease and limit ports, chosen by configuration, owned and closed")
class WiringJournalTest {

    @TempDir
    Path tmp;

    private AppConfig config(Optional<AppConfig.JournalServer> server) {
        Path home = tmp.resolve("home");
        return new AppConfig(Region.BEIJING, Optional.of("http://127.0.0.1:1"), tmp.resolve("out"), home, home.resolve("journal.db"),
                Map.of(Region.BEIJING, "sk-wiring-test-not-a-key"), Optional.empty(), false, 1.0, server, Duration.ofSeconds(12));
    }

    private static void assertOneJournal(Wiring wiring) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, wiring.modules());
        assertThat(injector.getInstance(JobRepository.class)).isSameAs(wiring.journal());
        assertThat(injector.getInstance(JobLeases.class)).isSameAs(wiring.journal());
        assertThat(injector.getInstance(SharedLimits.class)).isSameAs(wiring.journal());
    }

    @Test
    void sqlite_byDefault_boundOnce_andNotOpenedByWiring() {
        AppConfig c = config(Optional.empty());
        try (Wiring wiring = new Wiring(c, false)) {
            assertOneJournal(wiring);
            assertThat(wiring.journal().describe()).contains(c.journal().toString());
        }
        assertThat(c.journal()).as("no I/O by wiring or closing an unused journal").doesNotExist();
    }

    @Test
    void postgres_whenConfigured_boundOnce_describedWithoutThePassword_andNoConnectionMade() {
        AppConfig c = config(Optional.of(new AppConfig.JournalServer(PostgresTarget.parse("postgresql://127.0.0.1:1/jobs"),
                PostgresCredentials.of(Optional.of("u"), Optional.of("wiring-pw")))));
        try (Wiring wiring = new Wiring(c, false)) {
            assertOneJournal(wiring);
            assertThat(wiring.journal().describe()).isEqualTo("the PostgreSQL journal 127.0.0.1:1/jobs").doesNotContain("wiring-pw");
        }
        assertThat(c.home()).doesNotExist();
    }
}
