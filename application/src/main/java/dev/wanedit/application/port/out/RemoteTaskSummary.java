package dev.wanedit.application.port.out;

import dev.wanedit.domain.RemoteStatus;
import java.time.Instant;

/** One entry of the service's task list, used to reconcile creates of unknown outcome. */
public record RemoteTaskSummary(String taskId, String model, RemoteStatus status, Instant createdAt) {
}
