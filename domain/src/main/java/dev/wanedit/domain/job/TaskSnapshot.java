package dev.wanedit.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A remote task as one query saw it. Times are instants (the service writes UTC+8 without a zone;
 * the adapter converts). A SUCCEEDED task may carry failed image slots (partial success). The
 * {@link RequestEcho} holds what the answer says about the request that created the task, which is
 * how a task found in the task list is told to be (or not to be) a job's own.
 */
public record TaskSnapshot(String taskId, RemoteStatus status, Optional<Instant> submitTime,
                           Optional<Instant> scheduledTime, Optional<Instant> endTime, List<RemoteResult> results,
                           Optional<Usage> usage, Optional<String> code, Optional<String> message, RequestEcho echo) {

    /**
     * What a task answer repeats of its request: the prompt as sent ({@code orig_prompt}, on the
     * results of an ended wan2.5/wanx2.1 task, seed 000), how many images were asked for (the
     * {@code TOTAL} of {@code task_metrics}), and the output size the service reports ({@code usage.size}).
     */
    public record RequestEcho(Optional<String> prompt, OptionalInt imagesRequested, Optional<String> size) {

        public static final RequestEcho NONE = new RequestEcho(Optional.empty(), OptionalInt.empty(), Optional.empty());

        public RequestEcho {
            prompt = prompt == null ? Optional.empty() : prompt;
            imagesRequested = imagesRequested == null ? OptionalInt.empty() : imagesRequested;
            size = size == null ? Optional.empty() : size;
        }

        /** True when the answer repeats nothing of the request. */
        public boolean isEmpty() {
            return prompt.isEmpty() && imagesRequested.isEmpty() && size.isEmpty();
        }
    }

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
        echo = echo == null ? RequestEcho.NONE : echo;
    }

    /** A snapshot whose answer repeats nothing of the request. */
    public TaskSnapshot(String taskId, RemoteStatus status, Optional<Instant> submitTime, Optional<Instant> scheduledTime,
                        Optional<Instant> endTime, List<RemoteResult> results, Optional<Usage> usage, Optional<String> code,
                        Optional<String> message) {
        this(taskId, status, submitTime, scheduledTime, endTime, results, usage, code, message, RequestEcho.NONE);
    }

    /** A snapshot that carries only a status. */
    public static TaskSnapshot of(String taskId, RemoteStatus status) {
        return new TaskSnapshot(taskId, status, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This snapshot with what the answer repeats of its request. */
    public TaskSnapshot withEcho(RequestEcho e) {
        return new TaskSnapshot(taskId, status, submitTime, scheduledTime, endTime, results, usage, code, message, e);
    }
}
