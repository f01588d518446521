package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The busiest-second arithmetic, with arrival times given, so the test does not depend on this machine's speed. */
class JournalStatsTest {
    private static final long MS = 1_000_000L;

    @Test
    void the_busiest_second_is_a_sliding_window_per_group() {
        Journal j = new Journal(100);
        long[] creates = {0, 500 * MS, 900 * MS, 1200 * MS, 3000 * MS};
        for (long t : creates) {
            j.recordArrival(Endpoint.IMAGE_SYNTHESIS, "wan2.5-i2i-preview", t);
        }
        j.recordArrival(Endpoint.IMAGE_GENERATION, "wan2.7-image", 0);
        for (int i = 0; i < 4; i++) {
            j.recordArrival(i % 2 == 0 ? Endpoint.TASK_QUERY : Endpoint.TASK_LIST, null, 100 * MS * i);
        }
        j.recordArrival(Endpoint.TASK_CANCEL, null, 2000 * MS);
        j.recordArrival(Endpoint.OTHER, null, 0);

        assertThat(j.busiestSecond()).containsEntry("create:wan2.5-i2i-preview", 3) // 0.5, 0.9, 1.2 s
                .containsEntry("create:wan2.7-image", 1).containsEntry("tasks", 4).doesNotContainKey("other");
        assertThat(j.requestsPerEndpoint()).containsEntry(Endpoint.IMAGE_SYNTHESIS, 5).containsEntry(Endpoint.OTHER, 1);

        j.clear();
        assertThat(j.busiestSecond()).isEmpty();
        assertThat(j.requestsPerEndpoint()).isEmpty();
    }

    @Test
    void throttles_are_counted_per_endpoint_and_code() {
        Journal j = new Journal(100);
        j.recordThrottle(Endpoint.IMAGE_SYNTHESIS, "Throttling.RateQuota");
        j.recordThrottle(Endpoint.IMAGE_SYNTHESIS, "Throttling.AllocationQuota");
        j.recordThrottle(Endpoint.TASK_QUERY, "Throttling.RateQuota");

        assertThat(j.throttled(Endpoint.IMAGE_SYNTHESIS)).isEqualTo(2);
        assertThat(j.throttled(Endpoint.TASK_LIST)).isZero();
        assertThat(j.throttled("Throttling.RateQuota")).isEqualTo(2);
        assertThat(j.throttledPerEndpoint().get(Endpoint.TASK_QUERY)).containsExactly(java.util.Map.entry("Throttling.RateQuota", 1));
    }
}
