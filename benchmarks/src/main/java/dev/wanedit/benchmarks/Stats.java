package dev.wanedit.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small, exact statistics over measured samples: nearest-rank percentiles and per-second peaks. */
final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (0 &lt; p &lt;= 100) of the samples; NaN when there are none. */
    static double percentile(Collection<? extends Number> samples, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(samples.size());
        samples.forEach(n -> sorted.add(n.doubleValue()));
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    static double median(Collection<? extends Number> samples) {
        return percentile(samples, 50);
    }

    static double mean(Collection<? extends Number> samples) {
        return samples.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }

    /** The most events that fell into any one whole second (by epoch second). */
    static int maxPerSecond(Collection<Instant> events) {
        Map<Long, Integer> perSecond = new HashMap<>();
        for (Instant t : events) {
            perSecond.merge(t.getEpochSecond(), 1, Integer::sum);
        }
        return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The most events inside any sliding one-second window [t, t + 1 s). */
    static int maxInAnySecond(Collection<Instant> events) {
        List<Instant> sorted = new ArrayList<>(events);
        sorted.sort(Instant::compareTo);
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < sorted.size(); hi++) {
            while (!sorted.get(lo).plusSeconds(1).isAfter(sorted.get(hi))) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    /** a ÷ b, or NaN when b is zero. */
    static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
