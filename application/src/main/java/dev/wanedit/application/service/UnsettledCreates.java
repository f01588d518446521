package dev.wanedit.application.service;

import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal's creates whose outcome is not known yet, as the {@link Reconciler} pairs them with
 * tasks: OUTCOME_UNKNOWN, or SUBMITTING and not being sent by this process right now.
 */
final class UnsettledCreates {

    private final JobRepository jobs;
    /** Jobs whose create call is on its way in this process right now: not stranded, never settled by another. */
    private final Set<JobId> sending = ConcurrentHashMap.newKeySet();

    UnsettledCreates(JobRepository jobs) {
        this.jobs = jobs;
    }

    void sending(EditJob job) {
        sending.add(job.id());
    }

    void sent(EditJob job) {
        sending.remove(job.id());
    }

    boolean isSending(JobId id) {
        return sending.contains(id);
    }

    /**
     * This journal's creates of unknown outcome of the same request (fingerprint) at the same
     * endpoint, the job itself included, oldest first.
     */
    List<EditJob> sameRequest(EditJob job) {
        return like(job).stream().filter(j -> j.fingerprint().equals(job.fingerprint())).toList();
    }

    /**
     * The creates of unknown outcome of the same model, region and endpoint as {@code job} (itself
     * included if it is one), oldest first: OUTCOME_UNKNOWN, or SUBMITTING and not being sent by
     * this process; never synchronous calls (those are not in the task list).
     */
    List<EditJob> like(EditJob job) {
        String model = job.request().model().id();
        return jobs.list(JobQuery.inStates(Set.of(JobState.SUBMITTING, JobState.OUTCOME_UNKNOWN))).stream()
                .filter(j -> j.id().equals(job.id()) || !sending.contains(j.id()))
                .filter(j -> !j.isSynchronousCall())
                .filter(j -> j.request().model().id().equals(model) && j.request().region() == job.request().region()
                        && j.endpoint().equals(job.endpoint()))
                .sorted(Comparator.comparing((EditJob j) -> j.doubt().map(CreateDoubt::sentAt)
                        .or(j::submittingSince).orElse(j.createdAt())).thenComparing(EditJob::id))
                .toList();
    }
}
