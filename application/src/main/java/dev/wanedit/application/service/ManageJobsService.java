package dev.wanedit.application.service;

import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.JobOwner;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.TaskSnapshot;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Use case implementation: status (a refresh always asks the service: one task query, or one
 * search of the task list for a create of unknown outcome), cancel, and listing of journaled jobs.
 */
public final class ManageJobsService implements ManageJobs {

    private final JobRepository jobs;
    private final ImageEditingService editing;
    private final TaskPoller poller;
    private final Reconciler reconciler;
    private final Clock clock;
    private final JobLeases leases;

    public ManageJobsService(JobRepository jobs, ImageEditingService editing, TaskPoller poller, Reconciler reconciler,
                             Clock clock, JobLeases leases) {
        this.leases = leases;
        this.jobs = jobs;
        this.editing = editing;
        this.poller = poller;
        this.reconciler = reconciler;
        this.clock = clock;
    }

    @Override
    public EditJob status(JobId id, boolean refresh) {
        EditJob job = load(id);
        if (!refresh) {
            return job;
        }
        boolean heldBefore = ownedHere(id);
        if (!leases.acquire(id)) {
            return job; // another process is working on it and journals what it learns; owners() says who
        }
        try {
            return refreshed(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return load(id);
        } catch (ConcurrentJobUpdate e) {
            return load(id);
        } finally {
            if (!heldBefore) {
                leases.release(id);
            }
        }
    }

    private boolean ownedHere(JobId id) {
        LeaseOwner o = leases.holders(List.of(id)).get(id);
        return o != null && o.id().equals(leases.self().id());
    }

    private EditJob refreshed(EditJob job) throws InterruptedException {
        settleOnce(job);
        if (job.task().isPresent() && job.state() != JobState.STORED) {
            TaskSnapshot s = poller.fetch(job);
            boolean changed = switch (job.state()) {
                case PENDING, RUNNING -> job.apply(s, clock.instant());
                case EXPIRED -> job.revive(s, clock.instant());
                case SUCCEEDED -> job.refreshResultUrls(s, clock.instant());
                case CREATED, SUBMITTING, OUTCOME_UNKNOWN, STORED, FAILED, CANCELED -> false;
            };
            if (changed) {
                jobs.update(job);
            }
        }
        return job;
    }

    /** One step towards knowing what became of a create of unknown outcome. */
    private void settleOnce(EditJob job) throws InterruptedException {
        if ((job.state() == JobState.SUBMITTING || job.state() == JobState.OUTCOME_UNKNOWN) && !ownedHere(job.id())
                && !leases.acquire(job.id())) {
            return; // being sent or searched for by another process
        }
        if (job.state() == JobState.SUBMITTING && !reconciler.isSending(job.id())) {
            reconciler.stranded(job);
        }
        if (job.state() == JobState.OUTCOME_UNKNOWN) {
            reconciler.look(job);
        }
    }

    @Override
    public EditJob cancel(JobId id) {
        try {
            return cancelNow(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return load(id);
        }
    }

    /**
     * Cancels with any lease it took for settling the job given back at the end (a service that embeds
     * wanedit lives on, and a lease it kept would make every other process skip the job); a job
     * another process changed meanwhile is read again and decided again.
     */
    private EditJob cancelNow(JobId id) throws InterruptedException {
        boolean heldBefore = ownedHere(id);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return cancelOnce(id);
                } catch (ConcurrentJobUpdate e) {
                    if (attempt == CANCEL_ATTEMPTS) {
                        return load(id);
                    }
                }
            }
        } finally {
            if (!heldBefore) {
                leases.release(id);
            }
        }
    }

    /** Reads of a job that another process keeps changing before cancel gives up and reports it as it is. */
    private static final int CANCEL_ATTEMPTS = 3;

    private EditJob cancelOnce(JobId id) throws InterruptedException {
        EditJob job = load(id);
        settleOnce(job);
        if (job.state() == JobState.CREATED) {
            job.cancelled(clock.instant());
            jobs.update(job);
            return job;
        }
        if (job.state() == JobState.OUTCOME_UNKNOWN || job.state() == JobState.SUBMITTING) {
            job = load(id);
        }
        if (job.state() == JobState.OUTCOME_UNKNOWN || job.state() == JobState.SUBMITTING) {
            throw new RemoteServiceException.OutcomeUnknown("job " + id + " cannot be cancelled yet: whether its create "
                    + "reached the service is still unknown (the task list is being searched for it); try again shortly",
                    job.doubt().map(d -> d.cause()).orElse(dev.wanedit.domain.job.CreateDoubt.Cause.NO_ANSWER), 0, null);
        }
        if (!job.state().isRemoteActive()) {
            throw new IllegalStateException("job " + id + " is " + job.state() + " and can no longer be cancelled");
        }
        editing.cancel(job.task().orElseThrow());
        TaskSnapshot after = poller.fetch(job);
        try {
            if (job.apply(after, clock.instant())) {
                jobs.update(job);
            }
        } catch (ConcurrentJobUpdate e) {
            return load(id); // the process working on it journaled the change itself
        }
        return job;
    }

    @Override
    public List<EditJob> list(JobQuery query) {
        return jobs.list(query);
    }

    @Override
    public Map<JobId, JobOwner> owners(Collection<JobId> ids) {
        Map<JobId, JobOwner> out = new HashMap<>();
        String self = leases.self().id();
        leases.holders(ids).forEach((id, o) -> out.put(id, new JobOwner(o.host(), o.pid(), o.expiresAt(), o.id().equals(self))));
        return out;
    }

    private EditJob load(JobId id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFound(id.value()));
    }
}
