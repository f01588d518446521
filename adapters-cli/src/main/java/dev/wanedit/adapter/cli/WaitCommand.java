package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.domain.job.JobId;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wanedit wait JOB}: wait until a job is final and its results stored. */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait for a job to finish and store its results.",
            "Prints where every result went. The exit code tells how the job ended: 0 stored, 6 failed or partial, "
                + "7 still not finished at the timeout."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit wait 20261121-101530-123-k3f9q2", "  wanedit wait 20261121-101530-123-k3f9q2 --timeout 5m --json"})
public final class WaitCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", converter = Converters.JobIdConverter.class, description = "The job id.")
    JobId job;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Converters.DurationConverter.class,
            description = "How long to wait, e.g. 90s, 10m, 1h (default ${DEFAULT-VALUE}); the job stays resumable.")
    Duration timeout;

    @Option(names = "--cancel-on-interrupt", description = "On Ctrl-C, cancel the task if it is still PENDING.")
    boolean cancelOnInterrupt;

    private final JobFlow flow;

    @Inject
    public WaitCommand(AwaitJob await, ManageJobs jobs, CliContext context, SidecarLocator sidecars) {
        this.flow = new JobFlow(null, null, await, jobs, context, sidecars);
    }

    @Override
    public Integer call() throws InterruptedException {
        return flow.waitFor(this, job, timeout, cancelOnInterrupt);
    }
}
