package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import java.util.Optional;

/**
 * What a create call returned: the task and its first status; for a synchronous call also the
 * final snapshot with results.
 */
public record Submission(RemoteTaskRef task, RemoteStatus status, Optional<TaskSnapshot> finalSnapshot, String requestId) {

    public Submission {
        finalSnapshot = finalSnapshot == null ? Optional.empty() : finalSnapshot;
        requestId = requestId == null ? "" : requestId;
    }
}
