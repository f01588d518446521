package dev.wanedit.bootstrap.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter ({@code %maskedEx}) that writes a logged exception's stack trace through
 * {@link Secrets#mask}: exception messages carry URLs and service answers as often as log
 * messages do, so the trace is masked exactly like the message above it.
 */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.mask(super.convert(event));
    }
}
