package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wanedit.bootstrap.logging.MaskingConverter;
import dev.wanedit.bootstrap.logging.MaskingThrowableConverter;
import dev.wanedit.bootstrap.logging.Secrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every library's logging reaches Logback and obeys its levels: java.util.logging (the OSS SDK
 * through commons-logging used to print WARNING blocks this way, the JDK's HTTP client logs so),
 * commons-logging (jcl-over-slf4j) and SLF4J itself (sqlite-jdbc). Quiet: only wanedit's own
 * warnings. Verbose: libraries too, masked.
 */
class LibraryLoggingTest {

    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void attach() {
        seen.start();
        root.addAppender(seen);
    }

    @AfterEach
    void detach() {
        root.detachAppender(seen);
        Main.configureLogging(false);
    }

    private void logFromEveryLibrary() {
        java.util.logging.Logger.getLogger("com.aliyun.oss").warning("[Client]Unable to execute HTTP request");
        org.apache.commons.logging.LogFactory.getLog("org.apache.http.impl.execchain.RetryExec").warn("I/O exception caught");
        LoggerFactory.getLogger("org.sqlite.SQLiteJDBCLoader").error("Failed to open directory",
                new java.nio.file.NoSuchFileException("/nonexistent"));
        LoggerFactory.getLogger("dev.wanedit.adapter.storage.Something").warn("wanedit's own warning");
    }

    private List<String> loggers() {
        return seen.list.stream().map(ILoggingEvent::getLoggerName).toList();
    }

    @Test
    void quiet_onlyWaneditsOwnWarningsAreLogged() {
        Main.configureLogging(false);

        logFromEveryLibrary();

        assertThat(loggers()).containsExactly("dev.wanedit.adapter.storage.Something");
        assertThat(java.util.logging.Logger.getLogger("").getLevel()).as("JUL drops what Logback would").isEqualTo(java.util.logging.Level.OFF);
    }

    @Test
    void verbose_everyLibraryIsLoggedThroughSlf4j() {
        Main.configureLogging(true);

        logFromEveryLibrary();

        assertThat(loggers()).containsExactly("com.aliyun.oss", "org.apache.http.impl.execchain.RetryExec",
                "org.sqlite.SQLiteJDBCLoader", "dev.wanedit.adapter.storage.Something");
        assertThat(java.util.logging.Logger.getLogger("").getLevel()).isEqualTo(java.util.logging.Level.INFO);
    }

    @Test
    void layout_masksMessagesAndStackTracesAlike() {
        Secrets.register(List.of("configured-secret-9f8e"));
        LoggerContext context = root.getLoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        @SuppressWarnings("unchecked")
        Map<String, String> rules = (Map<String, String>) context.getObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY);
        assertThat(rules).as("LoggingConfigurator registers the masking converters")
                .containsEntry("maskedMsg", MaskingConverter.class.getName())
                .containsEntry("maskedEx", MaskingThrowableConverter.class.getName());
        layout.setPattern("%maskedMsg%n%maskedEx");
        layout.start();
        LoggingEvent event = new LoggingEvent("x", root, ch.qos.logback.classic.Level.WARN,
                "proxy http://bob:hunter2@proxy.example:3128 key sk-abcdef123456 configured-secret-9f8e",
                new IllegalStateException("GET https://h.example/a.png?Expires=1&Signature=s3cr3t failed, "
                        + "via http://bob:hunter2@proxy.example:3128 with Bearer configured-secret-9f8e"), null);

        String text = layout.doLayout(event);

        assertThat(text).contains("http://bob:***@proxy.example:3128", "sk-****", "Signature=***", "Expires=1",
                "java.lang.IllegalStateException", "at dev.wanedit.bootstrap.LibraryLoggingTest")
                .doesNotContain("hunter2", "sk-abcdef123456", "configured-secret-9f8e", "s3cr3t");
    }
}
