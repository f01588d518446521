package dev.wanedit.application.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.domain.catalog.ModelCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The learned schedule replayed on a manual clock against synthetic histories. */
class LearnedPollScheduleTest {

    private final PollSchedule wan25 = PollSchedule.forModel(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I));
    private final SplittableRandom random = new SplittableRandom(5);

    /** A task that ends {@code endsAfter} after its anchor, looked at as the schedule says: when it is seen, and with how many looks. */
    private record Seen(Duration late, int looks) {
    }

    private Seen run(LearnedPollSchedule s, Duration endsAfter) {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
        Instant anchor = clock.instant();
        Instant end = anchor.plus(endsAfter);
        int looks = 0;
        do {
            clock.advance(s.delayBefore(Duration.between(anchor, clock.instant()), looks, Optional.empty(), random));
            looks++;
        } while (clock.instant().isBefore(end));
        return new Seen(Duration.between(end, clock.instant()), looks);
    }

    private static List<Duration> seconds(double... s) {
        List<Duration> out = new ArrayList<>();
        for (double v : s) {
            out.add(Duration.ofMillis(Math.round(v * 1000)));
        }
        return out;
    }

    @Test
    void learn_withLessThanTheMinimumHistory_fallsBackToTheDocumentedSchedule() {
        assertThat(LearnedPollSchedule.learn(List.of(), wan25)).isEmpty();
        assertThat(LearnedPollSchedule.learn(seconds(45, 46), wan25)).isEmpty();
        assertThat(LearnedPollSchedule.learn(seconds(45, 46, 47), wan25)).isPresent();
    }

    @Test
    void tasksEndingAsInTheHistory_areSeenAMarginAfterTheirEnd() {
        LearnedPollSchedule s = LearnedPollSchedule.learn(seconds(31, 31, 46, 46, 61, 61, 46), wan25).orElseThrow();

        for (double end : new double[] {31, 46, 61}) {
            Seen seen = run(s, Duration.ofMillis(Math.round(end * 1000)));
            assertThat(seen.late()).isEqualTo(LearnedPollSchedule.MARGIN);
        }
        assertThat(run(s, Duration.ofSeconds(31)).looks()).isEqualTo(1);
        assertThat(run(s, Duration.ofSeconds(61)).looks()).isEqualTo(3);
        LearnedPollSchedule.Expectation e = s.expected();
        assertThat(e.meanWait()).isEqualTo(LearnedPollSchedule.MARGIN);
        assertThat(e.meanLooks()).isEqualTo((1 + 1 + 2 + 2 + 3 + 3 + 2) / 7.0);
    }

    @Test
    void anyTaskEndingInsideTheHistory_isSeenWithinTheBudget() {
        List<Duration> history = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 64; i++) {
            history.add(Duration.ofMillis(30_000 + r.nextInt(30_000))); // 30 to 60 s, spread evenly
        }
        LearnedPollSchedule s = LearnedPollSchedule.learn(history, wan25).orElseThrow();

        for (long ms = 25_000; ms <= s.longest().toMillis(); ms += 250) {
            assertThat(run(s, Duration.ofMillis(ms)).looks()).as("task of %d ms", ms).isLessThanOrEqualTo(LearnedPollSchedule.BUDGET);
        }
        LearnedPollSchedule.Expectation e = s.expected();
        assertThat(e.maxLooks()).isLessThanOrEqualTo(LearnedPollSchedule.BUDGET);
        // four looks over an even 30 s spread: the best cut waits about 30 s / 8 on average
        assertThat(e.meanWait()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void aTaskEndingAfterEveryTaskOfTheHistory_isFoundByTheTail() {
        LearnedPollSchedule s = LearnedPollSchedule.learn(seconds(10, 10, 10), wan25).orElseThrow();

        Seen justAfter = run(s, Duration.ofMillis(10_200));
        Seen muchLater = run(s, Duration.ofSeconds(90));

        assertThat(justAfter.late()).isLessThanOrEqualTo(LearnedPollSchedule.TAIL_FIRST.multipliedBy(2));
        assertThat(justAfter.looks()).isLessThanOrEqualTo(4);
        // 80 s past the history: steps double up to the model's steady cap (3.75 s, jitter 10%)
        assertThat(muchLater.late()).isLessThanOrEqualTo(wan25.cap().multipliedBy(11).dividedBy(10));
        assertThat(muchLater.looks()).isBetween(15, 40);
    }

    @Test
    void aTaskEndingBeforeEveryTaskOfTheHistory_isSeenAtTheFirstLook() {
        LearnedPollSchedule s = LearnedPollSchedule.learn(seconds(40, 41, 42), wan25).orElseThrow();

        Seen seen = run(s, Duration.ofSeconds(20));

        assertThat(seen.looks()).isEqualTo(1);
        assertThat(seen.late()).isEqualTo(Duration.ofMillis(20_000 + 40));
    }

    @Test
    void theBudgetSpentBeforeTheHistoryEnds_leavesTheSteadyInterval() {
        LearnedPollSchedule s = LearnedPollSchedule.learn(seconds(10, 20, 30, 40, 50, 60), wan25).orElseThrow();

        Duration d = s.delayBefore(Duration.ofSeconds(11), LearnedPollSchedule.BUDGET, Optional.empty(), random);

        assertThat(d).isBetween(wan25.cap().multipliedBy(9).dividedBy(10), wan25.cap().multipliedBy(11).dividedBy(10));
    }

    @Test
    void aRetryAfterLongerThanThePlan_isHonoured() {
        LearnedPollSchedule s = LearnedPollSchedule.learn(seconds(10, 10, 10), wan25).orElseThrow();

        assertThat(s.delayBefore(Duration.ofSeconds(9), 0, Optional.of(Duration.ofSeconds(5)), random))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(s.delayBefore(Duration.ofSeconds(9), 0, Optional.of(Duration.ofMillis(5)), random))
                .isEqualTo(Duration.ofMillis(1_040));
    }

    @Test
    void margin_isHalfTheRoundTripAndFiveMilliseconds_betweenTheLeastAndTheDefault() {
        assertThat(LearnedPollSchedule.margin(Duration.ZERO)).isEqualTo(LearnedPollSchedule.MIN_MARGIN);
        assertThat(LearnedPollSchedule.margin(Duration.ofMillis(3))).isEqualTo(Duration.ofMillis(10));
        assertThat(LearnedPollSchedule.margin(Duration.ofMillis(30))).isEqualTo(Duration.ofMillis(20));
        assertThat(LearnedPollSchedule.margin(Duration.ofMillis(300))).isEqualTo(LearnedPollSchedule.MARGIN);
        LearnedPollSchedule tight = LearnedPollSchedule.learn(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10)), wan25, Duration.ofMillis(10)).orElseThrow();
        assertThat(tight.delayBefore(Duration.ZERO, 0, Optional.empty(), new java.util.SplittableRandom(1)))
                .isEqualTo(Duration.ofMillis(10_010));
        assertThat(tight.expected().meanWait()).isEqualTo(Duration.ofMillis(10));
    }
}
