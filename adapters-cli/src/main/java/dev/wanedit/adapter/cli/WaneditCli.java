package dev.wanedit.adapter.cli;

import picocli.CommandLine;

/** Builds the wanedit command line; bootstrap calls {@link #create} and then {@code execute(args)}. */
public final class WaneditCli {

    private WaneditCli() {
    }

    /**
     * The root command with every subcommand created by {@code factory} (bootstrap backs it with
     * Guice), the error handler, the exit-code mapper, and the completion script generator.
     */
    public static CommandLine create(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        CliErrorHandler errors = new CliErrorHandler();
        cl.setExecutionExceptionHandler(errors);
        cl.setExitCodeExceptionMapper(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        if (completion != null) {
            completion.getCommandSpec().usageMessage().hidden(false);
        }
        return cl;
    }
}
