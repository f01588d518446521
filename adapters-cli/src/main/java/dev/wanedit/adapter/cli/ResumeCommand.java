package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.ProgressDisplay;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.domain.job.EditJob;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wanedit resume}: finish every unfinished job in the journal. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finish every unfinished job in the journal.",
            "Each job goes to the region and endpoint it was submitted to: creates that got no answer are looked up, "
                + "jobs never sent are sent, running tasks are waited for and results not yet stored are stored. "
                + "Nothing is paid twice. Jobs another live process works on are named and left to it. Exits 0 when "
                + "every job ended well (or is being finished by another process), 6 when one failed, 7 when one is "
                + "still not finished."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit resume", "  wanedit resume --timeout 10m --json"})
public final class ResumeCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Converters.DurationConverter.class,
            description = "How long to wait for each job (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retarget", description = {"Send jobs created for another endpoint (or, from an older journal, "
            + "for an unrecorded one) to the endpoint configured now. Without it such jobs are left alone and named."})
    boolean retarget;

    private final ResumeJobs resume;
    private final CliContext context;
    private final TextOutput text;
    private final JsonOutput json;

    @Inject
    public ResumeCommand(ResumeJobs resume, CliContext context, SidecarLocator sidecars) {
        this.resume = resume;
        this.context = context;
        this.text = new TextOutput(sidecars);
        this.json = new JsonOutput(sidecars);
    }

    @Override
    public Integer call() {
        GlobalOptions g = globals();
        ProgressListener progress = ProgressDisplay.forCommand(context.interactive() && !g.json() && !g.quiet(), out());
        List<ResumeJobs.Resumed> resumed;
        try {
            resumed = resume.resume(timeout, retarget, progress);
        } catch (InterruptedException e) {
            ProgressDisplay.finish(progress);
            return interrupted(json, "interrupted; the unfinished jobs stay in the journal: run `wanedit resume` again");
        }
        ProgressDisplay.finish(progress);
        List<EditJob> done = resumed.stream().map(ResumeJobs.Resumed::job).toList();
        if (g.json()) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = json.jobs(done);
            com.fasterxml.jackson.databind.node.ArrayNode jobs = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("jobs");
            for (int i = 0; i < resumed.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) jobs.get(i)).put("unfinished_reason",
                        resumed.get(i).reason().map(Redaction::redact).orElse(null))
                        .put("left_to_owner", resumed.get(i).leftToOwner());
            }
            json.print(out(), doc);
        } else if (g.quiet()) {
            done.forEach(j -> j.results().stream().flatMap(r -> r.storedAt().stream()).forEach(out()::println));
        } else if (done.isEmpty()) {
            out().println("Nothing to resume: every job in the journal is finished.");
        } else {
            out().println("Resumed " + done.size() + (done.size() == 1 ? " job:" : " jobs:"));
            for (ResumeJobs.Resumed r : resumed) {
                text.job(out(), r.job());
                r.reason().ifPresent(why -> out().println("  not finished: " + Redaction.redact(why)));
            }
        }
        out().flush();
        // A job another live process is finishing is not this command's failure: it is named and left
        // to that process, and counts as well as a finished one.
        List<ResumeJobs.Resumed> ours = resumed.stream().filter(r -> !r.leftToOwner()).toList();
        boolean skipped = ours.stream().anyMatch(r -> r.reason().isPresent() && !r.job().state().isFinal()
                && ExitCodes.forJob(r.job()) == ExitCodes.OK);
        return skipped ? ExitCodes.UNAVAILABLE : ExitCodes.worst(ours.stream().map(ResumeJobs.Resumed::job).toList());
    }
}
