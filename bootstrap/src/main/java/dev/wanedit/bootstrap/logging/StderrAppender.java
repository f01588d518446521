package dev.wanedit.bootstrap.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Logback's console appender on {@code System.err}, made on the first event that reaches it.
 * Starting a pattern encoder parses the pattern and builds its converters, a date formatter
 * among them, on every command that opens the journal (sqlite-jdbc asks SLF4J for its loggers),
 * while a quiet run writes no line at all.
 */
final class StderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final String pattern;
    private volatile ConsoleAppender<ILoggingEvent> console;

    StderrAppender(String pattern) {
        this.pattern = pattern;
    }

    @Override
    protected void append(ILoggingEvent event) {
        console().doAppend(event);
    }

    private ConsoleAppender<ILoggingEvent> console() {
        ConsoleAppender<ILoggingEvent> c = console;
        if (c == null) {
            synchronized (this) {
                c = console;
                if (c == null) {
                    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                    encoder.setContext(getContext());
                    encoder.setPattern(pattern);
                    encoder.start();
                    c = new ConsoleAppender<>();
                    c.setContext(getContext());
                    c.setName(getName() + "-console");
                    c.setTarget("System.err");
                    c.setEncoder(encoder);
                    c.start();
                    console = c;
                }
            }
        }
        return c;
    }

    @Override
    public void stop() {
        ConsoleAppender<ILoggingEvent> c = console;
        if (c != null) {
            c.stop();
        }
        super.stop();
    }
}
