package dev.wanedit.application.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to look at a task, learned from how long past tasks of the same kind took: the looks are put
 * just after the durations the history holds, as many as the query budget allows, and the task is
 * found by a short, growing tail of looks if it runs longer than every task before it. With too
 * little history the model's documented schedule ({@link PollSchedule#forModel}) is used instead.
 *
 * <p><b>The schedule.</b> Let the history hold the durations {@code d1 ≤ … ≤ dm} (from the anchor —
 * the submission, or the RUNNING start where the service reported it — to the end), and let the
 * task have been running {@code e} already with {@code p} looks spent. Only the durations still
 * possible matter, those with {@code di + MARGIN > e} (the task has not ended at any earlier one,
 * or an earlier look would have seen it). Among them, {@code k = min(BUDGET − p, distinct ones)}
 * look times {@code t1 < … < tk} are chosen, each just after one of them ({@code di + MARGIN}), the
 * last after the longest, so that the mean wait over the history, {@code Σ (t(i) − di) / m} with
 * {@code t(i)} the first look at or after {@code di + MARGIN}, is the least possible; the next look
 * is {@code t1}. The choice is exact (dynamic programming over the distinct durations, at most
 * {@link #SAMPLES} of them, so at most {@code BUDGET × 64²} steps): an optimal look lies just after
 * a duration of the history, because moving a look earlier, down to the next duration below it,
 * shortens the wait of every task it finds and finds no fewer.
 *
 * <p><b>What it costs and gains, against the history</b> ({@link #expected()}): a task that ends
 * like one of the history is found {@code MARGIN} plus the gap to the next chosen look after its
 * end; with at most {@code BUDGET} distinct durations that gap is zero, so the wait is
 * {@code MARGIN} plus the anchor's error, and the looks are the rank of its duration among the
 * chosen ones — at most {@code BUDGET}, on average fewer. A task that ends before every past one is
 * found at the first look; one that ends after every past one by the tail, which looks again after
 * {@code max(TAIL_FIRST, min(cap, e − dm))} (TAIL_FIRST a twentieth of {@code dm} up to 100 ms): the overshoot doubles between looks, so a task running
 * {@code x} past the history costs about {@code log2(x / TAIL_FIRST)} more looks and is found at most
 * {@code x} (and never more than the model's steady cap) late.
 *
 * <p>No jitter is added inside the history (the looks are where the ends are; the account's query
 * budget spaces many tasks out), only in the tail.
 */
public final class LearnedPollSchedule {

    /** Fewer ended tasks of a kind than this, and its documented schedule is used. */
    public static final int MIN_HISTORY = 3;
    /** The newest ended tasks of a kind that are learned from. */
    public static final int SAMPLES = 64;
    /**
     * Looks of one task inside its history's window, at most: under half the 11 that the official
     * SDK's fixed 1-2-4-5 s loop spends on a wan2.5 edit (BENCHMARKS.md section 2).
     */
    public static final int BUDGET = 4;
    /**
     * Added to each duration of the history: the service's timestamps have millisecond resolution,
     * and the anchor is taken on this machine just before the create call, a network one-way trip
     * before the service's own {@code submit_time}. The margin with no round trip measured, and the
     * largest {@link #margin(Duration)} gives.
     */
    public static final Duration MARGIN = Duration.ofMillis(40);
    /**
     * The least margin, for a service a round trip of a few milliseconds away (the same machine, or
     * the same data centre): {@link #margin(Duration)}.
     */
    public static final Duration MIN_MARGIN = Duration.ofMillis(10);
    /** The first look of the tail past the longest task of the history, at most (a twentieth of that task, at least {@link #MARGIN}). */
    public static final Duration TAIL_FIRST = Duration.ofMillis(100);

    private final long[] durations; // sorted, milliseconds
    private final PollSchedule steady;
    private final long tailFirstMs;
    private final long marginMs;

    private LearnedPollSchedule(long[] sortedMs, PollSchedule steady, Duration margin) {
        this.durations = sortedMs;
        this.steady = steady;
        this.marginMs = margin.toMillis();
        // a twentieth of the longest task, between MARGIN and TAIL_FIRST: tasks that last a second (an
        // emulator's time scale) get a tail as fine as their own durations
        this.tailFirstMs = Math.max(marginMs, Math.min(TAIL_FIRST.toMillis(), sortedMs[sortedMs.length - 1] / 20));
    }

    /**
     * The margin for a service whose task queries have lately taken up to {@code roundTrip}: half
     * of it plus 5 ms (a look arrives one trip after it is sent, as the create did, so what is left
     * to cover is how much one trip differs from another, and the timestamps' millisecond), between
     * {@link #MIN_MARGIN} and {@link #MARGIN}. On the loopback of the emulator that is 10 ms, not 40:
     * a slot of a batch at the concurrency limit stands empty that much less after each task.
     */
    public static Duration margin(Duration roundTrip) {
        long ms = roundTrip.toMillis() / 2 + 5;
        return Duration.ofMillis(Math.max(MIN_MARGIN.toMillis(), Math.min(MARGIN.toMillis(), ms)));
    }

    /**
     * The schedule learned from {@code history} (durations from the anchor to the end), or empty
     * when it holds fewer than {@link #MIN_HISTORY}; {@code steady}'s cap bounds the tail's steps.
     */
    public static Optional<LearnedPollSchedule> learn(Collection<Duration> history, PollSchedule steady) {
        return learn(history, steady, MARGIN);
    }

    /** As {@link #learn(Collection, PollSchedule)}, each look {@code margin} after a duration of the history. */
    public static Optional<LearnedPollSchedule> learn(Collection<Duration> history, PollSchedule steady, Duration margin) {
        long[] ms = history.stream().filter(d -> !d.isNegative()).limit(SAMPLES).mapToLong(Duration::toMillis).sorted().toArray();
        return ms.length < MIN_HISTORY ? Optional.empty() : Optional.of(new LearnedPollSchedule(ms, steady, margin));
    }

    /**
     * The delay before the next look.
     *
     * @param elapsed time since the anchor (submission, or RUNNING start) on this machine's clock
     * @param looks looks of this task so far
     * @param retryAfter what the service last asked for; never waited less than that
     */
    public Duration delayBefore(Duration elapsed, int looks, Optional<Duration> retryAfter, RandomGenerator random) {
        long e = Math.max(0, elapsed.toMillis());
        long next = nextLook(e, BUDGET - looks);
        Duration d;
        if (next >= 0) {
            d = Duration.ofMillis(next - e);
        } else {
            // past the history: the tail; budget spent inside it (failed looks, a late anchor): the steady cap
            long over = e - (durations[durations.length - 1] + marginMs);
            long step = over < 0 ? steady.cap().toMillis()
                    : Math.max(tailFirstMs, Math.min(steady.cap().toMillis(), over));
            d = Duration.ofMillis(Math.round(step * (1.0 + (random.nextDouble() * 2 - 1) * steady.jitter())));
        }
        return retryAfter.isPresent() && retryAfter.get().compareTo(d) > 0 ? retryAfter.get() : d;
    }

    /** The longest duration of the history. */
    public Duration longest() {
        return Duration.ofMillis(durations[durations.length - 1]);
    }

    /**
     * The next planned look (ms from the anchor) for a task not ended by {@code e}, with {@code left}
     * looks of the budget; -1 when the history is passed or the budget spent (the tail's turn).
     */
    long nextLook(long e, int left) {
        long margin = marginMs;
        int from = 0;
        while (from < durations.length && durations[from] + margin <= e) {
            from++;
        }
        if (from == durations.length || left <= 0) {
            return -1;
        }
        // distinct durations still possible, with their counts
        long[] v = new long[durations.length - from];
        long[] w = new long[v.length];
        int u = 0;
        for (int i = from; i < durations.length; i++) {
            if (u > 0 && v[u - 1] == durations[i]) {
                w[u - 1]++;
            } else {
                v[u] = durations[i];
                w[u++] = 1;
            }
        }
        int k = Math.min(left, u);
        // prefix sums of counts and of count × duration, for the cost of one look covering (a, b]
        long[] cw = new long[u + 1];
        long[] cs = new long[u + 1];
        for (int i = 0; i < u; i++) {
            cw[i + 1] = cw[i] + w[i];
            cs[i + 1] = cs[i] + w[i] * v[i];
        }
        // f[j][b]: least total wait of the durations 0..b-1 with j looks, the last just after v[b-1]
        long inf = Long.MAX_VALUE / 4;
        long[][] f = new long[k + 1][u + 1];
        int[][] first = new int[k + 1][u + 1];
        for (long[] row : f) {
            Arrays.fill(row, inf);
        }
        f[0][0] = 0;
        for (int j = 1; j <= k; j++) {
            for (int b = 1; b <= u; b++) {
                for (int a = j - 1; a < b; a++) {
                    if (f[j - 1][a] >= inf) {
                        continue;
                    }
                    long cost = f[j - 1][a] + v[b - 1] * (cw[b] - cw[a]) - (cs[b] - cs[a]);
                    if (cost < f[j][b]) {
                        f[j][b] = cost;
                        first[j][b] = a == 0 ? b : first[j - 1][a];
                    }
                }
            }
        }
        int best = 1;
        for (int j = 2; j <= k; j++) {
            if (f[j][u] < f[best][u]) {
                best = j;
            }
        }
        return v[first[best][u] - 1] + margin;
    }

    /** What the schedule promises against its own history: mean wait after the end and mean looks per task. */
    public record Expectation(Duration meanWait, double meanLooks, int maxLooks) {
    }

    /**
     * Replays every task of the history against the schedule (fresh task, anchor at zero, looks taken
     * one after the other as {@link #delayBefore} plans them): how long after its end each is seen, and
     * with how many looks. This is the proof of the class comment, computed rather than argued.
     */
    public Expectation expected() {
        long waited = 0;
        long looks = 0;
        int max = 0;
        RandomGenerator none = new java.util.SplittableRandom(0);
        for (long d : durations) {
            long t = 0;
            int n = 0;
            while (n == 0 || t < d) {
                t += delayBefore(Duration.ofMillis(t), n, Optional.empty(), none).toMillis();
                n++;
            }
            waited += t - d;
            looks += n;
            max = Math.max(max, n);
        }
        return new Expectation(Duration.ofMillis(waited / durations.length), (double) looks / durations.length, max);
    }
}
