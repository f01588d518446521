package dev.wanedit.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A batch's tasks in flight, ordered by when each is due to be looked at: the scheduler takes the
 * due ones ({@link #due}), sleeps until the {@link #next} one, and never walks the tasks that are
 * not due. A flight's due time changes only through {@link #reschedule}, which keeps the order.
 */
final class InFlightQueue {

    private final TreeSet<BatchFlight> byDue = new TreeSet<>(
            Comparator.comparing((BatchFlight f) -> f.nextLook).thenComparingLong(f -> f.seq));
    private long seq;

    /** A number for the next flight, so that flights due at the same instant keep their order of arrival. */
    long nextSeq() {
        return seq++;
    }

    void add(BatchFlight f) {
        byDue.add(f);
    }

    void remove(BatchFlight f) {
        byDue.remove(f);
    }

    /** Moves a flight to its new due time. */
    void reschedule(BatchFlight f, Instant at) {
        boolean present = byDue.remove(f);
        f.nextLook = at;
        if (present) {
            byDue.add(f);
        }
    }

    /** The flights due at {@code now}, earliest first; they stay queued until removed or rescheduled. */
    List<BatchFlight> due(Instant now) {
        List<BatchFlight> out = new ArrayList<>();
        for (BatchFlight f : byDue) {
            if (f.nextLook.isAfter(now)) {
                break;
            }
            out.add(f);
        }
        return out;
    }

    /** When the earliest flight is due. */
    Optional<Instant> next() {
        return byDue.isEmpty() ? Optional.empty() : Optional.of(byDue.first().nextLook);
    }

    boolean isEmpty() {
        return byDue.isEmpty();
    }

    int size() {
        return byDue.size();
    }

    /** Every flight, in due order (a snapshot: the queue may be changed while it is walked). */
    Collection<BatchFlight> all() {
        return Collections.unmodifiableList(new ArrayList<>(byDue));
    }

    void clear() {
        byDue.clear();
    }
}
