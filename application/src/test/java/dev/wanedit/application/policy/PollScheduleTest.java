package dev.wanedit.application.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.ModelCatalog;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private final ModelCatalog catalog = ModelCatalog.standard();

    @Test
    void forModel_firstDelayFollowsTheTypicalDuration() {
        PollSchedule wanx = PollSchedule.forModel(catalog.require(ModelCatalog.WANX21_IMAGEEDIT));
        PollSchedule wan25 = PollSchedule.forModel(catalog.require(ModelCatalog.WAN25_I2I));

        assertThat(wanx.firstDelay()).isEqualTo(Duration.ofSeconds(5)); // half of 10 s
        assertThat(wan25.firstDelay()).isEqualTo(Duration.ofMillis(22_500)); // half of 45 s
        assertThat(wanx.firstDelay()).isLessThan(wan25.firstDelay());
    }

    @Test
    void forModel_pollsSteadilyEveryTwelfthOfTheTypicalDurationAfterTheFirstLook() {
        PollSchedule wanx = PollSchedule.forModel(catalog.require(ModelCatalog.WANX21_IMAGEEDIT));
        PollSchedule wan25 = PollSchedule.forModel(catalog.require(ModelCatalog.WAN25_I2I));
        SplittableRandom r = new SplittableRandom(7);
        PollSchedule wan25Exact = new PollSchedule(wan25.firstDelay(), wan25.growth(), wan25.cap(), 0);

        assertThat(wanx.cap()).isEqualTo(Duration.ofSeconds(1)); // 10 s / 12 = 0.83 s, at least 1 s
        assertThat(wan25.cap()).isEqualTo(Duration.ofMillis(3_750)); // 45 s / 12
        for (int poll = 1; poll < 40; poll++) {
            assertThat(wan25Exact.delayBefore(poll, Optional.empty(), r)).isEqualTo(Duration.ofMillis(3_750));
        }
        // a task that ends at 46 s is seen at most one interval later: 22.5 s + 7 x 3.75 s = 48.75 s
        long seenAt = 0;
        for (int poll = 0; seenAt < 46_000; poll++) {
            seenAt += wan25Exact.delayBefore(poll, Optional.empty(), r).toMillis();
        }
        assertThat(seenAt).isEqualTo(48_750);
    }

    @Test
    void delayBefore_growsByTheFactorUpToTheCap() {
        PollSchedule s = new PollSchedule(Duration.ofSeconds(4), 2.0, Duration.ofSeconds(10), 0);
        SplittableRandom r = new SplittableRandom(1);

        assertThat(s.delayBefore(0, Optional.empty(), r)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.delayBefore(1, Optional.empty(), r)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.delayBefore(2, Optional.empty(), r)).isEqualTo(Duration.ofSeconds(8));
        assertThat(s.delayBefore(3, Optional.empty(), r)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.delayBefore(30, Optional.empty(), r)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void delayBefore_jitterStaysWithinItsFraction() {
        PollSchedule s = new PollSchedule(Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10), 0.1);
        SplittableRandom r = new SplittableRandom(3);
        long distinct = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> s.delayBefore(5, Optional.empty(), r))
                .peek(d -> assertThat(d).isBetween(Duration.ofMillis(9_000), Duration.ofMillis(11_000)))
                .distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void delayBefore_retryAfterLongerThanTheScheduleWins() {
        PollSchedule s = new PollSchedule(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(5), 0);
        SplittableRandom r = new SplittableRandom(1);

        assertThat(s.delayBefore(1, Optional.of(Duration.ofSeconds(30)), r)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.delayBefore(1, Optional.of(Duration.ofMillis(10)), r)).isEqualTo(Duration.ofSeconds(2));
    }
}
