package dev.wanedit.application.port.out;

import dev.wanedit.domain.Region;
import java.time.Instant;
import java.util.Optional;

/**
 * A task-list query: tasks of a model created in [from, to] in a region, at an endpoint (empty
 * for the region's default).
 */
public record TaskSearch(Region region, Optional<String> endpoint, String model, Instant from, Instant to) {

    public TaskSearch {
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("search window ends before it starts");
        }
    }
}
