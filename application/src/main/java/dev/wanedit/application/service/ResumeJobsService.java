package dev.wanedit.application.service;

import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Use case implementation: finishes every unfinished job, oldest first. Jobs never sent are
 * sent; creates of unknown outcome are searched for first; running tasks are awaited and their
 * results stored. A job that fails again stays in the journal for the next resume, with the reason.
 */
public final class ResumeJobsService implements ResumeJobs {

    private final JobRepository jobs;
    private final SubmitEditService submitter;
    private final AwaitJobService awaiter;
    private final ImageEditingService editing;
    private final Limiters limiters;
    private final java.time.Clock clock;
    private final JobLeases leases;

    public ResumeJobsService(JobRepository jobs, SubmitEditService submitter, AwaitJobService awaiter,
                             ImageEditingService editing, Limiters limiters, java.time.Clock clock, JobLeases leases) {
        this.clock = clock;
        this.leases = leases;
        this.jobs = jobs;
        this.submitter = submitter;
        this.awaiter = awaiter;
        this.editing = editing;
        this.limiters = limiters;
    }

    @Override
    public List<Resumed> resume(Duration deadlinePerJob, boolean retarget, ProgressListener progress)
            throws InterruptedException {
        List<EditJob> todo = jobs.list(JobQuery.inStates(JobState.unfinished())).stream()
                .sorted(Comparator.comparing(EditJob::createdAt).thenComparing(EditJob::id)).toList();
        List<Resumed> done = new ArrayList<>();
        Optional<String> here = editing.endpoint();
        for (EditJob job : todo) {
            if (!leases.acquire(job.id())) {
                // another live process is working on it: leave it to that process, and say who
                LeaseOwner owner = leases.holders(List.of(job.id())).get(job.id());
                done.add(new Resumed(jobs.find(job.id()).orElse(job), Optional.of("being worked on by "
                        + (owner == null ? "another process" : owner.describe() + " (its lease holds until "
                        + owner.expiresAt() + ")") + "; it is left to that process"), true));
                continue;
            }
            try {
                done.add(resumeOne(job, here, retarget, deadlinePerJob, progress));
            } catch (ConcurrentJobUpdate e) {
                done.add(new Resumed(jobs.find(job.id()).orElse(job), Optional.of("another process took it over while "
                        + "this one worked on it"), true));
            } finally {
                leases.release(job.id());
            }
        }
        return done;
    }

    private Resumed resumeOne(EditJob job, Optional<String> here, boolean retarget, Duration deadlinePerJob,
                              ProgressListener progress) throws InterruptedException {
        EditJob current = jobs.find(job.id()).orElse(job);
        {
            Optional<String> meant = current.task().flatMap(t -> t.endpoint()).or(current::endpoint);
            if (!meant.equals(here)) {
                if (!retarget) {
                    return new Resumed(current, Optional.of(current.endpointUnknown()
                            ? "created by an older wanedit that did not record where it was to be sent: run resume with the "
                                    + "--endpoint it was meant for and --retarget to send it there"
                            : "created for " + where(meant) + ", not " + where(here) + ": run resume with "
                                    + howToReach(meant, here) + " (or add --retarget to send it to " + where(here) + ")"));
                }
                // A job never sent moves; a create of unknown outcome is searched for where it went, unless
                // an older journal did not record where that was.
                if (current.task().isEmpty() && (current.state() == JobState.CREATED || current.endpointUnknown())) {
                    current.retarget(here, clock.instant());
                    jobs.update(current);
                }
            }
            Optional<String> reason = Optional.empty();
            try {
                if (current.state() == JobState.CREATED || current.state() == JobState.SUBMITTING
                        || current.state() == JobState.OUTCOME_UNKNOWN) {
                    current = submitter.send(current, SubmitMode.ASYNC, limiters.submissions(current.request().model()),
                            deadlinePerJob);
                }
                current = awaiter.await(current, deadlinePerJob, progress);
            } catch (WaitTimedOut e) {
                current = e.job();
                reason = Optional.of(e.getMessage());
            } catch (RemoteServiceException e) {
                current = jobs.find(job.id()).orElse(current);
                reason = Optional.of(e.summary());
            } catch (dev.wanedit.application.port.out.UnreadableImage e) {
                // an input in the user's bucket that cannot be signed now (no OSS settings or credentials): not sent
                current = jobs.find(job.id()).orElse(current);
                reason = Optional.of("not sent: input " + e.getMessage());
            }
            if (reason.isEmpty()) {
                reason = why(current);
            }
            return new Resumed(current, reason);
        }
    }

    /**
     * The options that point resume at {@code meant}: an endpoint that is not http(s) is another
     * provider's own (the local provider's is its folder's {@code file:} URL), chosen by
     * {@code --provider}, not by {@code --endpoint}.
     */
    private static String howToReach(Optional<String> meant, Optional<String> here) {
        if (meant.filter(e -> !isHttp(e)).isPresent()) {
            return "--provider local (the provider that created it)";
        }
        String endpoint = meant.map(e -> "--endpoint " + e).orElse("no --endpoint");
        return here.filter(e -> !isHttp(e)).isPresent() ? "--provider dashscope and " + endpoint : endpoint;
    }

    private static boolean isHttp(String endpoint) {
        String e = endpoint.toLowerCase(java.util.Locale.ROOT);
        return e.startsWith("http://") || e.startsWith("https://");
    }

    private static String where(Optional<String> endpoint) {
        return endpoint.map(e -> "endpoint " + e).orElse("the region's own host");
    }

    /** Why a job is not finished, from what it records. */
    static Optional<String> why(EditJob j) {
        return switch (j.state()) {
            case STORED, FAILED, CANCELED, EXPIRED -> Optional.empty();
            case SUCCEEDED -> Optional.of(j.problem().map(Object::toString).orElse("results not stored yet")
                    + j.resultsExpireAt().map(t -> "; paid for and kept until its URL expires at " + t).orElse(""));
            case OUTCOME_UNKNOWN -> Optional.of("whether the create reached the service is still unknown"
                    + j.doubt().map(d -> " (" + d.detail() + "; searched " + d.looks() + " times"
                            + (d.candidates().isEmpty() ? "" : ", candidates " + String.join(", ", d.candidates())) + ")")
                            .orElse(""));
            case CREATED -> Optional.of("not sent yet");
            case SUBMITTING -> Optional.of("its create is being sent");
            case PENDING, RUNNING -> Optional.of("its task is still " + j.state());
        };
    }
}
