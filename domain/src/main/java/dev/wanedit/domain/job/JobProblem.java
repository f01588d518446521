package dev.wanedit.domain.job;

import java.time.Instant;

/**
 * The latest problem that kept a job from moving on without ending it: a result that could not be
 * downloaded or stored yet (the job stays SUCCEEDED and resumable). Cleared when the job moves on.
 *
 * @param code a short machine-readable name ({@code download_failed}, {@code download_denied},
 *     {@code store_failed})
 */
public record JobProblem(Instant at, String code, String message) {

    public JobProblem {
        if (at == null || code == null || code.isBlank()) {
            throw new IllegalArgumentException("a job problem has a time and a code");
        }
        message = message == null ? "" : message;
    }

    @Override
    public String toString() {
        return code + (message.isEmpty() ? "" : ": " + message);
    }
}
