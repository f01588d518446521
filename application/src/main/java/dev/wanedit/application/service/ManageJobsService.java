package dev.wanedit.application.service;

import dev.wanedit.application.port.in.JobNotFound;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.TaskSnapshot;
import java.time.Clock;
import java.util.List;

/** Use case implementation: status (with an optional refresh), cancel, and listing of journaled jobs. */
public final class ManageJobsService implements ManageJobs {

    private final JobRepository jobs;
    private final ImageEditingService editing;
    private final Reconciler reconciler;
    private final Clock clock;

    public ManageJobsService(JobRepository jobs, ImageEditingService editing, Reconciler reconciler, Clock clock) {
        this.jobs = jobs;
        this.editing = editing;
        this.reconciler = reconciler;
        this.clock = clock;
    }

    @Override
    public EditJob status(JobId id, boolean refresh) {
        EditJob job = load(id);
        if (refresh && job.state() == JobState.SUBMITTING) {
            reconciler.reconcile(job);
        }
        if (refresh && job.state().isRemoteActive()) {
            TaskSnapshot s = editing.fetch(job.task().orElseThrow());
            if (job.apply(s, clock.instant())) {
                jobs.update(job);
            }
        }
        return job;
    }

    @Override
    public EditJob cancel(JobId id) {
        EditJob job = load(id);
        if (job.state() == JobState.SUBMITTING) {
            reconciler.reconcile(job);
        }
        if (job.state() == JobState.CREATED) {
            job.cancelled(clock.instant());
            jobs.update(job);
            return job;
        }
        if (!job.state().isRemoteActive()) {
            throw new IllegalStateException("job " + id + " is " + job.state() + " and can no longer be cancelled");
        }
        editing.cancel(job.task().orElseThrow());
        TaskSnapshot after = editing.fetch(job.task().orElseThrow());
        if (job.apply(after, clock.instant())) {
            jobs.update(job);
        }
        return job;
    }

    @Override
    public List<EditJob> list(JobQuery query) {
        return jobs.list(query);
    }

    private EditJob load(JobId id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFound(id.value()));
    }
}
