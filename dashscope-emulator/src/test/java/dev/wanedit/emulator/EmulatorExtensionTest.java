package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorExtensionTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.region(Region.SINGAPORE).timeScale(0.5));

    private DashScopeEmulator fromBeforeEach;

    @BeforeEach
    void setUp(DashScopeEmulator emu) {
        fromBeforeEach = emu;
    }

    @Test
    void injects_one_fresh_emulator_with_a_manual_clock(DashScopeEmulator emu, EmulatorClock clock, Journal journal, Faults faults) {
        assertThat(emu).isSameAs(fromBeforeEach).isSameAs(EMULATOR.emulator());
        assertThat(clock).isSameAs(emu.clock());
        assertThat(journal).isSameAs(emu.journal());
        assertThat(faults).isSameAs(emu.faults());
        assertThat(clock.isManual()).isTrue();
        assertThat(clock.now()).isEqualTo(EmulatorExtension.DEFAULT_START);
        assertThat(emu.baseUrl()).startsWith("http://127.0.0.1:");
        assertThat(emu.apiBaseUrl()).isEqualTo(emu.baseUrl() + "/api/v1");
        assertThat(emu.region()).isEqualTo(Region.SINGAPORE);
        assertThat(journal.requests()).isEmpty();
    }

    @Test
    void time_scale_shrinks_task_durations(DashScopeEmulator emu, EmulatorClock clock) {
        String body = "{\"model\":\"wan2.7-image\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a kite\"}]}]},"
                + "\"parameters\":{\"n\":1,\"size\":\"1K\"}}";
        String id = Wire.create(emu, Wire.GENERATION, body).taskId();

        clock.advance(Duration.ofMillis(8000)); // 0.5 * (1 s queue + 15 s running) = 8 s

        assertThat(Wire.task(emu, id).status_()).isEqualTo("SUCCEEDED");
    }

    @Test
    void clocks_move_only_forward_and_the_system_clock_by_an_offset() {
        EmulatorClock manual = EmulatorClock.manual(EmulatorExtension.DEFAULT_START);
        manual.set(EmulatorExtension.DEFAULT_START.plusSeconds(5));
        assertThat(manual.advance(Duration.ofSeconds(1))).isEqualTo(EmulatorExtension.DEFAULT_START.plusSeconds(6));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manual.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        EmulatorClock system = EmulatorClock.system();
        java.time.Instant before = java.time.Instant.now();
        java.time.Instant moved = system.advance(Duration.ofHours(24));
        assertThat(moved).isAfterOrEqualTo(before.plus(Duration.ofHours(24)));
        assertThat(system.offset()).isEqualTo(Duration.ofHours(24));
        assertThat(system.now()).isAfterOrEqualTo(moved);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> system.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
