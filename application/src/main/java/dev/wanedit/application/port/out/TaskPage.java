package dev.wanedit.application.port.out;

import java.util.List;

/** One page of the service's task list: its entries, its number (from 1) and how many pages the search has. */
public record TaskPage(List<RemoteTaskSummary> tasks, int page, int totalPages) {

    public TaskPage {
        tasks = List.copyOf(tasks);
        if (page < 1) {
            throw new IllegalArgumentException("pages are numbered from 1, got " + page);
        }
        totalPages = Math.max(0, totalPages);
    }

    /** True if a later page may hold more entries. */
    public boolean hasNext() {
        return page < totalPages && !tasks.isEmpty();
    }
}
