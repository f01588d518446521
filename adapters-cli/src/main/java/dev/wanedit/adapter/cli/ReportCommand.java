package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.domain.job.JobState;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wanedit report}: one HTML file of jobs, inputs beside outputs. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write one HTML file that shows jobs: the input images beside every output, masks and boxes drawn "
                + "over their inputs, a before/after slider for single-input edits, prompts, parameters, seed, size, state, "
                + "failures, costs, task ids, times and where each file is stored; for many jobs a summary and a grid "
                + "with a state filter.",
            "The page loads nothing from outside. Images are referenced by paths relative to the file (keep it where it "
                + "was written), or embedded as thumbnails with --embed, so the file can be shared and names no local "
                + "path. Results in OSS are shown through signed links that expire, as the page says. Prints the file's path."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit report 20261121-101530-123-k3f9q2", "  wanedit report --batch products.jsonl --open",
            "  wanedit report --since 2h --state failed,expired -o failures.html",
            "  wanedit report --since 1d --embed -o share.html"})
public final class ReportCommand extends BaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JOB", arity = "0..*", description = "Jobs to show (default: the newest jobs that match the options).")
    List<String> jobs = List.of();

    @Option(names = "--batch", paramLabel = "ID", description = "Only the jobs of this batch: its --batch-id, or the manifest's path.")
    String batch;

    @Option(names = "--since", paramLabel = "WHEN", converter = Converters.SinceConverter.class,
            description = "Only jobs created since: a time back from now (30m, 2h, 1d, 1w), a date (2026-11-20, UTC) or an instant.")
    Converters.Since since;

    @Option(names = "--state", paramLabel = "STATE", split = ",",
            description = "Only jobs in these states (repeatable or comma-separated): ${COMPLETION-CANDIDATES}.")
    List<JobState> states = List.of();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N jobs, newest first (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--embed", description = "Embed the images as thumbnails: one file to share, with no local path in it.")
    boolean embed;

    @Option(names = "--open", description = "Open the report with the desktop's handler for HTML files, where there is one.")
    boolean open;

    private final Provider<ReportRenderer> renderer;
    private final CliContext context;
    private final JsonOutput json = new JsonOutput(SidecarLocator.none());

    /** The renderer comes through a provider: the web adapter is loaded only when a report is made. */
    @Inject
    public ReportCommand(Provider<ReportRenderer> renderer, CliContext context) {
        this.renderer = renderer;
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be positive, got " + limit);
        }
        if (!jobs.isEmpty() && (batch != null || since != null || !states.isEmpty())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either JOB ids or --batch/--since/--state, not both");
        }
        GlobalOptions g = globals();
        Set<JobState> wanted = states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
        Optional<Instant> from = Optional.ofNullable(since).map(s -> s.resolve(context.clock().instant()));
        ReportRenderer r = renderer.get();
        ReportRenderer.Written written = r.write(new ReportRenderer.Request(jobs, Optional.ofNullable(batch).map(String::strip),
                from, wanted, limit, g.out(), embed));
        Optional<String> notOpened = open ? r.open(written.file()) : Optional.empty();
        if (g.json()) {
            ObjectNode doc = json.object();
            doc.put("file", written.file().toString());
            doc.put("jobs", written.jobs());
            doc.put("embedded", embed);
            if (open) {
                doc.put("opened", notOpened.isEmpty());
            } else {
                doc.putNull("opened");
            }
            json.print(out(), doc);
        } else if (g.quiet()) {
            out().println(written.file());
        } else {
            out().println("Report of " + written.jobs() + (written.jobs() == 1 ? " job" : " jobs") + (embed ? " (images embedded)" : "")
                    + ": " + written.file());
            if (written.jobs() == 0) {
                err().println("No jobs matched; the report says so.");
            }
        }
        notOpened.ifPresent(why -> err().println("Not opened: " + why));
        out().flush();
        err().flush();
        return ExitCodes.OK;
    }
}
