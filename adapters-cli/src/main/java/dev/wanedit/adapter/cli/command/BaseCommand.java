package dev.wanedit.adapter.cli.command;

import dev.wanedit.adapter.cli.ErrorReport;
import dev.wanedit.adapter.cli.ExitCodes;
import dev.wanedit.adapter.cli.Failure;
import dev.wanedit.adapter.cli.GlobalOptions;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every wanedit command shares: the global options and picocli's writers. Commands print
 * only through {@link #out()} and {@link #err()}.
 */
public abstract class BaseCommand {

    @Spec
    CommandSpec spec;

    /** The global options given anywhere on the line (picocli sets the root's, see {@link GlobalOptions}). */
    public GlobalOptions globals() {
        return globalsOf(spec.commandLine());
    }

    public static GlobalOptions globalsOf(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof RootCommand r ? r.options : new GlobalOptions();
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Says that the command was interrupted and its work stays resumable: a JSON error document
     * with {@code --json}, else one line on stderr.
     *
     * @return {@link ExitCodes#INTERRUPTED}
     */
    int interrupted(JsonOutput json, String message) {
        return new ErrorReport(json, new TextOutput(SidecarLocator.none()), dev.wanedit.application.policy.Redaction::redact)
                .print(ErrorReport.Channel.of(this), ErrorReport.Problem.of(Failure.INTERRUPTED, message));
    }

    /** True when a person is reading: neither {@code --json} nor {@code --quiet}. */
    boolean chatty() {
        GlobalOptions g = globals();
        return !g.json() && !g.quiet();
    }
}
