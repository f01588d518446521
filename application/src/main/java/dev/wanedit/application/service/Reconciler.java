package dev.wanedit.application.service;

import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.RemoteTaskRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settles jobs left in SUBMITTING (the create call's outcome is unknown: a timeout, a reset, or a
 * crash) through the service's task list, before anything is sent again. Tasks of the same model
 * created since the create call began and not yet known to the journal are the candidates; when
 * several jobs of that model are unsettled, they are paired with candidates in creation order.
 */
public final class Reconciler {

    /**
     * Tolerance for the clock difference between this machine and the service. Too narrow a window
     * pays twice when the clocks disagree (a missed task looks "not created"); a wider one only
     * widens the set of candidates, which are still paired in creation order and exclude every
     * task the journal already knows.
     */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final ImageEditingService editing;
    private final JobRepository jobs;
    private final Clock clock;
    /** Jobs whose create call is on its way in this process right now: not stranded, never settled by another. */
    private final Set<dev.wanedit.domain.JobId> sending = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Reconciler(ImageEditingService editing, JobRepository jobs, Clock clock) {
        this.editing = editing;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The outcome of a reconciliation. */
    public enum Outcome {
        /** A task was found and recorded on the job. */
        ADOPTED,
        /** No task was created; the job is back in CREATED and may be sent. */
        NOT_CREATED,
        /**
         * The unanswered call was synchronous: nothing can show whether it ran, so the job ended
         * FAILED ({@code OUTCOME_UNKNOWN}) rather than be sent again.
         */
        GAVE_UP,
        /** The unanswered call is synchronous and may still be waiting for its answer; the job is left as it is. */
        STILL_OPEN
    }

    /**
     * The longest a synchronous call can wait for its answer (the service allows about 300 s,
     * protocol §3.4; the adapter's read timeout is the same): a synchronous call journaled as sent
     * less than this long ago may still be answered in the process that sent it.
     */
    public static final java.time.Duration SYNC_CALL_LIMIT = java.time.Duration.ofMinutes(6);

    /**
     * Settles one SUBMITTING job and writes the result to the journal.
     *
     * @return what was found
     */
    public Outcome reconcile(EditJob job) {
        if (job.state() != JobState.SUBMITTING) {
            throw new IllegalArgumentException("job " + job.id() + " is " + job.state() + ", not SUBMITTING");
        }
        if (job.isSynchronousCall()) { // a synchronous call leaves nothing in the task list to find
            Instant sent = job.submittingSince().orElse(job.createdAt());
            if (sending.contains(job.id()) || clock.instant().isBefore(sent.plus(SYNC_CALL_LIMIT))) {
                return Outcome.STILL_OPEN;
            }
            job.synchronousOutcomeUnknown(clock.instant());
            jobs.update(job);
            return Outcome.GAVE_UP;
        }
        Instant since = job.submittingSince().orElse(job.createdAt());
        Instant now = clock.instant();
        String model = job.request().model().id();
        Optional<String> endpoint = job.task().flatMap(RemoteTaskRef::endpoint);
        List<RemoteTaskSummary> candidates = editing.listTasks(new TaskSearch(job.request().region(), endpoint, model,
                        since.minus(SKEW), now.plus(SKEW))).stream()
                .filter(t -> t.model() == null || t.model().equals(model))
                .filter(t -> jobs.findByTaskId(t.taskId()).isEmpty())
                .sorted(Comparator.comparing(RemoteTaskSummary::createdAt).thenComparing(RemoteTaskSummary::taskId))
                .toList();
        List<EditJob> unsettled = unsettledLike(job);
        int position = 0;
        for (int i = 0; i < unsettled.size(); i++) {
            if (unsettled.get(i).id().equals(job.id())) {
                position = i;
            }
        }
        if (position < candidates.size()) {
            RemoteTaskSummary found = candidates.get(position);
            job.accepted(new RemoteTaskRef(found.taskId(), job.request().region(), endpoint), found.status(), now);
            jobs.update(job);
            return Outcome.ADOPTED;
        }
        job.submissionNotAccepted(now);
        jobs.update(job);
        return Outcome.NOT_CREATED;
    }

    /**
     * The task creates of unknown outcome of the same model and region as {@code job} (itself
     * included if it is one), oldest first: SUBMITTING, not synchronous (those are not in the task
     * list), and not being sent by this process right now.
     */
    List<EditJob> unsettledLike(EditJob job) {
        String model = job.request().model().id();
        return jobs.list(JobQuery.inStates(Set.of(JobState.SUBMITTING))).stream()
                .filter(j -> j.id().equals(job.id()) || !sending.contains(j.id()))
                .filter(j -> !j.isSynchronousCall())
                .filter(j -> j.request().model().id().equals(model) && j.request().region() == job.request().region())
                .sorted(Comparator.comparing((EditJob j) -> j.submittingSince().orElse(j.createdAt())).thenComparing(EditJob::id))
                .toList();
    }

    /** Marks a job's create call as on its way from this process (until {@link #sent}). */
    void sending(EditJob job) {
        sending.add(job.id());
    }

    /** The create call of a job has been answered (or failed) and its outcome journaled. */
    void sent(EditJob job) {
        sending.remove(job.id());
    }
}
