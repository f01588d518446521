package dev.wanedit.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchReportTest {

    private static BatchReport.LineOutcome line(long n, JobState state, boolean partial, String failure) {
        return new BatchReport.LineOutcome(n, "k" + n, JobId.generate(Instant.parse("2026-11-21T08:00:00Z"), new java.util.SplittableRandom(n)),
                state, partial, Optional.ofNullable(failure));
    }

    @Test
    void tally_countsEveryLineButKeepsOnlyTheFirstNotableOnes() {
        List<BatchReport.LineOutcome> all = new ArrayList<>();
        for (long i = 1; i <= 5_000; i++) {
            all.add(line(i, JobState.STORED, false, null));
        }
        for (long i = 5_001; i <= 5_000 + BatchReport.NOTABLE_KEPT + 500; i++) {
            all.add(line(i, JobState.FAILED, false, "InternalError.Algo: boom"));
        }
        all.add(line(9_000, JobState.STORED, true, null));
        all.add(line(9_001, JobState.RUNNING, false, null));

        BatchReport r = BatchReport.of(all.size(), List.of(), all, 5_001, Money.zero(Money.CNY), Money.zero(Money.CNY), false,
                false, 0);

        assertThat(r.tally().lines()).isEqualTo(all.size());
        assertThat(r.countsByState()).containsEntry(JobState.STORED, 5_001L).containsEntry(JobState.FAILED,
                (long) BatchReport.NOTABLE_KEPT + 500).containsEntry(JobState.RUNNING, 1L);
        assertThat(r.tally().failed()).isEqualTo(BatchReport.NOTABLE_KEPT + 500);
        assertThat(r.tally().unfinished()).isEqualTo(1);
        assertThat(r.tally().partial()).isEqualTo(1);
        assertThat(r.tally().notable()).isEqualTo(BatchReport.NOTABLE_KEPT + 502);
        assertThat(r.notable()).hasSize(BatchReport.NOTABLE_KEPT)
                .allMatch(o -> o.state() == JobState.FAILED)
                .first().extracting(BatchReport.LineOutcome::lineNumber).isEqualTo(5_001L);
    }

    @Test
    void notable_isEverythingButACompleteSuccess() {
        assertThat(line(1, JobState.STORED, false, null).isNotable()).isFalse();
        assertThat(line(2, JobState.STORED, true, null).isNotable()).isTrue();
        assertThat(line(3, JobState.STORED, false, "note").isNotable()).isTrue();
        assertThat(line(4, JobState.EXPIRED, false, null).isNotable()).isTrue();
        assertThat(line(5, JobState.SUBMITTING, false, null).isNotable()).isTrue();
    }
}
