package dev.wanedit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        List<Integer> oneToTwenty = java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList();
        assertThat(Stats.median(oneToTwenty)).isEqualTo(10.0);
        assertThat(Stats.percentile(oneToTwenty, 95)).isEqualTo(19.0);
        assertThat(Stats.percentile(oneToTwenty, 100)).isEqualTo(20.0);
        assertThat(Stats.percentile(List.of(7), 95)).isEqualTo(7.0);
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.<Double>of())).isNaN();
        assertThatThrownBy(() -> Stats.percentile(oneToTwenty, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peaksPerSecond() {
        Instant t = Instant.parse("2025-01-01T00:00:00.900Z");
        List<Instant> events = List.of(t, t.plusMillis(50), t.plusMillis(150), t.plusMillis(999), t.plusMillis(1000));
        // calendar seconds: {.900, .950} in second 0, {.050, .899, .900} in second 1
        assertThat(Stats.maxPerSecond(events)).isEqualTo(3);
        // any window [x, x+1s): .900 .. 1.899 holds four
        assertThat(Stats.maxInAnySecond(events)).isEqualTo(4);
        assertThat(Stats.maxInAnySecond(List.of())).isZero();
    }

    @Test
    void ratios() {
        assertThat(Stats.ratio(1, 4)).isEqualTo(0.25);
        assertThat(Stats.ratio(1, 0)).isNaN();
    }
}
