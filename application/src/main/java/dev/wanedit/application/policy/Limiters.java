package dev.wanedit.application.policy;

import dev.wanedit.domain.Limits;
import dev.wanedit.domain.ModelCatalog;
import dev.wanedit.domain.ModelSpec;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account's limits in one place: a submission rate limiter per model (from the catalog, or
 * an override), and the account-wide task-query budget (20 per second, shared by every job).
 */
public final class Limiters {

    private final Clock clock;
    private final Map<String, RateLimiter> submissions = new ConcurrentHashMap<>();
    private final RateLimiter queries;
    private final Double submitOverride;

    public Limiters(Clock clock) {
        this(clock, ModelCatalog.TASK_QUERIES_PER_SECOND, null);
    }

    /**
     * @param queriesPerSecond the account-wide task query budget
     * @param submitsPerSecond an override of every model's submission rate, or null for the catalog's
     */
    public Limiters(Clock clock, double queriesPerSecond, Double submitsPerSecond) {
        this.clock = clock;
        this.queries = new RateLimiter(clock, queriesPerSecond);
        this.submitOverride = submitsPerSecond;
    }

    public RateLimiter submissions(ModelSpec model) {
        return submissions.computeIfAbsent(model.id(), id -> new RateLimiter(clock,
                submitOverride != null ? submitOverride : model.limits().map(Limits::submitsPerSecond).orElse(1)));
    }

    public RateLimiter queries() {
        return queries;
    }
}
