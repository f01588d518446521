package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.Table;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wanedit jobs}: the journal, newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the jobs in the journal, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit jobs", "  wanedit jobs --state running --state pending", "  wanedit jobs --state failed,expired --since 1d",
            "  wanedit jobs --since 2026-11-20 --json"})
public final class JobsCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--state", paramLabel = "STATE", split = ",",
            description = "Only jobs in these states (repeatable or comma-separated): ${COMPLETION-CANDIDATES}.")
    List<JobState> states = List.of();

    @Option(names = "--since", paramLabel = "WHEN", converter = Converters.SinceConverter.class,
            description = "Only jobs created since: a time back from now (30m, 2h, 1d, 1w), a date (2026-11-20, UTC) or an instant.")
    Converters.Since since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N jobs (default ${DEFAULT-VALUE}).")
    int limit;

    private final ManageJobs jobs;
    private final CliContext context;
    private final JsonOutput json;

    @Inject
    public JobsCommand(ManageJobs jobs, CliContext context, SidecarLocator sidecars) {
        this.jobs = jobs;
        this.context = context;
        this.json = new JsonOutput(sidecars);
    }

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be positive, got " + limit);
        }
        Set<JobState> wanted = states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
        Optional<Instant> from = Optional.ofNullable(since).map(s -> s.resolve(context.clock().instant()));
        List<EditJob> found = jobs.list(new JobQuery(wanted, from, Optional.empty(), limit));
        java.util.Map<dev.wanedit.domain.job.JobId, dev.wanedit.application.port.in.value.JobOwner> owners = jobs.owners(
                found.stream().filter(j -> !j.state().isFinal()).map(EditJob::id).toList());
        GlobalOptions g = globals();
        if (g.json()) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = json.jobs(found);
            com.fasterxml.jackson.databind.node.ArrayNode a = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("jobs");
            for (int i = 0; i < found.size(); i++) {
                JsonOutput.owner((com.fasterxml.jackson.databind.node.ObjectNode) a.get(i), owners.get(found.get(i).id()));
            }
            json.print(out(), doc);
        } else if (g.quiet()) {
            found.forEach(j -> out().println(j.id()));
        } else if (found.isEmpty()) {
            out().println("No jobs" + (wanted.isEmpty() && from.isEmpty() ? " in the journal yet." : " match."));
        } else {
            table(found, owners).print(out(), "");
            if (found.size() == limit) {
                out().println("(the newest " + limit + "; --limit N shows more)");
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    static Table table(List<EditJob> list) {
        return table(list, java.util.Map.of());
    }

    static Table table(List<EditJob> list, java.util.Map<dev.wanedit.domain.job.JobId, dev.wanedit.application.port.in.value.JobOwner> owners) {
        Table t = new Table("JOB", "STATE", "MODEL", "REGION", "CREATED", "IMAGES", "COST", "TASK", "OWNER");
        for (EditJob j : list) {
            long ok = j.results().stream().filter(ResultImage::succeeded).count();
            long stored = j.results().stream().filter(ResultImage::isStored).count();
            String images = j.results().isEmpty() ? "-" : stored + "/" + ok + " stored" + (j.isPartial() ? ", "
                    + (j.results().size() - ok) + " failed" : "");
            String cost = j.isActualCostKnown() ? j.actualCost().toString()
                    : "~" + j.request().expectedOutput().estimatedCost();
            t.row(j.id(), TextOutput.stateLabel(j), j.request().model().id(),
                    j.region().id(), TextOutput.time(j.createdAt()), images, cost,
                    j.task().map(x -> x.taskId()).orElse("-"),
                    Optional.ofNullable(owners.get(j.id())).map(dev.wanedit.application.port.in.value.JobOwner::describe).orElse("-"));
        }
        return t;
    }
}
