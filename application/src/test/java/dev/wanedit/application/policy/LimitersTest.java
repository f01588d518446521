package dev.wanedit.application.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.domain.catalog.ModelCatalog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitersTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T00:00:00Z"));

    /** What the batch does: take a permit only when one is free now (it never waits on a submission). */
    private static boolean takeIfFree(RateLimiter limiter) {
        if (!limiter.availableIn().isZero()) {
            return false;
        }
        assertThat(limiter.reserve()).isZero();
        return true;
    }

    @Test
    void rateLimiter_allowsABurstThenWaitsForTheWindow() {
        RateLimiter limiter = new RateLimiter(clock, 5);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve()).isZero();
        }
        // at most 5 in any second: the 6th and 7th go when the 1st and 2nd are a second (plus the margin) old
        assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(1).plus(RateLimiter.MARGIN));
        assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(1).plus(RateLimiter.MARGIN));
    }

    @Test
    void rateLimiter_neverGrantsMoreThanTheRateInAnyOneSecondWindow() {
        RateLimiter limiter = new RateLimiter(clock, 20);
        java.util.List<Instant> uses = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2_000; i++) {
            uses.add(clock.instant().plus(limiter.reserve()));
            clock.advance(Duration.ofMillis(random.nextInt(40)));
        }
        uses.sort(null);
        for (int i = 20; i < uses.size(); i++) {
            assertThat(Duration.between(uses.get(i - 20), uses.get(i))).as("permit %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void rateLimiter_belowOnePerSecond_spacesSinglePermits() {
        RateLimiter limiter = new RateLimiter(clock, 0.5);

        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(2).plus(RateLimiter.MARGIN));
    }

    @Test
    void rateLimiter_refillsWithTime() {
        RateLimiter limiter = new RateLimiter(clock, 2);
        limiter.reserve();
        limiter.reserve();
        assertThat(takeIfFree(limiter)).isFalse();

        clock.advance(Duration.ofMillis(500));
        assertThat(takeIfFree(limiter)).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(takeIfFree(limiter)).as("a second is not yet a second plus the margin").isFalse();
        clock.advance(RateLimiter.MARGIN);

        assertThat(takeIfFree(limiter)).isTrue();
        assertThat(takeIfFree(limiter)).isTrue();
        assertThat(takeIfFree(limiter)).isFalse();
    }

    @Test
    void rateLimiter_availableIn_saysWhatReserveWouldWaitWithoutTakingAPermit() {
        RateLimiter limiter = new RateLimiter(clock, 2);
        assertThat(limiter.availableIn()).isZero();
        assertThat(limiter.availableIn()).isZero(); // asking takes nothing
        limiter.reserve();
        limiter.reserve();

        Duration expected = limiter.availableIn();

        assertThat(expected).isEqualTo(Duration.ofMillis(1050)); // a second plus the margin after the first permit
        assertThat(limiter.availableIn()).isEqualTo(expected);
        assertThat(limiter.reserve()).isEqualTo(expected);
        limiter.pause(Duration.ofSeconds(5));
        assertThat(limiter.availableIn()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rateLimiter_pauseDelaysEveryone() {
        RateLimiter limiter = new RateLimiter(clock, 10);
        limiter.pause(Duration.ofSeconds(3));

        assertThat(limiter.reserve()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void queryBudget_neverExceeds20PerSecondOverAMinute() {
        Limiters limiters = new Limiters(clock);
        RateLimiter q = limiters.queries();
        int granted = 0;
        for (int ms = 0; ms < 60_000; ms += 5) {
            while (takeIfFree(q)) {
                granted++;
            }
            clock.advance(Duration.ofMillis(5));
        }
        assertThat(granted).isBetween(1_130, 1_160); // 20 in every 1.05 s, never more than 20 in a second
    }

    @Test
    void submissions_followTheCatalogPerModel() {
        Limiters limiters = new Limiters(clock);
        assertThat(limiters.submissions(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I)).permitsPerSecond()).isEqualTo(5);
        assertThat(limiters.submissions(ModelCatalog.standard().require(ModelCatalog.WANX21_IMAGEEDIT)).permitsPerSecond()).isEqualTo(2);
        Limiters overridden = new Limiters(clock, 20, 1.0);
        assertThat(overridden.submissions(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I)).permitsPerSecond()).isEqualTo(1);
    }

    @Test
    void sharedLimits_submissionsKeepTheWiderMargin_queriesTheUsualOne() {
        java.util.Map<String, Duration> windows = new java.util.concurrent.ConcurrentHashMap<>();
        SharedLimits recording = new SharedLimits() {
            @Override
            public Permit reserve(String bucket, int permits, Duration window) {
                windows.put(bucket, window);
                return new Permit(clock.instant(), Duration.ZERO);
            }

            @Override
            public Duration availableIn(String bucket, int permits, Duration window) {
                windows.put(bucket, window);
                return Duration.ZERO;
            }

            @Override
            public void pause(String bucket, Duration pause) {
            }

            @Override
            public boolean tryAcquireSlot(String bucket, int limit, dev.wanedit.domain.job.JobId job, Duration ttl) {
                return true;
            }

            @Override
            public void renewSlot(dev.wanedit.domain.job.JobId job, Duration ttl) {
            }

            @Override
            public void releaseSlot(dev.wanedit.domain.job.JobId job) {
            }

            @Override
            public int slotsInUse(String bucket) {
                return 0;
            }
        };
        Limiters limiters = new Limiters(clock, java.util.Optional.of(recording));

        limiters.submissions(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I)).reserve();
        limiters.queries().reserve();

        // 5 per second: a window of one second plus the margin
        assertThat(windows).containsEntry("submit:" + ModelCatalog.WAN25_I2I,
                Duration.ofSeconds(1).plus(RateLimiter.SHARED_CREATE_MARGIN));
        assertThat(windows).containsEntry("queries", Duration.ofSeconds(1).plus(RateLimiter.MARGIN));
        assertThat(RateLimiter.SHARED_CREATE_MARGIN).isGreaterThan(RateLimiter.MARGIN);
        // this process alone keeps today's margin, so one process is as fast as before
        assertThat(new Limiters(clock).submissions(ModelCatalog.standard().require(ModelCatalog.WAN25_I2I)).window())
                .isEqualTo(Duration.ofSeconds(1).plus(RateLimiter.MARGIN));
    }

    @Test
    void concurrencyLimiter_countsTasksInFlight() {
        ConcurrencyLimiter c = new ConcurrencyLimiter(2);
        assertThat(c.tryAcquire()).isTrue();
        assertThat(c.tryAcquire()).isTrue();
        assertThat(c.tryAcquire()).isFalse();
        c.release();
        assertThat(c.tryAcquire()).isTrue();
        assertThat(c.inFlight()).isEqualTo(2);
        c.release();
        c.release();
        assertThatThrownBy(c::release).isInstanceOf(IllegalStateException.class);
    }
}
