package dev.wanedit.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.wanedit.adapter.cli.EmulatorLauncher;
import dev.wanedit.adapter.cli.CliErrorHandler;
import dev.wanedit.adapter.cli.GlobalOptions;
import dev.wanedit.adapter.cli.WaneditCli;
import dev.wanedit.bootstrap.logging.Secrets;
import dev.wanedit.domain.Region;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The wanedit process: reads the global options and configuration, starts the embedded emulator
 * when asked, builds the Guice graph once, runs the command, closes what it owns, and is the only
 * place that calls {@code System.exit}.
 */
public final class Main {

    /** Time scale of the embedded emulator: documented task times shrink 20-fold (a 60 s edit takes 3 s). */
    static final double EMBEDDED_TIME_SCALE = 0.05;

    private Main() {
    }

    public static void main(String[] args) {
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread worker = Thread.currentThread();
        Thread hook = new Thread(() -> {
            // Ctrl-C: let the running command see an interrupt, leave the job resumable and say so.
            interrupted.set(true);
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wanedit-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        int rc = run(args, System.getenv(), System.out, System.err, System.console() != null);
        if (interrupted.get()) {
            return; // the JVM is already shutting down; its exit status for SIGINT is 130
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(rc);
    }

    /** Runs one command line and returns its exit code; the process streams and environment are passed in. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean interactive) {
        return run(args, env, Path.of(System.getProperty("user.home")), out, err, interactive);
    }

    /** As above, with the user's home folder given (where {@code ~/.config/wanedit/config.properties} is looked for). */
    static int run(String[] args, Map<String, String> env, Path userHome, PrintStream out, PrintStream err, boolean interactive) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        GlobalOptions global;
        try {
            global = GlobalOptions.preParse(args);
        } catch (CommandLine.ParameterException e) {
            global = new GlobalOptions(); // the real parse below reports the usage error
        }
        configureLogging(global.verbose());
        Optional<String> command = GlobalOptions.commandName(args); // once: each call is a picocli parse
        AppConfig config;
        try {
            boolean storing = command.filter(GlobalOptions.STORING_COMMANDS::contains).isPresent();
            config = new ConfigLoader(env, userHome)
                    .load(new ConfigLoader.Flags(global.region().map(Region::id).orElse(null), global.endpoint().orElse(null),
                            global.out().orElse(null), global.config().orElse(null), global.emulator(), storing,
                            global.provider().orElse(null)));
        } catch (ConfigLoader.ConfigException e) {
            return CliErrorHandler.configError(e.getMessage(), global.json(), outWriter, errWriter);
        }
        Optional<EmbeddedEmulators.Running> emulator = Optional.empty();
        try {
            if (config.emulator()) {
                EmbeddedEmulators.Running running = (EmbeddedEmulators.Running) new EmbeddedEmulators().start(
                        new EmulatorLauncher.Settings(0, EMBEDDED_TIME_SCALE, Optional.empty(), Optional.empty(), config.region(), true));
                emulator = Optional.of(running);
                Map<Region, String> keys = new EnumMap<>(Region.class);
                keys.put(config.region(), running.emulator().apiKey());
                config = config.withEndpoint(running.baseUrl()).withKeys(keys).withPollScale(EMBEDDED_TIME_SCALE);
                if (!global.quiet() && !global.json()) {
                    errWriter.println("wanedit: using the embedded DashScope emulator at " + running.baseUrl()
                            + " (no key, no network; results are generated locally)");
                }
            }
            Secrets.register(config.keys().values());
            CommandLine cl;
            Wiring wiring;
            try {
                wiring = new Wiring(config, interactive,
                        command.filter(Wiring.READING_COMMANDS::contains).isPresent());
            } catch (RuntimeException e) {
                // every setting was checked above, so this is a defect; report it like any other
                return CliErrorHandler.internalError(e, global.json(), global.verbose(), outWriter, errWriter, Secrets::mask);
            }
            try (wiring) {
                try {
                    // DEVELOPMENT: singletons are built on first use, so a command builds only what it
                    // calls (with the lazy in-ports of ApplicationModule); InjectorSmokeTest builds the
                    // same graph in PRODUCTION, every singleton eagerly, so a missing binding still fails a test
                    Injector injector = Guice.createInjector(Stage.DEVELOPMENT, wiring.modules());
                    cl = WaneditCli.create(new GuiceCommandFactory(injector), Secrets::mask);
                } catch (RuntimeException e) {
                    return CliErrorHandler.internalError(e, global.json(), global.verbose(), outWriter, errWriter, Secrets::mask);
                }
                cl.setOut(outWriter);
                cl.setErr(errWriter);
                Optional<Integer> journalProblem = openJournal(wiring, command, args, global, outWriter, errWriter);
                if (journalProblem.isPresent()) {
                    return journalProblem.get();
                }
                return cl.execute(args);
            }
        } finally {
            emulator.ifPresent(EmbeddedEmulators.Running::close);
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * Opens the journal before a command that needs it runs (connects to a PostgreSQL server,
     * migrates the schema), so that an unreachable server (exit 7) or a refused user or database
     * (exit 2) is reported, naming host, port and database, before anything billable happens.
     * Help and completion requests do not need it.
     */
    private static Optional<Integer> openJournal(Wiring wiring, Optional<String> command, String[] args, GlobalOptions global,
                                                 PrintWriter out, PrintWriter err) {
        boolean help = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V")
                || a.equals("--version"));
        if (command.isEmpty() || help || !Wiring.JOURNAL_COMMANDS.contains(command.get())) {
            return Optional.empty();
        }
        try {
            wiring.journal().open();
            return Optional.empty();
        } catch (dev.wanedit.adapter.storage.jobs.JournalUnavailable e) {
            return Optional.of(CliErrorHandler.startupError("journal_unavailable", Secrets.mask(e.getMessage()),
                    dev.wanedit.adapter.cli.ExitCodes.UNAVAILABLE, global.json(), out, err));
        } catch (dev.wanedit.adapter.storage.jobs.JournalDamaged e) {
            return Optional.of(CliErrorHandler.startupError("journal_damaged", e.getMessage(),
                    dev.wanedit.adapter.cli.ExitCodes.INVALID_INPUT, global.json(), out, err));
        } catch (dev.wanedit.adapter.storage.jobs.JournalMisconfigured e) {
            return Optional.of(CliErrorHandler.startupError("config", Secrets.mask(e.getMessage()),
                    dev.wanedit.adapter.cli.ExitCodes.USAGE, global.json(), out, err));
        } catch (dev.wanedit.adapter.storage.jobs.JournalException e) {
            return Optional.of(CliErrorHandler.internalError(e, global.json(), global.verbose(), out, err, Secrets::mask));
        }
    }

    /**
     * Quiet unless verbose: wanedit's own warnings only, nothing from a library; with verbose,
     * wanedit's and Feign's debug lines and every library's INFO and above (LoggingConfigurator). Set both
     * ways, so that in-process runs (tests) do not inherit an earlier run's level. The JUL bridge
     * is installed once and replaces JUL's console handler, which wrote the OSS SDK's WARNING
     * blocks straight to stderr.
     */
    static void configureLogging(boolean verbose) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(verbose ? Level.INFO : Level.OFF);
        ((Logger) LoggerFactory.getLogger("dev.wanedit")).setLevel(verbose ? Level.DEBUG : Level.WARN);
        ((Logger) LoggerFactory.getLogger("feign")).setLevel(verbose ? Level.DEBUG : null);
    }
}
