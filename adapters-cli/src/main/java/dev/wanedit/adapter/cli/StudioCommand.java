package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wanedit studio}: the local web page for jobs, edits, masks and boxes. */
@Command(name = "studio", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a local web page on 127.0.0.1 until Ctrl-C: the job list and each job as the report shows it, "
                + "with live progress; an edit form for every model and function with the same checks as the command line "
                + "(every problem shown next to its field before anything is sent, the estimated cost before the submit "
                + "button); a mask painter for description_edit_with_mask and a box tool for wan2.7's bbox_list.",
            "Submitting runs the same use case as `wanedit edit`: the job is journaled, resumable and never paid twice. "
                + "The printed address carries a random token; requests without it are refused. The API key never reaches "
                + "the page. With --emulator everything works without a key."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit studio", "  wanedit studio --emulator", "  wanedit studio --port 8090 -o results/"})
public final class StudioCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    private final Provider<StudioLauncher> launcher;
    private final JsonOutput json = new JsonOutput(SidecarLocator.none());

    /** The launcher comes through a provider: the web adapter is loaded only when the studio runs. */
    @Inject
    public StudioCommand(Provider<StudioLauncher> launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
        }
        try (StudioLauncher.RunningStudio studio = launcher.get().start(port)) {
            GlobalOptions g = globals();
            if (g.json()) {
                ObjectNode doc = json.object();
                doc.put("url", studio.url());
                json.print(out(), doc);
            } else if (g.quiet()) {
                out().println(studio.url());
            } else {
                out().println("wanedit studio: " + studio.url());
                out().println("Open that address in a browser on this machine; it works only with its token. Press Ctrl-C to stop.");
            }
            out().flush();
            try {
                studio.awaitTermination();
            } catch (InterruptedException e) {
                if (chatty()) {
                    err().println("Studio stopped. Edits still running stay in the journal: `wanedit resume` finishes them.");
                    err().flush();
                }
            }
        }
        return ExitCodes.OK;
    }
}
