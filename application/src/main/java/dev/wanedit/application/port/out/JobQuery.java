package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.JobState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A journal query: by states (empty = all), created since, batch, newest first, at most {@code limit}. */
public record JobQuery(Set<JobState> states, Optional<Instant> createdSince, Optional<String> batchId, int limit) {

    public JobQuery {
        states = Set.copyOf(states);
        createdSince = createdSince == null ? Optional.empty() : createdSince;
        batchId = batchId == null ? Optional.empty() : batchId;
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    public static JobQuery all() {
        return new JobQuery(Set.of(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }

    public static JobQuery inStates(Set<JobState> states) {
        return new JobQuery(states, Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }
}
