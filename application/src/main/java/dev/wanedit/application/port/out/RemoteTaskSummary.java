package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.RemoteStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the service's task list, used to find creates of unknown outcome and tasks that
 * ended: the task, its model, status and creation time, and the id of the API key that created it
 * (protocol §3.2: {@code api_key_id}), which tells another key's tasks apart.
 */
public record RemoteTaskSummary(String taskId, String model, RemoteStatus status, Instant createdAt,
                                Optional<String> apiKeyId) {

    public RemoteTaskSummary {
        apiKeyId = apiKeyId == null ? Optional.empty() : apiKeyId.filter(k -> !k.isBlank());
    }

    public RemoteTaskSummary(String taskId, String model, RemoteStatus status, Instant createdAt) {
        this(taskId, model, status, createdAt, Optional.empty());
    }
}
