package dev.wanedit.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A remote task as one query saw it. Times are instants (the service writes UTC+8 without a zone;
 * the adapter converts). A SUCCEEDED task may carry failed image slots (partial success).
 */
public record TaskSnapshot(String taskId, RemoteStatus status, Optional<Instant> submitTime,
                           Optional<Instant> scheduledTime, Optional<Instant> endTime, List<RemoteResult> results,
                           Optional<Usage> usage, Optional<String> code, Optional<String> message) {

    public TaskSnapshot {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        submitTime = submitTime == null ? Optional.empty() : submitTime;
        scheduledTime = scheduledTime == null ? Optional.empty() : scheduledTime;
        endTime = endTime == null ? Optional.empty() : endTime;
        results = results == null ? List.of() : List.copyOf(results);
        usage = usage == null ? Optional.empty() : usage;
        code = code == null ? Optional.empty() : code;
        message = message == null ? Optional.empty() : message;
    }

    /** A snapshot that carries only a status. */
    public static TaskSnapshot of(String taskId, RemoteStatus status) {
        return new TaskSnapshot(taskId, status, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
