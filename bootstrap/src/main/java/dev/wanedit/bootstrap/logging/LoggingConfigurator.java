package dev.wanedit.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
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
 * SLF4J through jul-to-slf4j and jcl-over-slf4j, so the same levels govern them; JUL's levels
 * follow these ({@link LevelChangePropagator}), so disabled JUL loggers cost nothing. With verbose
 * on ({@link #verbose}), dev.wanedit and feign are at DEBUG and every library at INFO.
 * Every message and every stack trace goes through {@link Secrets#mask} ({@code %maskedMsg},
 * {@code %maskedEx}).
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
        LoggerContext context = started;
        if (context != null) {
            levels(context, on);
        }
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

        LevelChangePropagator jul = new LevelChangePropagator();
        jul.setContext(context);
        jul.setResetJUL(true);
        jul.start();
        context.addListener(jul);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        synchronized (LoggingConfigurator.class) {
            levels(context, verbose);
            started = context;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
