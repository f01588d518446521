package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.application.port.in.RebuildJournal;
import dev.wanedit.domain.job.EditJob;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code wanedit journal}: look after the job journal itself. */
@Command(name = "journal", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Look after the job journal.",
        subcommands = JournalCommand.Rebuild.class,
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit journal rebuild -o results"})
public final class JournalCommand extends BaseCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.USAGE;
    }

    /** {@code wanedit journal rebuild}: journal again the jobs whose results are stored in the output folder. */
    @Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Journal again, from the sidecars in the output folder (-o), every job whose results are stored "
                + "there but which the journal does not know (the journal was deleted or emptied).",
                "Jobs the journal knows are left alone and nothing is sent to the service, so a batch run again afterwards "
                + "pays for none of them."},
            footerHeading = "%nExamples:%n",
            footer = {"  wanedit journal rebuild -o results", "  wanedit journal rebuild -o results --json"})
    public static final class Rebuild extends BaseCommand implements Callable<Integer> {

        private final RebuildJournal rebuild;
        private final JsonOutput json;

        @Inject
        public Rebuild(RebuildJournal rebuild, SidecarLocator sidecars) {
            this.rebuild = rebuild;
            this.json = new JsonOutput(sidecars);
        }

        @Override
        public Integer call() {
            RebuildJournal.Report r = rebuild.rebuild();
            GlobalOptions g = globals();
            if (g.json()) {
                com.fasterxml.jackson.databind.node.ObjectNode doc = json.object();
                doc.put("folder", r.place());
                doc.put("journaled", r.journaled().size());
                doc.put("already_known", r.known());
                com.fasterxml.jackson.databind.node.ArrayNode jobs = doc.putArray("jobs");
                r.journaled().forEach(j -> jobs.add(json.job(j)));
                com.fasterxml.jackson.databind.node.ArrayNode skipped = doc.putArray("skipped");
                r.skipped().forEach(skipped::add);
                json.print(out(), doc);
            } else if (g.quiet()) {
                r.journaled().forEach(j -> out().println(j.id()));
            } else {
                out().println("Journaled " + r.journaled().size() + " job(s) again from the results in " + r.place()
                        + "; " + r.known() + " already in the journal.");
                for (EditJob j : r.journaled()) {
                    out().println("  " + j.id() + "  " + j.request().model().id()
                            + j.batch().map(b -> "  line " + b.lineKey().replaceFirst("@[0-9a-f]+$", "")).orElse("")
                            + "  " + j.results().stream().filter(x -> x.isStored()).count() + " image(s)");
                }
                if (!r.skipped().isEmpty()) {
                    out().println(r.skipped().size() + " result(s) could not be used:");
                    r.skipped().forEach(s -> out().println("  " + s));
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
