package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.policy.LearnedPollSchedule;
import dev.wanedit.application.policy.PollSchedule;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.TaskHistory;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The poller's choice of schedule, on a manual clock with the fake service's tasks. */
class LearnedPollingTest {

    private final ServiceFixture f = new ServiceFixture();

    /** A journal history: ended tasks by kind, and the RUNNING starts written to it. */
    private static final class History implements TaskHistory {
        final List<Timing> timings = new ArrayList<>();
        final Map<JobId, Instant> scheduled = new HashMap<>();

        @Override
        public List<Timing> ended(Kind kind, int limit) {
            return kind.model().equals(ModelCatalog.WAN25_I2I) ? timings.stream().limit(limit).toList() : List.of();
        }

        @Override
        public void scheduled(JobId job, Instant at) {
            scheduled.put(job, at);
        }

        void add(Duration queue, Duration total, int times) {
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            for (int i = 0; i < times; i++) {
                timings.add(new Timing(t0, Optional.of(t0.plus(queue)), t0.plus(total)));
            }
        }
    }

    /** Polls the job to its end as the poller schedules it; returns the wait after the end and the queries. */
    private long[] pollToEnd(TaskPoller poller, EditJob job) throws InterruptedException {
        int looks = 0;
        long before = f.editing.count("fetch");
        while (job.state().isRemoteActive()) {
            f.clock.advance(poller.nextDelay(job, looks, Optional.empty(), f.random, f.clock.instant()));
            TaskPoller.Poll p = poller.poll(job);
            looks++;
            job.apply(p.snapshot().orElseThrow(), f.clock.instant());
        }
        Instant end = job.remoteEndTime().orElseThrow();
        return new long[] {Duration.between(end, f.clock.instant()).toMillis(), f.editing.count("fetch") - before};
    }

    @Test
    void noHistory_pollsOnTheModelsDocumentedSchedule() throws InterruptedException {
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, new History());
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        PollSchedule documented = PollSchedule.forModel(job.request().model());

        Duration first = poller.nextDelay(job, 0, Optional.empty(), f.random, f.clock.instant());

        assertThat(first).isBetween(documented.firstDelay().multipliedBy(9).dividedBy(10),
                documented.firstDelay().multipliedBy(11).dividedBy(10));
    }

    @Test
    void history_findsTheEndOneMarginLateWithFewQueries() throws InterruptedException {
        f.editing.durations(Duration.ofSeconds(2), Duration.ofSeconds(44));
        History history = new History();
        history.add(Duration.ofSeconds(2), Duration.ofSeconds(44), 5);
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, history);
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        long[] seen = pollToEnd(poller, job);

        assertThat(seen[0]).isEqualTo(LearnedPollSchedule.MARGIN.toMillis());
        assertThat(seen[1]).isEqualTo(1);
        assertThat(history.scheduled).as("journaled by the collector, not by the query").isEmpty();
        poller.recordHistory(job);
        assertThat(history.scheduled).containsEntry(job.id(), job.remoteSubmitTime().orElseThrow().plusSeconds(2));
    }

    @Test
    void aLongerQueue_isMeasuredFromTheRunningStart() throws InterruptedException {
        // past tasks: 2 s queued, 42 s running; this one is queued 12 s, so it ends at 54 s
        f.editing.durations(Duration.ofSeconds(12), Duration.ofSeconds(54));
        History history = new History();
        history.add(Duration.ofSeconds(2), Duration.ofSeconds(44), 3);
        history.add(Duration.ofSeconds(2), Duration.ofSeconds(30), 3);
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, history);
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();

        long[] seen = pollToEnd(poller, job);

        // looks at 30 s (RUNNING, since 12 s) and 44 s, then at 12 + 42 s: just after the end (the test
        // clock answers queries at once, so after the first the margin is the least)
        assertThat(seen[0]).isEqualTo(LearnedPollSchedule.MIN_MARGIN.toMillis());
        assertThat(seen[1]).isEqualTo(3);
    }

    @Test
    void tasksSeenSucceeding_teachTheNextOnes() throws InterruptedException {
        f.editing.durations(Duration.ofSeconds(1), Duration.ofSeconds(20));
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, new History());
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(pollToEnd(poller, f.submit.submit(ServiceFixture.wan25("take " + i), SubmitOptions.async()).journaled().orElseThrow()));
        }

        // the first three on the documented schedule (22.5 s: 2.5 s late), then learned from them
        assertThat(runs.get(0)[0]).isGreaterThan(1_000);
        assertThat(runs.get(3)[0]).isEqualTo(LearnedPollSchedule.MIN_MARGIN.toMillis());
        assertThat(runs.get(4)[1]).isEqualTo(1);
    }

    @Test
    void theMargin_followsTheQueriesRoundTrip() throws InterruptedException {
        f.editing.durations(Duration.ofSeconds(2), Duration.ofSeconds(44)).queryTakes(Duration.ofMillis(60));
        History history = new History();
        history.add(Duration.ofSeconds(2), Duration.ofSeconds(44), 5);
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, history);
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        assertThat(poller.margin()).as("no query answered yet").isEqualTo(LearnedPollSchedule.MARGIN);

        poller.poll(job);

        assertThat(poller.margin()).as("half the 60 ms trip and 5 ms").isEqualTo(Duration.ofMillis(35));
        assertThat(poller.nextDelay(job, 1, Optional.empty(), f.random, f.clock.instant()))
                .as("the next look 35 ms after the history's 44 s, from the submission")
                .isEqualTo(Duration.between(f.clock.instant(), job.submittingSince().orElseThrow().plusSeconds(44).plusMillis(35)));
    }

    @Test
    void theFirstAnchor_isWhenTheCreateWasSent_notWhenSubmittingWasJournaled() throws InterruptedException {
        History history = new History();
        history.add(Duration.ofSeconds(2), Duration.ofSeconds(44), 5);
        SendTimes sent = new SendTimes();
        TaskPoller poller = new TaskPoller(f.editing, f.limiters, f.sleeper, 1.0, history, sent);
        EditJob job = f.submit.submit(ServiceFixture.wan25(1), SubmitOptions.async()).journaled().orElseThrow();
        Instant journaled = job.submittingSince().orElseThrow();
        f.clock.advance(Duration.ofMillis(100));
        Instant now = f.clock.instant();
        Duration fromJournal = poller.nextDelay(job, 0, Optional.empty(), f.random, now);

        sent.sent(job.id(), journaled.plusMillis(30)); // the SUBMITTING write took 30 ms

        assertThat(poller.nextDelay(job, 0, Optional.empty(), f.random, now)).isEqualTo(fromJournal.plusMillis(30));
        sent.forget(job.id());
        assertThat(poller.nextDelay(job, 0, Optional.empty(), f.random, now)).as("none kept: the journal's").isEqualTo(fromJournal);
    }
}
