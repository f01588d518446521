package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries only what is safe to repeat. GETs are repeated on 5xx, 429 and I/O errors. A POST (a
 * billable create, a cancel) is repeated only when nothing can have happened: the service
 * answered 429, or the connection was refused or could not be opened before anything was sent.
 * A POST that timed out or was reset after sending is never repeated here (Feign's default
 * retryer would: it retries any I/O error on any method). Backoff doubles with full jitter, through
 * an injected {@link Sleeper}; a {@code Retry-After} longer than the cap is left to the caller.
 */
final class SafeRetryer implements Retryer {

    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private int attempt = 1;

    SafeRetryer(int maxAttempts, Duration backoff, Duration maxBackoff, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        if (!mayRepeat(e) || attempt >= maxAttempts) {
            throw e;
        }
        Duration wait = delay(attempt, e);
        if (wait.compareTo(maxBackoff) > 0) {
            throw e;
        }
        attempt++;
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Whether the failed call may be sent again. */
    static boolean mayRepeat(RetryableException e) {
        Request.HttpMethod method = e.method();
        if (method == Request.HttpMethod.GET || method == Request.HttpMethod.HEAD) {
            return true;
        }
        return notSent(e.getCause()) || e.getCause() instanceof RemoteServiceException.RateLimited;
    }

    /** True when the failure happened before a single byte of the request was sent. */
    static boolean notSent(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    private Duration delay(int attemptNumber, RetryableException e) {
        if (e.getCause() instanceof RemoteServiceException.RateLimited limited) {
            Optional<Duration> after = limited.retryAfter();
            if (after.isPresent()) {
                return after.get();
            }
        }
        long base = backoff.toMillis() << Math.min(attemptNumber - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        // Full jitter, at least half of the step so that a retry never fires at once.
        long jittered = capped / 2 + (capped > 1 ? ThreadLocalRandom.current().nextLong(capped / 2 + 1) : 0);
        return Duration.ofMillis(jittered);
    }

    @Override
    public Retryer clone() {
        return new SafeRetryer(maxAttempts, backoff, maxBackoff, sleeper);
    }
}
