package dev.wanedit.application.service;

import dev.wanedit.application.policy.TaskSlots;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.domain.job.EditJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A batch line's task in flight and when to look at it next (its place in the {@link InFlightQueue}). */
final class BatchFlight {

    final ManifestLine line;
    final TaskSlots slot;
    /** Orders flights of equal due time in the queue. */
    final long seq;
    EditJob job;
    /** When to look at it next; changed only through the queue ({@link InFlightQueue#reschedule}). */
    Instant nextLook;
    int polls;
    Optional<Duration> retryAfter = Optional.empty();
    /** Whether the job holds a slot of the model's concurrent tasks (until its task is seen ended). */
    boolean slotHeld = true;
    /** The download-and-store in progress on the storing pool, or null; the job is not touched meanwhile. */
    CompletableFuture<EditJob> storing;
    long storedBefore;
    /** When the task was last queried itself (or created). */
    Instant lastPolled;
    /** The task list no longer shows the task as active: query it at once. */
    boolean listedAsEnded;

    BatchFlight(ManifestLine line, EditJob job, Instant nextLook, TaskSlots slot, Instant now, long seq) {
        this.line = line;
        this.job = job;
        this.nextLook = nextLook;
        this.slot = slot;
        this.lastPolled = now;
        this.seq = seq;
    }

    /** Gives the model's slot back, once. */
    void releaseSlot() {
        if (slotHeld) {
            slot.release(job.id());
            slotHeld = false;
        }
    }
}
