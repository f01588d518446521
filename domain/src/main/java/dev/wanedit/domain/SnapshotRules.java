package dev.wanedit.domain;

import java.util.Optional;

/**
 * What every {@link EditJob.Snapshot} of a state must hold, read off the transitions that reach
 * that state (see {@link JobState}), so that {@link EditJob#restore} never rebuilds a job the life
 * cycle could not have made.
 */
final class SnapshotRules {

    private SnapshotRules() {
    }

    /** @throws InvalidSnapshot naming the first field that breaks a rule */
    static void check(EditJob.Snapshot s) {
        if (s == null) {
            throw new InvalidSnapshot(null, "snapshot", "a job is restored from a snapshot");
        }
        JobId id = s.id();
        need(id != null, id, "id", "a job has an id");
        need(s.request() != null, id, "request", "a job has its request");
        need(s.fingerprint() != null && !s.fingerprint().isBlank(), id, "fingerprint", "a job has its request's fingerprint");
        need(s.createdAt() != null, id, "createdAt", "a job has a creation time");
        need(s.updatedAt() != null, id, "updatedAt", "a job has a time of its last change");
        need(s.state() != null, id, "state", "a job has a state");
        need(s.version() >= 0, id, "version", "a journal version is not negative, got " + s.version());
        String st = s.state().name();
        switch (s.state()) {
            case CREATED -> {
                none(s.task(), id, "task", "a CREATED job has no task");
                none(s.doubt(), id, "doubt", "a CREATED job has no create of unknown outcome");
                none(s.failure(), id, "failure", "a CREATED job has not failed");
                need(s.results().isEmpty(), id, "results", "a CREATED job has no results");
            }
            case SUBMITTING -> {
                some(s.submittingSince(), id, "submittingSince", "a SUBMITTING job records when its create was sent");
                none(s.task(), id, "task", "a SUBMITTING job has no task yet");
                none(s.failure(), id, "failure", "a SUBMITTING job has not failed");
            }
            case OUTCOME_UNKNOWN -> {
                some(s.doubt(), id, "doubt", "an OUTCOME_UNKNOWN job records what is known of its create");
                none(s.task(), id, "task", "an OUTCOME_UNKNOWN job has no task (a found one is adopted)");
                none(s.failure(), id, "failure", "an OUTCOME_UNKNOWN job has not failed");
            }
            case PENDING, RUNNING -> {
                some(s.task(), id, "task", "a " + st + " job has a task");
                none(s.failure(), id, "failure", "a " + st + " job has not failed");
            }
            case SUCCEEDED -> {
                some(s.task(), id, "task", "a SUCCEEDED job has a task");
                none(s.failure(), id, "failure", "a SUCCEEDED job has not failed");
                need(s.results().stream().anyMatch(ResultImage::succeeded), id, "results",
                        "a SUCCEEDED job has at least one successful result");
            }
            case STORED -> {
                some(s.task(), id, "task", "a STORED job has a task");
                none(s.failure(), id, "failure", "a STORED job has not failed");
                need(s.results().stream().anyMatch(ResultImage::isStored), id, "results",
                        "a STORED job has at least one stored result");
                need(s.results().stream().noneMatch(r -> r.succeeded() && !r.isStored()), id, "results",
                        "a STORED job has every successful result stored");
            }
            case FAILED -> some(s.failure(), id, "failure", "a FAILED job records why it failed");
            case EXPIRED -> some(s.failure(), id, "failure", "an EXPIRED job records why it expired");
            case CANCELED -> {
                // cancelled before it was sent, or reported CANCELED by the service: either may have no task
            }
        }
    }

    private static void need(boolean ok, JobId id, String field, String rule) {
        if (!ok) {
            throw new InvalidSnapshot(id, field, rule);
        }
    }

    private static void some(Optional<?> value, JobId id, String field, String rule) {
        need(value.isPresent(), id, field, rule);
    }

    private static void none(Optional<?> value, JobId id, String field, String rule) {
        need(value.isEmpty(), id, field, rule);
    }
}
