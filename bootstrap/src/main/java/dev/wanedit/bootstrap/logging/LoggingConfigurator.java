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
 * on, {@code Main.configureLogging} turns dev.wanedit and feign to DEBUG and every library to INFO.
 * Every message and every stack trace goes through {@link Secrets#mask} ({@code %maskedMsg},
 * {@code %maskedEx}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    /** The line written to stderr. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %maskedMsg%n%maskedEx";

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

        context.getLogger("dev.wanedit").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.OFF);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
