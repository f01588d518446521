package dev.wanedit.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** What JUL's LogManager gets when it calls {@link JulConfiguration} (in this JVM JUL has long started, so it is called here directly). */
class JulConfigurationTest {

    private final Logger root = Logger.getLogger("");

    @AfterEach
    void quiet() {
        LoggingConfigurator.verbose(false);
    }

    @Test
    void everyRecordGoesToSlf4j_atTheLevelOfTheSetting() {
        LoggingConfigurator.verbose(false);

        new JulConfiguration();

        Handler[] handlers = root.getHandlers();
        assertThat(handlers).as(Arrays.toString(handlers)).hasSize(1);
        assertThat(handlers[0]).isInstanceOf(SLF4JBridgeHandler.class);
        assertThat(root.getLevel()).isEqualTo(Level.OFF);
        assertThat(JulConfiguration.pending()).as("JUL has started: levels are set directly").isFalse();

        LoggingConfigurator.verbose(true);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        LoggingConfigurator.verbose(false);
        assertThat(root.getLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void verboseBeforeJulStarts_isWhatItStartsWith() {
        LoggingConfigurator.verbose(true);

        new JulConfiguration();

        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getHandlers()).hasSize(1);
    }
}
