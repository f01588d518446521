package dev.wanedit.adapter.web.view;

import java.util.List;

/**
 * A whole page of jobs: the title, the summary header (counts by state, failures first, costs),
 * the notes every reader must see (signed links expire), and the jobs, failures first.
 *
 * @param studio true when the studio serves the page (live progress, links to the edit form);
 *     false for a report file, which loads nothing from outside
 * @param contentSecurityPolicy the policy the page declares for itself
 */
public record ReportView(String title, String generated, boolean studio, boolean embedded, long total, List<StateCount> states,
                         long failures, long partial, String estimatedCost, String actualCost, List<String> notes,
                         List<JobView> jobs, String contentSecurityPolicy) {

    public ReportView {
        states = List.copyOf(states);
        notes = List.copyOf(notes);
        jobs = List.copyOf(jobs);
    }

    /** True when the page holds more than one job, so the summary and the grid are shown. */
    public boolean many() {
        return jobs.size() != 1;
    }
}
