package dev.wanedit.application.policy;

import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.domain.catalog.Limits;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account's limits in one place: a submission rate limiter per model (from the catalog, or an
 * override), the concurrent-task slots per model, and the account-wide task-query budget (20 per
 * second, shared by every job). With {@link SharedLimits} (a journal several processes share) every
 * limit is kept there, so that N processes together stay within the account's; without, in this
 * process.
 */
public final class Limiters {

    /**
     * How long a task slot lives without being renewed: longer than any task between two looks at
     * it, so that only a slot whose process died (and whose job nobody took over) is freed by time.
     */
    public static final Duration SLOT_TTL = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, RateLimiter> submissions = new ConcurrentHashMap<>();
    private final Map<String, TaskSlots> slots = new ConcurrentHashMap<>();
    private final RateLimiter queries;
    private final Double submitOverride;
    private final Optional<SharedLimits> shared;

    public Limiters(Clock clock) {
        this(clock, ModelCatalog.TASK_QUERIES_PER_SECOND, null);
    }

    /**
     * @param queriesPerSecond the account-wide task query budget
     * @param submitsPerSecond an override of every model's submission rate, or null for the catalog's
     */
    public Limiters(Clock clock, double queriesPerSecond, Double submitsPerSecond) {
        this(clock, queriesPerSecond, submitsPerSecond, Optional.empty());
    }

    /** The account's documented limits, kept in {@code shared} when several processes share them. */
    public Limiters(Clock clock, Optional<SharedLimits> shared) {
        this(clock, ModelCatalog.TASK_QUERIES_PER_SECOND, null, shared);
    }

    public Limiters(Clock clock, double queriesPerSecond, Double submitsPerSecond, Optional<SharedLimits> shared) {
        this.clock = clock;
        this.shared = shared == null ? Optional.empty() : shared;
        this.queries = rate("queries", queriesPerSecond);
        this.submitOverride = submitsPerSecond;
    }

    /** A rate limiter of {@code permitsPerSecond}, kept where this process's limits are kept. */
    public RateLimiter rate(String bucket, double permitsPerSecond) {
        return shared.map(s -> RateLimiter.shared(clock, permitsPerSecond, s, bucket))
                .orElseGet(() -> new RateLimiter(clock, permitsPerSecond));
    }

    /**
     * The model's submission rate. When shared, with {@link RateLimiter#SHARED_CREATE_MARGIN}: the
     * journal write between permit and send makes a create's arrival later than its permit.
     */
    public RateLimiter submissions(ModelSpec model) {
        return submissions.computeIfAbsent(model.id(), id -> {
            double rate = submitOverride != null ? submitOverride
                    : model.limits().map(Limits::submitsPerSecond).orElse(1);
            String bucket = "submit:" + id;
            return shared.map(s -> RateLimiter.shared(clock, rate, s, bucket, RateLimiter.SHARED_CREATE_MARGIN))
                    .orElseGet(() -> new RateLimiter(clock, rate));
        });
    }

    /** The clock these limits run on. */
    public Clock clock() {
        return clock;
    }

    /** The model's concurrent-task slots ({@code limit} overrides the catalog's when present). */
    public TaskSlots slots(ModelSpec model, Optional<Integer> limit) {
        int n = limit.orElseGet(() -> model.limits().map(Limits::concurrentTasks).orElse(1));
        return slots.computeIfAbsent(model.id() + "#" + n, k -> shared
                .map(s -> TaskSlots.shared(s, "tasks:" + model.id(), n, SLOT_TTL))
                .orElseGet(() -> TaskSlots.local(n)));
    }

    public RateLimiter queries() {
        return queries;
    }

    /** True when the limits are shared with other processes. */
    public boolean isShared() {
        return shared.isPresent();
    }
}
