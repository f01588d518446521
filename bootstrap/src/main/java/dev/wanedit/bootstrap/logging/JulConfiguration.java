package dev.wanedit.bootstrap.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * java.util.logging's configuration, made by JUL itself the first time anything uses it (the
 * system property {@value #PROPERTY} names this class; {@link #deferTo} sets it): every record
 * goes to SLF4J ({@code SLF4JBridgeHandler}), none to JUL's console handler, and the root level
 * is OFF when quiet, INFO when verbose ({@link LoggingConfigurator#verbose}). Installing the
 * bridge at start-up started JUL on every command (its {@code logging.properties} read, its
 * console handler made and then replaced: about 25 ms), where {@code --help} never uses JUL.
 */
public final class JulConfiguration {

    /** JUL's switch for a configuration class (read once, when the first logger is asked for). */
    public static final String PROPERTY = "java.util.logging.config.class";

    private static volatile boolean configured;

    /** Called by JUL's LogManager, once, while it starts. */
    public JulConfiguration() {
        String properties = "handlers=org.slf4j.bridge.SLF4JBridgeHandler\n.level=" + LoggingConfigurator.julRootLevel().getName() + "\n";
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        configured = true;
    }

    /**
     * Leaves JUL's configuration to this class, unless another is set ({@value #PROPERTY} or a
     * {@code java.util.logging.config.file}); effective only before JUL has started.
     */
    public static void deferTo() {
        if (System.getProperty(PROPERTY) == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(PROPERTY, JulConfiguration.class.getName());
        }
    }

    /**
     * True while JUL is left to this class and has not started: nothing is to be done now, its
     * start will apply the bridge and the level. False once it has started, or when JUL is
     * configured any other way (tests, an embedding service): then levels are set directly.
     */
    public static boolean pending() {
        return !configured && JulConfiguration.class.getName().equals(System.getProperty(PROPERTY));
    }
}
