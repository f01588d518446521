package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wanedit cancel JOB}: cancel a job whose task is still PENDING (or that was never sent). */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cancel a job whose task is still PENDING.",
            "A job never sent is cancelled locally. A running task cannot be cancelled: the service refuses (exit 5)."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit cancel 20261121-101530-123-k3f9q2"})
public final class CancelCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", converter = Converters.JobIdConverter.class, description = "The job id.")
    JobId job;

    private final ManageJobs jobs;
    private final TextOutput text;
    private final JsonOutput json;

    @Inject
    public CancelCommand(ManageJobs jobs, SidecarLocator sidecars) {
        this.jobs = jobs;
        this.text = new TextOutput(sidecars);
        this.json = new JsonOutput(sidecars);
    }

    @Override
    public Integer call() {
        EditJob j = jobs.cancel(job);
        GlobalOptions g = globals();
        if (g.json()) {
            json.print(out(), json.job(j));
        } else if (g.quiet()) {
            out().println(j.state());
        } else if (j.state() == JobState.CANCELED) {
            out().println("Cancelled job " + j.id() + j.task().map(t -> " (task " + t.taskId() + ")").orElse(""));
        } else {
            text.job(out(), j);
        }
        out().flush();
        return j.state() == JobState.CANCELED ? ExitCodes.OK : ExitCodes.forJob(j);
    }
}
