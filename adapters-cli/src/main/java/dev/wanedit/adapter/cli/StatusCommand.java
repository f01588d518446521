package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wanedit status JOB}: a job as the journal knows it, optionally refreshed by one task query. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a job: state, task, results, where they are stored, cost, failure.",
            "Exits 0 when the job is known, whatever its state; `wait` gives an exit code that tells how it ended."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit status 20261121-101530-123-k3f9q2", "  wanedit status 20261121-101530-123-k3f9q2 --refresh --json"})
public final class StatusCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", converter = Converters.JobIdConverter.class, description = "The job id.")
    JobId job;

    @Option(names = "--refresh", description = "Ask the service for the task's current state first (one query).")
    boolean refresh;

    private final ManageJobs jobs;
    private final TextOutput text;
    private final JsonOutput json;

    @Inject
    public StatusCommand(ManageJobs jobs, SidecarLocator sidecars) {
        this.jobs = jobs;
        this.text = new TextOutput(sidecars);
        this.json = new JsonOutput(sidecars);
    }

    @Override
    public Integer call() {
        EditJob j = jobs.status(job, refresh);
        dev.wanedit.application.port.in.value.JobOwner owner = j.state().isFinal() ? null : jobs.owners(java.util.List.of(j.id())).get(j.id());
        GlobalOptions g = globals();
        if (g.json()) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = json.job(j);
            JsonOutput.owner(doc, owner);
            json.print(out(), doc);
        } else if (g.quiet()) {
            out().println(j.state());
        } else {
            text.job(out(), j);
            if (owner != null && !owner.thisProcess()) {
                out().println("  being worked on by " + owner.describe() + " (lease until " + TextOutput.time(owner.until())
                        + ")" + (refresh ? "; not refreshed here: that process journals what it learns" : ""));
            }
            if (!j.state().isFinal()) {
                out().println("  not finished: wanedit wait " + j.id());
            }
        }
        out().flush();
        return ExitCodes.OK;
    }
}
