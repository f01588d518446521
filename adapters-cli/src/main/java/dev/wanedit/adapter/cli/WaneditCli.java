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
        return create(factory, dev.wanedit.application.policy.Redaction::redact);
    }

    /**
     * As {@link #create(CommandLine.IFactory)}, with the masking applied to every error message and
     * {@code --verbose} stack trace (bootstrap adds the configured keys to the shapes of
     * {@link dev.wanedit.application.policy.Redaction}).
     */
    public static CommandLine create(CommandLine.IFactory factory, java.util.function.UnaryOperator<String> mask) {
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        CliErrorHandler errors = new CliErrorHandler(mask);
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
