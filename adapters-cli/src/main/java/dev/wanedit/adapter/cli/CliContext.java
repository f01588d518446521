package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import java.time.Clock;

/**
 * What the commands need to know about where they run, supplied by bootstrap: whether stdout is an
 * interactive terminal (progress is drawn only then), the region to use when {@code --region} is
 * not given (from the environment or the config file), and the clock ({@code jobs --since 2h}).
 */
public interface CliContext {

    /** True when stdout is a terminal; bootstrap passes {@code System.console() != null}. */
    boolean interactive();

    /** The region when {@code --region} is absent. */
    Region defaultRegion();

    Clock clock();

    /** A fixed context, for bootstrap and tests. */
    static CliContext of(boolean interactive, Region defaultRegion, Clock clock) {
        return new Fixed(interactive, defaultRegion, clock);
    }

    /** The plain implementation of {@link CliContext#of}. */
    record Fixed(boolean interactive, Region defaultRegion, Clock clock) implements CliContext {
        public Fixed {
            if (defaultRegion == null || clock == null) {
                throw new IllegalArgumentException("defaultRegion and clock are required");
            }
        }
    }
}
