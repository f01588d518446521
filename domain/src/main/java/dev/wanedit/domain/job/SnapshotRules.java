package dev.wanedit.domain.job;

import java.util.List;
import java.util.Optional;

/**
 * What every {@link EditJob.Snapshot} of a state must hold, read off the transitions that reach
 * that state (see {@link JobState}), so that {@link EditJob#restore} never rebuilds a job the life
 * cycle could not have made.
 */
final class SnapshotRules {

    /** One rule: {@code holds} tells whether the snapshot keeps it. */
    private record Rule(boolean holds, String field, String rule) {
    }

    private SnapshotRules() {
    }

    /** @throws InvalidSnapshot naming the first field that breaks a rule */
    static void check(EditJob.Snapshot s) {
        if (s == null) {
            throw new InvalidSnapshot(null, "snapshot", "a job is restored from a snapshot");
        }
        JobId id = s.id();
        for (Rule r : every(s)) {
            if (!r.holds()) {
                throw new InvalidSnapshot(id, r.field(), r.rule());
            }
        }
        if (s.state() == null) {
            throw new InvalidSnapshot(id, "state", "a job has a state");
        }
        for (Rule r : of(s.state(), s)) {
            if (!r.holds()) {
                throw new InvalidSnapshot(id, r.field(), r.rule());
            }
        }
    }

    private static List<Rule> every(EditJob.Snapshot s) {
        return List.of(new Rule(s.id() != null, "id", "a job has an id"),
                new Rule(s.request() != null, "request", "a job has its request"),
                new Rule(s.fingerprint() != null && !s.fingerprint().isBlank(), "fingerprint", "a job has its request's fingerprint"),
                new Rule(s.createdAt() != null, "createdAt", "a job has a creation time"),
                new Rule(s.updatedAt() != null, "updatedAt", "a job has a time of its last change"),
                new Rule(s.version() >= 0, "version", "a journal version is not negative, got " + s.version()));
    }

    private static List<Rule> of(JobState state, EditJob.Snapshot s) {
        String st = state.name();
        return switch (state) {
            case CREATED -> List.of(none(s.task(), "task", "a CREATED job has no task"),
                    none(s.doubt(), "doubt", "a CREATED job has no create of unknown outcome"),
                    none(s.failure(), "failure", "a CREATED job has not failed"),
                    new Rule(s.results().isEmpty(), "results", "a CREATED job has no results"));
            case SUBMITTING -> List.of(some(s.submittingSince(), "submittingSince", "a SUBMITTING job records when its create was sent"),
                    none(s.task(), "task", "a SUBMITTING job has no task yet"),
                    none(s.failure(), "failure", "a SUBMITTING job has not failed"));
            case OUTCOME_UNKNOWN -> List.of(some(s.doubt(), "doubt", "an OUTCOME_UNKNOWN job records what is known of its create"),
                    none(s.task(), "task", "an OUTCOME_UNKNOWN job has no task (a found one is adopted)"),
                    none(s.failure(), "failure", "an OUTCOME_UNKNOWN job has not failed"));
            case PENDING, RUNNING -> List.of(some(s.task(), "task", "a " + st + " job has a task"),
                    none(s.failure(), "failure", "a " + st + " job has not failed"));
            case SUCCEEDED -> List.of(some(s.task(), "task", "a SUCCEEDED job has a task"),
                    none(s.failure(), "failure", "a SUCCEEDED job has not failed"),
                    new Rule(s.results().stream().anyMatch(ResultImage::succeeded), "results",
                            "a SUCCEEDED job has at least one successful result"));
            case STORED -> List.of(some(s.task(), "task", "a STORED job has a task"),
                    none(s.failure(), "failure", "a STORED job has not failed"),
                    new Rule(s.results().stream().anyMatch(ResultImage::isStored), "results",
                            "a STORED job has at least one stored result"),
                    new Rule(s.results().stream().noneMatch(r -> r.succeeded() && !r.isStored()), "results",
                            "a STORED job has every successful result stored"));
            case FAILED -> List.of(some(s.failure(), "failure", "a FAILED job records why it failed"));
            case EXPIRED -> List.of(some(s.failure(), "failure", "an EXPIRED job records why it expired"));
            // cancelled before it was sent, or reported CANCELED by the service: either may lack a task
            case CANCELED -> List.of();
        };
    }

    private static Rule some(Optional<?> value, String field, String rule) {
        return new Rule(value.isPresent(), field, rule);
    }

    private static Rule none(Optional<?> value, String field, String rule) {
        return new Rule(value.isEmpty(), field, rule);
    }
}
