package dev.wanedit.domain.catalog;

/**
 * Account limits for one model: task submissions per second and concurrent tasks.
 *
 * @param confirmed false when the documents give no figure and this one is indicative only
 */
public record Limits(int submitsPerSecond, int concurrentTasks, boolean confirmed) {

    public Limits {
        if (submitsPerSecond <= 0 || concurrentTasks <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
