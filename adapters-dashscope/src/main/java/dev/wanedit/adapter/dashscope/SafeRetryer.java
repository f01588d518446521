package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.Sleeper;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Repeats one thing only: a GET whose connection could not be opened (refused, connect timeout),
 * which no service counted against any budget. Everything else — 429, 5xx, a reset or a timeout
 * after sending, and every POST — surfaces at once as a value of the port's error family, and
 * the application decides whether and when to try again, taking a permit for every try (Feign's
 * default retryer would repeat any I/O error on any method, POST included). Backoff doubles with
 * full jitter, through an injected {@link Sleeper}.
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

    /** Whether the failed call may be sent again here: a GET that never left this machine. */
    static boolean mayRepeat(RetryableException e) {
        Request.HttpMethod method = e.method();
        return (method == Request.HttpMethod.GET || method == Request.HttpMethod.HEAD) && notSent(e.getCause());
    }

    /** True when the failure happened before a single byte of the request was sent. */
    static boolean notSent(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    private Duration delay(int attemptNumber, RetryableException e) {
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
