package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class LimitsTest {
    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");

    static String wanx(String prompt) {
        return "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"remove_watermark\",\"prompt\":" + Wire.q(prompt)
                + ",\"base_image_url\":" + Wire.q(PNG) + "}}";
    }

    @Test
    void wanx21_allows_two_submissions_per_second(DashScopeEmulator emu, EmulatorClock clock) {
        assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("a")).status()).isEqualTo(200);
        assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("b")).status()).isEqualTo(200);

        Wire.Resp third = Wire.create(emu, Wire.SYNTHESIS, wanx("c"));

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.code()).isEqualTo("Throttling.RateQuota");
        assertThat(emu.journal().tasksCreatedFor(wanx("c"))).isZero();
        assertThat(emu.journal().throttled()).isEqualTo(1);
    }

    @Test
    void wanx21_allows_two_concurrent_tasks(DashScopeEmulator emu, EmulatorClock clock) {
        Wire.create(emu, Wire.SYNTHESIS, wanx("a"));
        Wire.create(emu, Wire.SYNTHESIS, wanx("b"));
        clock.advance(Duration.ofSeconds(2)); // a new second, both still RUNNING

        Wire.Resp third = Wire.create(emu, Wire.SYNTHESIS, wanx("c"));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.code()).isEqualTo("Throttling.AllocationQuota");

        clock.advance(Duration.ofSeconds(10)); // both finished
        assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("c")).status()).isEqualTo(200);
        assertThat(emu.journal().throttled("Throttling.AllocationQuota")).isEqualTo(1);
    }

    @Test
    void limits_are_per_model(DashScopeEmulator emu) {
        Wire.create(emu, Wire.SYNTHESIS, wanx("a"));
        Wire.create(emu, Wire.SYNTHESIS, wanx("b")); // wanx2.1's 2 per second are used

        // in the same second, wan2.5 still has all of its own 5 (a shared window would refuse the 4th)
        for (int i = 0; i < 5; i++) {
            Wire.Resp other = Wire.create(emu, Wire.SYNTHESIS, "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"x" + i
                    + "\",\"images\":[" + Wire.q(PNG) + "]},\"parameters\":{\"n\":1}}");
            assertThat(other.status()).as("wan2.5 create %d", i + 1).isEqualTo(200);
        }
        assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("c")).status()).as("wanx2.1's window is its own").isEqualTo(429);
    }

    @Test
    void task_queries_are_limited_to_20_per_second_per_account(DashScopeEmulator emu, EmulatorClock clock) {
        for (int i = 0; i < 20; i++) {
            assertThat(Wire.task(emu, "t" + i).status()).isEqualTo(200);
        }
        Wire.Resp limited = Wire.task(emu, "t20");
        Wire.Resp listLimited = Wire.get(emu, "/tasks");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("Throttling.RateQuota");
        assertThat(listLimited.status()).isEqualTo(429);
        assertThat(emu.journal().taskQueries("t20")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(Wire.task(emu, "t20").status()).isEqualTo(200);
    }

    @Test
    void limits_can_be_switched_off_or_tuned() {
        try (DashScopeEmulator emu = DashScopeEmulator.builder().clock(EmulatorClock.manual(EmulatorExtension.DEFAULT_START))
                .submissionRateLimit(false).concurrencyLimit(false).taskQueryQps(2).start()) {
            for (int i = 0; i < 5; i++) {
                assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("p" + i)).status()).isEqualTo(200);
            }
            assertThat(Wire.task(emu, "x").status()).isEqualTo(200);
            assertThat(Wire.task(emu, "x").status()).isEqualTo(200);
            assertThat(Wire.task(emu, "x").status()).isEqualTo(429);
        }
        try (DashScopeEmulator emu = DashScopeEmulator.builder().clock(EmulatorClock.manual(EmulatorExtension.DEFAULT_START))
                .limitsEnabled(false).start()) {
            for (int i = 0; i < 30; i++) {
                assertThat(Wire.task(emu, "x").status()).isEqualTo(200);
            }
            assertThat(emu.journal().throttled()).isZero();
        }
        try (DashScopeEmulator emu = DashScopeEmulator.builder().clock(EmulatorClock.manual(EmulatorExtension.DEFAULT_START))
                .modelLimits("wanx2.1-imageedit", 1, 5).start()) {
            assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("a")).status()).isEqualTo(200);
            assertThat(Wire.create(emu, Wire.SYNTHESIS, wanx("b")).status()).isEqualTo(429);
        }
    }
}
