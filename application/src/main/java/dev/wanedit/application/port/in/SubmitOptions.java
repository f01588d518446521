package dev.wanedit.application.port.in;

import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.domain.BatchRef;
import java.util.Optional;

/**
 * How to submit: async or sync, whether to resubmit a request that already has a live job
 * ({@code force}), and the batch line this job stands for.
 */
public record SubmitOptions(SubmitMode mode, boolean force, Optional<BatchRef> batch) {

    public SubmitOptions {
        batch = batch == null ? Optional.empty() : batch;
    }

    public static SubmitOptions async() {
        return new SubmitOptions(SubmitMode.ASYNC, false, Optional.empty());
    }
}
