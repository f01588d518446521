package dev.wanedit.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known about a create call whose outcome is unknown (a job in
 * {@link JobState#OUTCOME_UNKNOWN}): when it was sent, why its answer is missing, how often the task
 * list has been searched for it, and the candidate tasks that could not be told apart from it.
 *
 * @param sentAt when the create call was sent (the window in which its task would have been created)
 * @param cause why the outcome is unknown
 * @param detail what happened on the wire, for people
 * @param looks how many times the task list has been searched for the task
 * @param lastLook when it was last searched
 * @param candidates the tasks that match the request but could not be told apart (ambiguous)
 */
public record CreateDoubt(Instant sentAt, Cause cause, String detail, int looks, Optional<Instant> lastLook,
                          List<String> candidates) {

    /** Why a create call's outcome is unknown. */
    public enum Cause {
        /** Sent, and no answer came back: a timeout, or the connection reset or closed after sending. */
        NO_ANSWER,
        /** A gateway in front of the service answered for it (502/504 or a 5xx page without a service code). */
        GATEWAY_ERROR,
        /**
         * The service answered 2xx, so it took the task, but the body could not be read (cut short,
         * garbled, no task id). The task exists: it is never sent again, only looked for.
         */
        UNREADABLE_ANSWER,
        /** The process that was sending the create ended before its answer was journaled (a crash, a kill). */
        INTERRUPTED
    }

    public CreateDoubt {
        if (sentAt == null || cause == null) {
            throw new IllegalArgumentException("a create doubt has a send time and a cause");
        }
        if (looks < 0) {
            throw new IllegalArgumentException("looks must not be negative");
        }
        detail = detail == null ? "" : detail;
        lastLook = lastLook == null ? Optional.empty() : lastLook;
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** A fresh doubt: nothing searched yet. */
    public static CreateDoubt of(Instant sentAt, Cause cause, String detail) {
        return new CreateDoubt(sentAt, cause, detail, 0, Optional.empty(), List.of());
    }

    /** True when the service certainly took the task (it answered 2xx): it must never be sent again. */
    public boolean taken() {
        return cause == Cause.UNREADABLE_ANSWER;
    }

    /** This doubt after one more search of the task list, which found these indistinguishable candidates. */
    public CreateDoubt lookedAt(Instant at, List<String> ambiguous) {
        return new CreateDoubt(sentAt, cause, detail, looks + 1, Optional.of(at), ambiguous);
    }
}
