package dev.wanedit.application.service;

import dev.wanedit.application.port.in.ProgressListener;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.WaitTimedOut;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Use case implementation: finishes every unfinished job, oldest first. Jobs never sent are
 * sent; creates of unknown outcome are reconciled first; running tasks are awaited and their
 * results stored. A job that fails again stays in the journal for the next resume.
 */
public final class ResumeJobsService implements ResumeJobs {

    private final JobRepository jobs;
    private final SubmitEditService submitter;
    private final AwaitJobService awaiter;

    public ResumeJobsService(JobRepository jobs, SubmitEditService submitter, AwaitJobService awaiter) {
        this.jobs = jobs;
        this.submitter = submitter;
        this.awaiter = awaiter;
    }

    @Override
    public List<EditJob> resume(Duration deadlinePerJob, ProgressListener progress) throws InterruptedException {
        List<EditJob> todo = jobs.list(JobQuery.inStates(JobState.unfinished())).stream()
                .sorted(Comparator.comparing(EditJob::createdAt).thenComparing(EditJob::id)).toList();
        List<EditJob> done = new ArrayList<>();
        for (EditJob job : todo) {
            EditJob current = jobs.find(job.id()).orElse(job);
            try {
                if (current.state() == JobState.CREATED || current.state() == JobState.SUBMITTING) {
                    current = submitter.send(current, SubmitMode.ASYNC);
                }
                current = awaiter.await(current, deadlinePerJob, progress);
            } catch (WaitTimedOut e) {
                current = e.job();
            } catch (RemoteServiceException e) {
                current = jobs.find(job.id()).orElse(current);
            }
            done.add(current);
        }
        return done;
    }
}
