package dev.wanedit.application.port.out;

import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: results stored earlier, found from what the store wrote beside them (the sidecars:
 * request fingerprint, batch line, endpoint, task), without the journal. It is what keeps a lost or
 * emptied journal from paying for every line of a batch again, and what {@code journal rebuild}
 * reads.
 */
public interface StoredResults {

    /**
     * One job's stored results as its sidecars describe it.
     *
     * @param request the request, when the sidecars allow rebuilding it (not for inline inputs,
     *     whose data a sidecar never keeps)
     * @param destination the folder (or place) the job's results are in, as a job records it
     * @param slots how many image slots the task had
     * @param stored the stored images, each with its location, digest and size
     * @param where where they were found, for messages
     */
    record Found(JobId jobId, Optional<EditRequest> request, String fingerprint, Optional<BatchRef> batch,
                 Optional<String> endpoint, Optional<String> destination, RemoteTaskRef task, Instant createdAt, int slots,
                 List<ResultImage> stored, String where) {

        public Found {
            stored = List.copyOf(stored);
        }

        /** The job to journal for these results: STORED, with a RECOVERED event. */
        public EditJob recover(EditRequest as, Instant at) {
            return EditJob.recovered(jobId, as, fingerprint, createdAt, batch, destination, endpoint, task, slots, stored,
                    where, at);
        }
    }

    /**
     * What a whole folder holds.
     *
     * @param skipped one line per result that cannot be journaled again, saying which and why
     */
    record Scan(List<Found> jobs, List<String> skipped) {
    }

    /**
     * The stored results of the same request as {@code fresh} — same fingerprint, batch line and
     * endpoint — in the place its results go to; the newest job when there are several. Never
     * throws: a place that cannot be read holds nothing to find (the adapter says so in its log).
     */
    Optional<Found> find(EditJob fresh);

    /**
     * Every job whose results are stored in {@code place} (empty: the store's own place).
     *
     * @throws ResultStoreException when the place cannot be read
     */
    Scan scan(Optional<String> place);

    /** For stores that cannot be searched: nothing is ever found. */
    static StoredResults none() {
        return new StoredResults() {
            @Override
            public Optional<Found> find(EditJob fresh) {
                return Optional.empty();
            }

            @Override
            public Scan scan(Optional<String> place) {
                return new Scan(List.of(), List.of());
            }
        };
    }
}
