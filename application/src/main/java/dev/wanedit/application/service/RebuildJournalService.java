package dev.wanedit.application.service;

import dev.wanedit.application.port.in.RebuildJournal;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.domain.job.EditJob;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Use case implementation: every stored job the sidecars describe and the journal lacks is
 * journaled STORED (its request, fingerprint, batch line, endpoint and task as the sidecars say).
 * A job is taken as known when the journal has its id, or has a job for its batch line (whatever
 * that job's state: the line is the journal's business then). Running it twice journals nothing
 * the second time; two processes running it at once lose nothing (an insert that meets the other's
 * row counts as known).
 */
public final class RebuildJournalService implements RebuildJournal {

    private final JobRepository jobs;
    private final StoredResults stored;
    private final Clock clock;
    private final String place;

    /** @param place the output folder, for the report */
    public RebuildJournalService(JobRepository jobs, StoredResults stored, Clock clock, String place) {
        this.jobs = jobs;
        this.stored = stored;
        this.clock = clock;
        this.place = place;
    }

    @Override
    public Report rebuild() {
        StoredResults.Scan scan = stored.scan(Optional.empty());
        List<EditJob> journaled = new ArrayList<>();
        List<String> skipped = new ArrayList<>(scan.skipped());
        int known = 0;
        for (StoredResults.Found f : scan.jobs()) {
            if (jobs.find(f.jobId()).isPresent()
                    || f.batch().flatMap(b -> jobs.findByBatchLine(b.batchId(), b.lineKey())).isPresent()) {
                known++;
                continue;
            }
            if (f.request().isEmpty()) {
                continue; // the scan said why
            }
            EditJob job = f.recover(f.request().get(), clock.instant());
            try {
                jobs.insert(job);
                journaled.add(job);
            } catch (JobRepositoryException e) {
                if (jobs.find(f.jobId()).isPresent()) {
                    known++; // another process journaled it meanwhile
                } else {
                    throw e;
                }
            }
        }
        return new Report(place, journaled, known, skipped);
    }
}
