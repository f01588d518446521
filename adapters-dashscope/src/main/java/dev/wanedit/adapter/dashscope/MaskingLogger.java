package dev.wanedit.adapter.dashscope;

import feign.slf4j.Slf4jLogger;

/** Feign logging through SLF4J that never writes the {@code Authorization} header. */
final class MaskingLogger extends Slf4jLogger {

    MaskingLogger() {
        super(DashScopeApi.class);
    }

    @Override
    protected boolean shouldLogRequestHeader(String header) {
        return !"authorization".equalsIgnoreCase(header);
    }
}
