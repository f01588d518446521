package dev.wanedit.emulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** The argument checks of {@link Fault}'s factories and modifiers (programming errors: IllegalArgumentException). */
final class FaultChecks {
    private FaultChecks() {}

    /** The image indices of an outcome fault: at least one, each 0-based. */
    static Set<Integer> indexSet(int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("name at least one image index");
        }
        Set<Integer> set = new TreeSet<>();
        Arrays.stream(indices).forEach(i -> {
            if (i < 0) {
                throw new IllegalArgumentException("image indices are 0-based and non-negative: " + i);
            }
            set.add(i);
        });
        return Collections.unmodifiableSet(set);
    }

    /** A delay, stall, lag or Retry-After: more than zero. */
    static Duration requirePositive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a positive duration is required: " + d);
        }
        return d;
    }
}
