package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * The options every wanedit command accepts, as a picocli mixin of the root command whose options
 * picocli's {@link ScopeType#INHERIT} gives every subcommand too: they are accepted anywhere on
 * the line ({@code wanedit --json jobs} and {@code wanedit jobs --json} alike) and listed in every
 * {@code --help}; wherever one is given it sets the root's value (the last one given wins, so a
 * value after a subcommand's name wins over one before it, and a flag is on when given anywhere).
 *
 * <p>{@code --region}, {@code --endpoint}, {@code --out}, {@code --config}, {@code --emulator},
 * {@code --provider} and {@code --verbose} decide how the application is wired, so bootstrap reads them before it builds
 * anything, with {@link #preParse(String...)}; the commands read {@code --json}, {@code --quiet},
 * {@code --verbose} and {@code --region} themselves.
 */
public class GlobalOptions {

    @Option(order = 101, scope = ScopeType.INHERIT, names = "--region", paramLabel = "REGION", converter = Converters.RegionConverter.class,
            description = "beijing or singapore (default: DASHSCOPE_REGION, the config file, else beijing). "
                    + "API keys are bound to their region.")
    Region region;

    @Option(order = 102, scope = ScopeType.INHERIT, names = "--endpoint", paramLabel = "URL",
            description = "Send API calls to this base URL instead of the region's (an emulator, a proxy): http or https, a host, no user info, query or fragment.")
    String endpoint;

    @Option(order = 103, scope = ScopeType.INHERIT, names = {"-o", "--out"}, paramLabel = "DIR", description = "Where results are stored (default: the configured output directory).")
    Path out;

    @Option(order = 104, scope = ScopeType.INHERIT, names = "--json", description = "Print exactly one JSON document on stdout (stable schema; see the README).")
    boolean json;

    @Option(order = 105, scope = ScopeType.INHERIT, names = "--verbose", description = "Show more detail: stack traces on errors, debug logging.")
    boolean verbose;

    @Option(order = 106, scope = ScopeType.INHERIT, names = {"-q", "--quiet"}, description = "Print only what was asked for: job ids and result paths.")
    boolean quiet;

    @Option(order = 107, scope = ScopeType.INHERIT, names = "--config", paramLabel = "FILE", description = "Read settings from this file.")
    Path config;

    @Option(order = 108, scope = ScopeType.INHERIT, names = "--emulator",
            description = "Start the embedded DashScope emulator and point this command at it (no key, no network needed).")
    boolean emulator;

    @Option(order = 109, scope = ScopeType.INHERIT, names = "--provider", paramLabel = "NAME",
            description = "Who performs the edits: dashscope (default: WANEDIT_PROVIDER, the config file, else dashscope) "
                    + "or local (deterministic ImageIO edits on this machine, for offline demos and tests; no key, no network).")
    String provider;

    public Optional<Region> region() {
        return Optional.ofNullable(region);
    }

    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint).filter(s -> !s.isBlank());
    }

    public Optional<Path> out() {
        return Optional.ofNullable(out);
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    public boolean emulator() {
        return emulator;
    }

    /** The provider named by {@code --provider}, as given (bootstrap checks it with the other settings). */
    public Optional<String> provider() {
        return Optional.ofNullable(provider).filter(s -> !s.isBlank());
    }

    /**
     * Reads only the global options from a full command line, wherever they are, ignoring every
     * other argument; for bootstrap, before it wires the application. Never throws for options it
     * does not know; a bad value of a global option (e.g. {@code --region mars}) throws
     * {@link CommandLine.ParameterException}, which the real parse will report again as a usage error.
     */
    public static GlobalOptions preParse(String... args) {
        return parseGlobals(args).options;
    }

    /** Parses only the global options, keeping every other argument as a positional one. */
    private static PreParse parseGlobals(String... args) {
        PreParse holder = new PreParse();
        CommandLine cl = new CommandLine(holder);
        cl.setUnmatchedArgumentsAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setStopAtPositional(false);
        cl.parseArgs(args);
        return holder;
    }

    /**
     * The subcommand a full command line names (its first argument that is not a global option),
     * if any; for bootstrap, which checks the output folder only for the commands that store
     * results. Never throws.
     */
    public static Optional<String> commandName(String... args) {
        return preParsed(args).command();
    }

    /**
     * The global options and the subcommand of a command line, from one parse (each parse builds a
     * picocli model, a tenth of the start-up on its first run); the defaults and no subcommand when
     * the global options do not parse, which the command line's full parse then reports. Never throws.
     */
    public static PreParsed preParsed(String... args) {
        try {
            PreParse p = parseGlobals(args);
            return new PreParsed(p.options, p.rest.stream().filter(a -> !a.startsWith("-")).findFirst());
        } catch (CommandLine.ParameterException e) {
            return new PreParsed(new GlobalOptions(), Optional.empty());
        }
    }

    /** What {@link #preParsed} found: the global options, and the subcommand named, if any. */
    public record PreParsed(GlobalOptions options, Optional<String> command) {
    }

    /** The commands that store result images, so need a usable output folder before they run. */
    public static final java.util.Set<String> STORING_COMMANDS = java.util.Set.of("edit", "generate", "wait", "resume", "batch");

    @Command(name = "wanedit")
    static final class PreParse {
        @Mixin
        GlobalOptions options = new GlobalOptions();

        @Parameters
        List<String> rest = new ArrayList<>();
    }
}
