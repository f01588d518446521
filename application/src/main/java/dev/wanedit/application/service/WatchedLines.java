package dev.wanedit.application.service;

import dev.wanedit.application.policy.TaskSlots;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A batch's lines whose jobs another live process works on: read from the journal now and then;
 * reported when they end, and taken over when that process is gone (its lease lapsed), without a
 * second create (the job carries its state: a create of unknown outcome is searched for, a task is polled).
 */
final class WatchedLines {

    /** How often a line held by another process is read again from the journal (scaled like the polls). */
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    /** What becomes of a watched line. */
    interface Outcomes {
        /** It ended in the other process. */
        void ended(ManifestLine line, EditJob job, Optional<String> failure);

        /** This process took it over, holding the model's slot or not. */
        void takenOver(ManifestLine line, EditJob job, TaskSlots slot, boolean slotHeld);
    }

    private static final class Watch {
        final ManifestLine line;
        EditJob job;
        Instant nextLook;

        Watch(ManifestLine line, EditJob job, Instant nextLook) {
            this.line = line;
            this.job = job;
            this.nextLook = nextLook;
        }
    }

    private final List<Watch> watched = new ArrayList<>();
    private final JobRepository jobs;
    private final JobLeases leases;
    private final TaskPoller poller;
    private final Clock clock;

    WatchedLines(JobRepository jobs, JobLeases leases, TaskPoller poller, Clock clock) {
        this.jobs = jobs;
        this.leases = leases;
        this.poller = poller;
        this.clock = clock;
    }

    void add(ManifestLine line, EditJob job) {
        watched.add(new Watch(line, job, clock.instant().plus(poller.scaled(WATCH_EVERY))));
    }

    /** Reads the due lines from the journal; each that ended or was taken over leaves the watch. */
    void lookAtDue(Function<EditRequest, TaskSlots> slots, Outcomes outcomes) {
        Instant now = clock.instant();
        Iterator<Watch> it = watched.iterator();
        while (it.hasNext()) {
            Watch w = it.next();
            if (w.nextLook.isAfter(now)) {
                continue;
            }
            w.job = jobs.find(w.job.id()).orElse(w.job);
            if (w.job.state().isFinal()) {
                it.remove();
                outcomes.ended(w.line, w.job, w.job.failure().map(JobFailure::toString));
                continue;
            }
            if (leases.acquire(w.job.id())) { // its process is gone: this one finishes the line
                TaskSlots slot = slots.apply(w.job.request());
                boolean held = slot.tryAcquire(w.job.id()); // a job taken over keeps the slot it had
                if (!held && !w.job.state().isRemoteActive() && w.job.state() != JobState.SUCCEEDED) {
                    leases.release(w.job.id()); // not sent yet and no slot free: later
                    w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
                    continue;
                }
                it.remove();
                outcomes.takenOver(w.line, w.job, slot, held);
                continue;
            }
            w.nextLook = now.plus(poller.scaled(WATCH_EVERY));
        }
    }

    /** At the run's end: every line still watched is reported as left to the process working on it. */
    void leaveAll(Outcomes outcomes) {
        watched.forEach(w -> outcomes.ended(w.line, w.job, Optional.of("left to the process working on it")));
        watched.clear();
    }

    boolean isEmpty() {
        return watched.isEmpty();
    }

    Stream<Instant> nextLooks() {
        return watched.stream().map(w -> w.nextLook);
    }

    Stream<JobState> states() {
        return watched.stream().map(w -> w.job.state());
    }
}
