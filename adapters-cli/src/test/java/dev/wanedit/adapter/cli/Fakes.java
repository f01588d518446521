package dev.wanedit.adapter.cli;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.InputReport;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.InvalidEditRequest;
import dev.wanedit.domain.request.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small fakes of the in-ports that keep real domain objects: requests are built (and rejected)
 * by the real domain rules, with local files "read" from a table of facts.
 */
final class Fakes {

    private Fakes() {
    }

    /** The journal the fakes share. */
    static final class Journal {
        final Map<JobId, EditJob> jobs = new LinkedHashMap<>();

        EditJob require(JobId id) {
            EditJob j = jobs.get(id);
            if (j == null) {
                throw new JobNotFound(id.value());
            }
            return j;
        }

        EditJob add(EditJob j) {
            jobs.put(j.id(), j);
            return j;
        }
    }

    /** Builds requests with the real domain; local files get their facts from {@link #files}. */
    static final class Validate implements ValidateEdit {
        final Map<String, ImageFacts> files = new LinkedHashMap<>();
        EditRequestDraft lastCommand;
        SubmitMode lastMode;
        RequestPreview preview = new RequestPreview("POST",
                "https://dashscope.aliyuncs.com/api/v1/services/aigc/image2image/image-synthesis",
                Map.of("Authorization", "Bearer sk-****", "Content-Type", "application/json", "X-DashScope-Async", "enable"),
                "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"Put the clock on the shelf\"},\"parameters\":{\"n\":1}}");

        Validate() {
            files.put("shelf.jpg", Jobs.JPEG_1024x768);
        }

        @Override
        public ValidationReport validate(EditRequestDraft command, SubmitMode mode) {
            lastCommand = command;
            lastMode = mode;
            List<InputReport> inputs = new ArrayList<>();
            List<String> images = command.imageReferences();
            for (int i = 0; i < images.size(); i++) {
                String given = images.get(i);
                inputs.add(new InputReport("images[" + i + "]", given, ImageInput.classify(given),
                        Optional.ofNullable(files.get(given))));
            }
            EditRequestDraft draft = resolved(command);
            EditRequestDraft.Findings findings = draft.findings();
            if (!findings.errors().isEmpty()) {
                return new ValidationReport(inputs, findings.errors(), findings.warnings(), Optional.empty(), Optional.empty(),
                        Optional.empty());
            }
            EditRequest r = draft.build();
            return new ValidationReport(inputs, findings.errors(), findings.warnings(), Optional.of(r),
                    Optional.of(r.expectedOutput()), Optional.of(preview));
        }

        @Override
        public EditRequest prepare(EditRequestDraft command) {
            lastCommand = command;
            return resolved(command).build();
        }

        /** Local files by name from {@link #files}; a mask that is not there is unreadable. */
        private EditRequestDraft resolved(EditRequestDraft c) {
            return c.copy().resolveImages((field, given, mask, problems) -> {
                ImageFacts facts = files.get(given);
                if (facts == null && mask) {
                    throw new UnreadableImage(given, "not a PNG, JPEG, BMP, TIFF or WEBP image");
                }
                if (facts == null) {
                    problems.accept(Violation.error(field, "\"" + given + "\"", "no such file"));
                    return Optional.empty();
                }
                return Optional.of(new ImageInput.LocalImage(Path.of(given), facts));
            });
        }
    }

    /** Journals the job and "creates" a PENDING task, or throws {@link #failure}. */
    static final class Submit implements SubmitEdit {
        final Journal journal;
        RuntimeException failure;
        SubmitOptions lastOptions;
        int calls;
        /** When set, returned instead of a new job, as SubmitEdit does for a request with a live job. */
        EditJob existing;

        Submit(Journal journal) {
            this.journal = journal;
        }

        @Override
        public SubmitOutcome submit(EditRequest request, SubmitOptions options) {
            calls++;
            lastOptions = options;
            if (failure instanceof dev.wanedit.domain.request.InvalidEditRequest i) {
                return SubmitOutcome.Rejected.byRules(i.violations());
            }
            if (failure instanceof dev.wanedit.application.port.out.RemoteServiceException.Rejected r) {
                EditJob j = Jobs.created(request); // as the service does: journaled FAILED with the reason
                j.beginSubmission(Jobs.T0);
                j.rejected(new dev.wanedit.domain.job.JobFailure(dev.wanedit.domain.job.JobFailure.Kind.REJECTED, r.code(),
                        r.getMessage()), Jobs.T0);
                return SubmitOutcome.Rejected.byService(journal.add(j), r);
            }
            if (failure != null) {
                throw failure;
            }
            if (existing != null && !options.force()) {
                return new SubmitOutcome.Reused(journal.add(existing));
            }
            EditJob j = Jobs.created(request);
            j.beginSubmission(Jobs.T0);
            j.accepted(new RemoteTaskRef("task-" + j.id().value().substring(20), request.region(), Optional.empty()),
                    RemoteStatus.PENDING, Jobs.T0);
            return new SubmitOutcome.Sent(journal.add(j));
        }
    }

    /** What a wait does: by default two polls, then every image stored. */
    @FunctionalInterface
    interface WaitBehaviour {
        EditJob await(EditJob job, ProgressListener progress) throws InterruptedException;
    }

    static final class Await implements AwaitJob {
        final Journal journal;
        Duration lastDeadline;
        int calls;
        WaitBehaviour behaviour = (job, progress) -> {
            progress.polled(job, 1, Duration.ofSeconds(3));
            job.apply(dev.wanedit.domain.job.TaskSnapshot.of(job.task().orElseThrow().taskId(), RemoteStatus.RUNNING), Jobs.T0);
            progress.polled(job, 2, Duration.ofSeconds(12));
            Jobs.stored(job, 0);
            job.results().forEach(r -> progress.stored(job, r));
            return job;
        };

        Await(Journal journal) {
            this.journal = journal;
        }

        @Override
        public AwaitOutcome await(JobId id, Duration deadline, ProgressListener progress) {
            calls++;
            lastDeadline = deadline;
            EditJob job = journal.require(id);
            try { // as AwaitJobService turns what its wait throws into the outcome
                return new AwaitOutcome.Finished(behaviour.await(job, progress));
            } catch (dev.wanedit.application.port.in.value.WaitTimedOut e) {
                return new AwaitOutcome.TimedOut(e.job());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AwaitOutcome.Interrupted(job);
            }
        }
    }

    static final class Manage implements ManageJobs {
        final Journal journal;
        JobQuery lastQuery;
        boolean lastRefresh;
        RuntimeException cancelFailure;
        int cancels;

        Manage(Journal journal) {
            this.journal = journal;
        }

        @Override
        public EditJob status(JobId id, boolean refresh) {
            lastRefresh = refresh;
            return journal.require(id);
        }

        @Override
        public EditJob cancel(JobId id) {
            cancels++;
            EditJob j = journal.require(id);
            if (cancelFailure != null) {
                throw cancelFailure;
            }
            if (j.state() == JobState.PENDING || j.state() == JobState.CREATED) {
                j.cancelled(Jobs.T0.plusSeconds(2));
            }
            return j;
        }

        @Override
        public java.util.Map<dev.wanedit.domain.job.JobId, dev.wanedit.application.port.in.value.JobOwner> owners(
                java.util.Collection<dev.wanedit.domain.job.JobId> ids) {
            return owners.entrySet().stream().filter(e -> ids.contains(e.getKey()))
                    .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
        }

        final java.util.Map<dev.wanedit.domain.job.JobId, dev.wanedit.application.port.in.value.JobOwner> owners = new java.util.HashMap<>();

        @Override
        public List<EditJob> list(JobQuery query) {
            lastQuery = query;
            return journal.jobs.values().stream().filter(j -> query.states().isEmpty() || query.states().contains(j.state()))
                    .limit(query.limit()).toList();
        }
    }

    static final class Resume implements ResumeJobs {
        List<EditJob> result = List.of();
        /** Jobs another live process holds: reported as left to it. */
        List<EditJob> leftToOwner = List.of();
        boolean interrupt;
        Duration lastDeadline;

        boolean lastRetarget;

        @Override
        public List<Resumed> resume(Duration deadlinePerJob, boolean retarget, ProgressListener progress)
                throws InterruptedException {
            lastDeadline = deadlinePerJob;
            lastRetarget = retarget;
            if (interrupt) {
                throw new InterruptedException();
            }
            for (EditJob j : result) {
                progress.polled(j, 1, Duration.ofSeconds(1));
            }
            return java.util.stream.Stream.concat(result.stream().map(j -> new Resumed(j, j.state().isFinal()
                    ? java.util.Optional.empty() : java.util.Optional.of("its task is still " + j.state()))),
                    leftToOwner.stream().map(j -> new Resumed(j, java.util.Optional.of("being worked on by pid 4242 on "
                            + "host-b; it is left to that process"), true))).toList();
        }
    }

    static InvalidEditRequest invalid(Violation... vs) {
        return new InvalidEditRequest(List.of(vs));
    }
}
