package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.command.RootCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the wanedit command line; bootstrap calls {@link #create} and then {@code execute(args)}. */
public final class WaneditCli {

    /** The options that ask for usage or version instead of running a command (the root's, and every subcommand's). */
    public static final Set<String> HELP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

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
    public static CommandLine create(CommandLine.IFactory factory, UnaryOperator<String> mask) {
        return build(factory, mask, RootCommand.SUBCOMMANDS);
    }

    /**
     * The command line for running {@code args}: when they name a subcommand, the root with that one
     * alone; when they name none, the root with its subcommands listed but not built
     * ({@link #rootAlone}); else (an unknown subcommand, the root's own {@code --help} or
     * {@code --version} before one, {@code generate-completion}, which writes the whole tree) with
     * every subcommand.
     * Building a subcommand's model is most of a short command's start-up (picocli reads every
     * option of every command by reflection, and the factory builds each command): {@code wanedit
     * jobs} need not pay for fourteen others. What runs is the same either way.
     *
     * @param name the subcommand {@code args} name ({@link GlobalOptions#commandName}), if any
     */
    public static CommandLine forArguments(CommandLine.IFactory factory, UnaryOperator<String> mask, Optional<String> name,
                                           String... args) {
        if (name.isEmpty()) {
            return rootAlone(factory, mask);
        }
        if (helpBefore(name.get(), args)) {
            return create(factory, mask);
        }
        List<Class<?>> named = RootCommand.SUBCOMMANDS.stream().filter(c -> names(c).contains(name.get())).toList();
        if (named.size() != 1 || named.get(0) == picocli.AutoComplete.GenerateCompletion.class) {
            return create(factory, mask);
        }
        return build(factory, mask, named);
    }

    /**
     * The root for a command line that names no subcommand (its usage, its version, or a usage error
     * of its own options): each subcommand is there as its name, aliases and usage texts alone, which
     * is all the root's usage lists, and none is built. Such a line cannot reach a subcommand, so
     * {@code factory} creates the root alone: bootstrap passes picocli's own and wires nothing.
     */
    public static CommandLine rootAlone(CommandLine.IFactory factory, UnaryOperator<String> mask) {
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        for (Class<?> sub : RootCommand.SUBCOMMANDS) {
            cl.addSubcommand(listing(sub));
        }
        return configured(cl, mask);
    }

    /** A subcommand as the root's usage shows it: its names, its header and description, hidden or not. */
    private static CommandLine listing(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(c.name()).aliases(c.aliases());
        spec.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        return new CommandLine(spec);
    }

    private static boolean helpBefore(String command, String... args) {
        for (String a : args) {
            if (a.equals(command)) {
                return false;
            }
            if (HELP_OPTIONS.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        if (c == null) {
            return List.of();
        }
        List<String> all = new java.util.ArrayList<>(Arrays.asList(c.aliases()));
        all.add(c.name());
        return all;
    }

    private static CommandLine build(CommandLine.IFactory factory, UnaryOperator<String> mask, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        for (Class<?> sub : subcommands) {
            cl.addSubcommand(new CommandLine(sub, factory));
        }
        return configured(cl, mask);
    }

    private static CommandLine configured(CommandLine cl, UnaryOperator<String> mask) {
        // after the subcommands: picocli hands these settings to the subcommands present when they are set
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
