package dev.wanedit.application.port.out;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.RemoteStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A task-list query: tasks of a model created in [from, to] in a region, at an endpoint (empty
 * for the region's default), optionally only those in one status.
 */
public record TaskSearch(Region region, Optional<String> endpoint, String model, Instant from, Instant to,
                         Optional<RemoteStatus> status) {

    /** The longest window one task-list call may span (protocol §3.2: 24 h, unconfirmed). */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);

    public TaskSearch {
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        status = status == null ? Optional.empty() : status;
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("search window ends before it starts");
        }
    }

    /** Tasks in any status. */
    public TaskSearch(Region region, Optional<String> endpoint, String model, Instant from, Instant to) {
        this(region, endpoint, model, from, to, Optional.empty());
    }

    /** The same search for tasks in one status. */
    public TaskSearch inStatus(RemoteStatus wanted) {
        return new TaskSearch(region, endpoint, model, from, to, Optional.of(wanted));
    }
}
