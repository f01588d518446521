package dev.wanedit.application.service;

import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.out.Sleeper;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every call to the service goes through here: it takes a permit from the limiter that counts it
 * (the model's submissions, the account's task queries), waits until the permit may be used, and
 * only then makes the call, so that the limiter's window is measured when the request is sent.
 */
final class Permits {

    private Permits() {
    }

    /** Waits for a permit of {@code limiter}, then makes the call. */
    static <T> T call(RateLimiter limiter, Sleeper sleeper, Supplier<T> call) throws InterruptedException {
        await(limiter, sleeper);
        return call.get();
    }

    /** Waits for a permit of {@code limiter}; the caller sends its request right after. */
    static void await(RateLimiter limiter, Sleeper sleeper) throws InterruptedException {
        Duration wait = limiter.reserve();
        if (!wait.isZero() && !wait.isNegative()) {
            sleeper.sleep(wait);
        }
    }
}
