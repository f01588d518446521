package dev.wanedit.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void generate_instant_utcStampThenSixBase36Characters() {
        JobId id = JobId.generate(AT, new Random(1));
        assertThat(id.value()).startsWith("20261121-101530-123-").matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-z]{6}");
        assertThat(id.toString()).isEqualTo(id.value());
        assertThat(JobId.isValid(id.value())).isTrue();
    }

    @Test
    void generate_sameInstantDifferentRandomness_unique() {
        SplittableRandom random = new SplittableRandom(7);
        Set<JobId> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(JobId.generate(AT, random));
        }
        assertThat(ids).hasSize(2000);
        assertThat(JobId.generate(AT, new Random(1))).isNotEqualTo(JobId.generate(AT, new Random(2)));
    }

    @Test
    void generate_sameInstantSameRandomness_equal() {
        assertThat(JobId.generate(AT, new Random(3))).isEqualTo(JobId.generate(AT, new Random(3)));
    }

    @Test
    void compareTo_ordersByCreationTimeWhateverTheSuffix() {
        List<JobId> ids = new ArrayList<>();
        ids.add(new JobId("20261121-101530-124-000000"));
        ids.add(new JobId("20261121-101530-123-zzzzzz"));
        ids.add(new JobId("20251231-235959-999-zzzzzz"));
        ids.add(new JobId("20261121-101531-000-000000"));
        ids.sort(null);
        assertThat(ids).extracting(JobId::value).containsExactly("20251231-235959-999-zzzzzz",
                "20261121-101530-123-zzzzzz", "20261121-101530-124-000000", "20261121-101531-000-000000");
        JobId earlier = JobId.generate(AT, new Random(9));
        JobId later = JobId.generate(AT.plusMillis(1), new Random(10));
        assertThat(earlier).isLessThan(later);
    }

    @ParameterizedTest(name = "\"{0}\" is not a job id")
    @NullSource
    @ValueSource(strings = {"", "20261121-101530-123", "20261121-101530-123-ABCDEF", "20261121-101530-123-abc12",
        "20261121-101530-123-abc1234", "2026-11-21-101530-123-abc123", "../20261121-101530-123-abc123",
        "20261121-101530-123-abc12/"})
    void constructor_malformed_rejectedNamingValueAndForm(String value) {
        assertThatThrownBy(() -> new JobId(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + value + "\"").hasMessageContaining("yyyyMMdd-HHmmss-SSS-xxxxxx");
        assertThat(JobId.isValid(value)).isFalse();
    }
}
