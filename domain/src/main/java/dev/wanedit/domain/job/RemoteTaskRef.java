package dev.wanedit.domain.job;

import dev.wanedit.domain.catalog.Region;
import java.util.Optional;

/**
 * Where a remote task lives: its id, the region, and the endpoint base URL it was submitted to
 * when that was not the region's default (an emulator, a proxy, a workspace host), so that
 * {@code resume} queries the same place.
 */
public record RemoteTaskRef(String taskId, Region region, Optional<String> endpoint) {

    public RemoteTaskRef {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be blank");
        }
        if (region == null) {
            throw new IllegalArgumentException("region must not be null");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint.filter(e -> !e.isBlank());
    }
}
