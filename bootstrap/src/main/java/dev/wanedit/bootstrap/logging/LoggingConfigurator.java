package dev.wanedit.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;

/**
 * Logback's configuration, in code (found through {@code META-INF/services}, ahead of any
 * {@code logback.xml}): reading an XML file costs a SAX parser and Joran, about 500 classes and a
 * third of a second on every command, for four settings.
 *
 * <p>Quiet by default: wanedit's own warnings and errors ({@code dev.wanedit} at WARN) and nothing
 * from any library (the root logger is OFF). Libraries that log through java.util.logging (the
 * JDK's HTTP client and server, Guice) or commons-logging (the OSS SDK, Apache HttpClient) reach
 * SLF4J through jul-to-slf4j and jcl-over-slf4j, so the same levels govern them; JUL's root level
 * follows them ({@link #verbose}), so disabled JUL loggers cost nothing. With verbose
 * on ({@link #verbose}), dev.wanedit and feign are at DEBUG and every library at INFO.
 * Every message and every stack trace goes through {@link Secrets#mask} ({@code %maskedMsg},
 * {@code %maskedEx}), on stderr ({@link StderrAppender}, whose pattern is read on the first line
 * written: a run that writes none never reads it).
 *
 * <p>Logback starts on the first SLF4J logger anyone asks for, not before: a command that logs
 * nothing ({@code --help}, {@code validate}) never pays for it (about a tenth of its start-up).
 * {@link #verbose} may be called before or after that start; the levels follow either way.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    /** The line written to stderr. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %maskedMsg%n%maskedEx";

    private static volatile boolean verbose;
    private static volatile LoggerContext started;

    /**
     * Quiet (the default) or verbose, from now on: applied at once when Logback has started, else
     * when it starts. Called for every command line (in-process runs must not keep an earlier
     * run's levels).
     */
    public static synchronized void verbose(boolean on) {
        verbose = on;
        julLevel();
        LoggerContext context = started;
        if (context != null) {
            levels(context, on);
        }
    }

    /**
     * Starts SLF4J and Logback now, on the calling thread. Called before a second thread may log
     * (the journal's, whose SQLite driver asks for loggers as it loads): SLF4J keeps the calls
     * that one thread makes while another is starting it, replays them, and says so on stderr.
     */
    public static void start() {
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    /**
     * java.util.logging's root level, so that a JUL record Logback would drop is never made: OFF
     * when quiet, INFO when verbose (what Logback's LevelChangePropagator did, at a third of
     * Logback's start: it reset and followed every JUL logger on every level change, where JUL's
     * users here are libraries that inherit the root's level). Left to {@link JulConfiguration}
     * while JUL has not started.
     */
    private static void julLevel() {
        if (!JulConfiguration.pending()) {
            java.util.logging.Logger.getLogger("").setLevel(julRootLevel());
        }
    }

    /** JUL's root level for the current setting. */
    static java.util.logging.Level julRootLevel() {
        return verbose ? java.util.logging.Level.INFO : java.util.logging.Level.OFF;
    }

    private static void levels(LoggerContext context, boolean verbose) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.OFF);
        context.getLogger("dev.wanedit").setLevel(verbose ? Level.DEBUG : Level.WARN);
        context.getLogger("feign").setLevel(verbose ? Level.DEBUG : null);
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        @SuppressWarnings("unchecked")
        Map<String, String> rules = (Map<String, String>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);
        }
        rules.put("maskedMsg", MaskingConverter.class.getName());
        rules.put("maskedEx", MaskingThrowableConverter.class.getName());

        StderrAppender stderr = new StderrAppender(PATTERN);
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.start();

        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        synchronized (LoggingConfigurator.class) {
            levels(context, verbose);
            started = context;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
