package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: when past tasks ended, read from the journal, so that the polls of a new task can
 * be placed where tasks of its kind end ({@code LearnedPollSchedule}). Times are the service's own
 * ({@code submit_time}, {@code scheduled_time}, {@code end_time}); only their differences are used,
 * so a skew between the service's clock and this machine's does not matter.
 */
public interface TaskHistory {

    /** What makes tasks comparable: the same model, region, output size and number of images. */
    record Kind(String model, String region, String size, int n) {

        public Kind {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(size, "size");
        }

        /** The kind of a job's task ({@code auto} when the request leaves the size to the service). */
        public static Kind of(EditJob job) {
            String size = job.request().output().size().wireValue();
            return new Kind(job.request().model().id(), job.region().id(), size == null ? "auto" : size,
                    job.request().output().n());
        }
    }

    /**
     * One ended task: submitted, scheduled (PENDING → RUNNING, when the service said) and ended.
     */
    record Timing(Instant submitted, Optional<Instant> scheduled, Instant ended) {

        public Timing {
            Objects.requireNonNull(submitted, "submitted");
            Objects.requireNonNull(ended, "ended");
            scheduled = scheduled == null ? Optional.empty() : scheduled;
        }

        /** Submission to end. */
        public Duration total() {
            return Duration.between(submitted, ended);
        }

        /** RUNNING start to end, when the service reported the start. */
        public Optional<Duration> running() {
            return scheduled.map(s -> Duration.between(s, ended));
        }
    }

    /** The newest {@code limit} tasks of this kind that succeeded, newest first. */
    List<Timing> ended(Kind kind, int limit);

    /** Records when a job's task started running (the service's {@code scheduled_time}); once per task is enough. */
    void scheduled(JobId job, Instant at);

    /** No history: every task is polled on its model's documented schedule. */
    TaskHistory NONE = new TaskHistory() {
        @Override
        public List<Timing> ended(Kind kind, int limit) {
            return List.of();
        }

        @Override
        public void scheduled(JobId job, Instant at) {
        }
    };
}
