package dev.wanedit.emulator;

/**
 * What a create does when its model already has as many PENDING/RUNNING tasks as its concurrency
 * limit allows. The documents give the limit ("concurrent tasks") but not what happens above it.
 */
public enum OverConcurrency {
    /**
     * Refuse at once with 429 {@code Throttling.AllocationQuota}; nothing is created (the default).
     * The stricter reading: a client that copes with it also copes with queueing, not the reverse,
     * and a refused create costs nothing.
     */
    REJECT,
    /**
     * Accept the task and keep it PENDING until a running task of the model ends (the documents: "the
     * actual time depends on the number of tasks in the queue"); its start is fixed at creation, as
     * the first moment the model's RUNNING tasks would stay within the limit.
     */
    QUEUE;

    /** Parses {@code reject} or {@code queue}, case-insensitively. */
    public static OverConcurrency parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        for (OverConcurrency o : values()) {
            if (o.name().toLowerCase(java.util.Locale.ROOT).equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("over-concurrency must be reject or queue, got '" + text + "'");
    }

    /** {@code reject} or {@code queue}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
