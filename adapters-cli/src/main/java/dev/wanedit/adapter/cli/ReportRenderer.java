package dev.wanedit.adapter.cli;

import dev.wanedit.domain.job.JobState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the HTML report of {@code wanedit report} and opens it. The CLI does not depend on the
 * web adapter; bootstrap implements this with it (and loads nothing of it unless the command runs).
 */
public interface ReportRenderer {

    /**
     * Writes the report of the selected jobs.
     *
     * @throws dev.wanedit.application.port.in.value.JobNotFound naming every given job that is not in the journal
     * @throws dev.wanedit.application.port.in.value.InvalidInput naming every given id that is not a job id
     */
    Written write(Request request);

    /**
     * Opens the file with the desktop's handler for HTML files.
     *
     * @return empty when a handler was started, else why none could be (a message for a person)
     */
    Optional<String> open(Path file);

    /**
     * What to report.
     *
     * @param jobs these jobs, in this order; when empty, the jobs that match the other fields
     * @param batch only the jobs of this batch (its id, or the manifest's path)
     * @param since only jobs created since
     * @param states only jobs in these states (empty: all)
     * @param limit at most this many jobs, newest first
     * @param output the file to write, or a folder to write it into; empty for the default
     *     (a new file in the results folder, next to the results it shows)
     * @param embed embed images as thumbnails, so the file stands alone and names no local path
     */
    record Request(List<String> jobs, Optional<String> batch, Optional<Instant> since, Set<JobState> states, int limit,
                   Optional<Path> output, boolean embed) {

        public Request {
            jobs = List.copyOf(jobs);
            batch = batch == null ? Optional.empty() : batch;
            since = since == null ? Optional.empty() : since;
            states = Set.copyOf(states);
            output = output == null ? Optional.empty() : output;
        }
    }

    /** The file written and the number of jobs it shows. */
    record Written(Path file, int jobs) {
    }
}
