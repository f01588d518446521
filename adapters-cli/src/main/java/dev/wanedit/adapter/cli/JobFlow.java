package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.ProgressDisplay;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * The steps {@code edit}, {@code generate}, {@code wait} and {@code resume} share: prepare and
 * submit, wait with progress, report where the results went, and the Ctrl-C and timeout paths.
 */
final class JobFlow {

    private final ValidateEdit validate;
    private final SubmitEdit submit;
    private final AwaitJob await;
    private final ManageJobs jobs;
    private final CliContext context;
    final TextOutput text;
    final JsonOutput json;
    private final ErrorReport errors;

    JobFlow(ValidateEdit validate, SubmitEdit submit, AwaitJob await, ManageJobs jobs, CliContext context,
            SidecarLocator sidecars) {
        this.validate = validate;
        this.submit = submit;
        this.await = await;
        this.jobs = jobs;
        this.context = context;
        this.text = new TextOutput(sidecars);
        this.json = new JsonOutput(sidecars);
        this.errors = new ErrorReport(json, text, Redaction::redact);
    }

    /** validate, show the cost, submit, wait, report. */
    int submitAndWait(BaseCommand cmd, EditRequestDraft edit, EditOptions.Run run) throws InterruptedException {
        GlobalOptions g = cmd.globals();
        PrintWriter out = cmd.out();
        EditRequest request = validate.prepare(edit);
        if (cmd.chatty()) {
            TextOutput.violations(cmd.err(), request.warnings(), "");
            out.println(request.model().id() + " in " + request.region().id() + ": "
                    + TextOutput.expected(request.expectedOutput()));
            out.flush();
        }
        SubmitMode mode = run.sync ? SubmitMode.SYNC : SubmitMode.ASYNC;
        SubmitOutcome outcome = submit.submit(request, new SubmitOptions(mode, run.force, Optional.empty()));
        if (outcome instanceof SubmitOutcome.Rejected r) {
            return rejected(cmd, r);
        }
        EditJob job = outcome.journaled().orElseThrow();
        if (cmd.chatty()) {
            String task = job.task().map(t -> " (task " + t.taskId() + ")").orElse("");
            if (outcome instanceof SubmitOutcome.Reused) {
                out.println("The same request already has an unfinished job, " + job.id() + task + ", " + job.state()
                        + ", submitted " + TextOutput.time(job.createdAt()) + "; using it (--force submits a new one)");
            } else {
                out.println("Submitted job " + job.id() + task + (job.state() == JobState.CREATED ? "" : ", " + job.state()));
            }
            out.flush();
        }
        if (job.state().isFinal()) {
            report(cmd, job); // e.g. a synchronous call that failed: nothing to wait for
            return ExitCodes.forJob(job);
        }
        if (job.state() == JobState.OUTCOME_UNKNOWN || job.state() == JobState.CREATED) {
            // the create's answer was lost and the task list has not shown it yet, or a throttled
            // create ran out of patience: journaled, never paid twice, finished by resume
            report(cmd, job);
            if (!g.json()) {
                boolean resent = job.history().stream().anyMatch(e -> e.kind() == dev.wanedit.domain.job.JobEvent.Kind.RESENT);
                String what = job.state() == JobState.OUTCOME_UNKNOWN ? " was sent, but whether the service took it is still unknown"
                        : resent ? " was not created: its creates got errors and the task list shows no task for them"
                        : " was not sent yet";
                errors.print(ErrorReport.Channel.of(cmd), ErrorReport.Problem.of(Failure.NOT_SENT,
                        "job " + job.id() + what + ". " + resumeHint(job.id(), g)));
            }
            return Failure.NOT_SENT.exitCode;
        }
        if (run.detach) {
            if (g.json()) {
                json.print(out, json.job(job));
            } else if (g.quiet()) {
                out.println(job.id());
            } else {
                out.println("Detached. Collect the results with: wanedit wait " + job.id() + outOption(g));
            }
            return ExitCodes.OK;
        }
        return waitFor(cmd, job.id(), run.timeout, run.cancelOnInterrupt);
    }

    /** Waits for a job and reports it; the exit code tells how it ended. */
    int waitFor(BaseCommand cmd, JobId id, Duration timeout, boolean cancelOnInterrupt) {
        ProgressListener progress = ProgressDisplay.forCommand(context.interactive() && !cmd.globals().json() && !cmd.globals().quiet(), cmd.out());
        AwaitOutcome outcome = await.await(id, timeout, progress);
        ProgressDisplay.finish(progress);
        if (outcome instanceof AwaitOutcome.Interrupted) {
            return interrupted(cmd, id, cancelOnInterrupt);
        }
        if (outcome instanceof AwaitOutcome.TimedOut late) {
            return errors.print(ErrorReport.Channel.of(cmd), ErrorReport.Problem.of(Failure.WAIT_TIMED_OUT, late.message())
                    .withJob(late.job()));
        }
        report(cmd, outcome.job());
        return ExitCodes.forJob(outcome.job());
    }

    /** A request refused by the rules (nothing sent) or by the service (the job journaled FAILED). */
    private int rejected(BaseCommand cmd, SubmitOutcome.Rejected r) {
        if (r.reason().isPresent()) {
            ErrorReport.Channel channel = ErrorReport.Channel.of(cmd);
            int code = errors.print(channel, CliErrorHandler.problem(r.reason().get(), cmd.globals()));
            errors.trace(channel, r.reason().get()); // as for any failure: the details with --verbose
            return code;
        }
        return errors.print(ErrorReport.Channel.of(cmd),
                CliErrorHandler.problem(new dev.wanedit.domain.request.InvalidEditRequest(r.violations()), cmd.globals()));
    }

    /** Prints a job: a JSON document, the stored paths (quiet), or the full listing. */
    void report(BaseCommand cmd, EditJob job) {
        GlobalOptions g = cmd.globals();
        PrintWriter out = cmd.out();
        if (g.json()) {
            json.print(out, json.job(job));
        } else if (g.quiet()) {
            job.results().stream().flatMap(r -> r.storedAt().stream()).forEach(out::println);
        } else {
            text.job(out, job);
        }
        out.flush();
    }

    /**
     * Ctrl-C while waiting: the job stays in the journal and resumable, or, with
     * {@code --cancel-on-interrupt}, a task still PENDING is cancelled.
     */
    int interrupted(BaseCommand cmd, JobId id, boolean cancel) {
        Thread.interrupted(); // clear the flag so the journal read and the cancel call can run
        GlobalOptions g = cmd.globals();
        String message;
        Optional<EditJob> job = Optional.empty();
        try {
            job = Optional.of(jobs.status(id, false));
        } catch (RuntimeException e) {
            // the journal could not be read; the message below still says how to resume
        }
        if (cancel && job.isPresent() && (job.get().state() == JobState.PENDING || job.get().state() == JobState.CREATED)) {
            try {
                job = Optional.of(jobs.cancel(id));
                message = "interrupted; cancelled job " + id + " while its task was still pending (nothing is billed)";
            } catch (RuntimeException e) {
                message = "interrupted; could not cancel job " + id + " (" + Redaction.redact(e.getMessage()) + "). "
                        + resumeHint(id, g);
            }
        } else if (cancel && job.isPresent() && !job.get().state().isFinal()) {
            message = "interrupted; job " + id + " is " + job.get().state()
                    + ", too late to cancel (only PENDING tasks can be cancelled). " + resumeHint(id, g);
        } else {
            message = "interrupted. " + resumeHint(id, g);
        }
        // The interrupt is consumed here and reported as exit code 130.
        ErrorReport.Problem p = ErrorReport.Problem.of(Failure.INTERRUPTED, message);
        return errors.print(ErrorReport.Channel.of(cmd), job.map(p::withJob).orElse(p));
    }

    static String resumeHint(JobId id, GlobalOptions g) {
        String out = outOption(g);
        return "Job " + id + " is kept in the journal and can be finished later: wanedit wait " + id + out
                + "  (or: wanedit resume" + out + ")";
    }

    /**
     * {@code " -o DIR"} when this command was given {@code -o}. The journal keeps each job's output
     * folder, and {@code wait} and {@code resume} store into it; the hint names the folder anyway,
     * so that the command it shows is the one that was run (absolute, quoted for a shell when needed).
     */
    static String outOption(GlobalOptions g) {
        return g.out().map(p -> " -o " + shellQuoted(p.toAbsolutePath().normalize().toString())).orElse("");
    }

    private static String shellQuoted(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
