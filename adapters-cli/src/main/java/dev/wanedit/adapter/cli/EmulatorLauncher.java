package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import java.util.List;
import java.util.Optional;

/**
 * Starts the DashScope emulator for {@code wanedit emulator}. The CLI does not depend on the
 * emulator module; bootstrap implements this with it.
 */
public interface EmulatorLauncher {

    /**
     * Starts an emulator on 127.0.0.1 and returns once it accepts connections.
     *
     * @throws InvalidSettings when a fault rule cannot be used (every problem of every rule named)
     */
    RunningEmulator start(Settings settings);

    /** What a create above a model's concurrency limit gets. */
    enum OverConcurrency {
        /** 429 Throttling.AllocationQuota at once; nothing is created. */
        REJECT,
        /** Created, and PENDING until a running task of the model ends. */
        QUEUE
    }

    /** Settings the emulator refused, e.g. a fault rule with an unknown key; the message names every problem. */
    final class InvalidSettings extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidSettings(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * How to start it, the same settings as the emulator's own jar.
     *
     * @param port the port on 127.0.0.1, 0 for a free one
     * @param timeScale multiplies task durations (0.05 makes tasks 20 times faster)
     * @param keyBeijing the key it accepts for Beijing, empty for its default
     * @param keySingapore the key it accepts for Singapore, empty for its default
     * @param region the region it plays
     * @param limits whether the rate and concurrency limits are enforced
     * @param overConcurrency what a create above a model's concurrency limit gets
     * @param faults fault rules in the emulator's rule grammar, e.g. {@code on=create times=1 do=fail}
     */
    record Settings(int port, double timeScale, Optional<String> keyBeijing, Optional<String> keySingapore,
                    Region region, boolean limits, OverConcurrency overConcurrency, List<String> faults) {

        /** Settings without fault rules, rejecting creates above the concurrency limit. */
        public Settings(int port, double timeScale, Optional<String> keyBeijing, Optional<String> keySingapore,
                        Region region, boolean limits) {
            this(port, timeScale, keyBeijing, keySingapore, region, limits, OverConcurrency.REJECT, List.of());
        }

        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            if (!(timeScale > 0)) {
                throw new IllegalArgumentException("time scale must be positive, got " + timeScale);
            }
            keyBeijing = keyBeijing == null ? Optional.empty() : keyBeijing;
            keySingapore = keySingapore == null ? Optional.empty() : keySingapore;
            if (region == null) {
                throw new IllegalArgumentException("region is required");
            }
            overConcurrency = overConcurrency == null ? OverConcurrency.REJECT : overConcurrency;
            faults = faults == null ? List.of() : List.copyOf(faults);
        }

        @Override
        public String toString() {
            // never show the keys
            return "Settings[port=" + port + ", timeScale=" + timeScale + ", region=" + region.id() + ", limits=" + limits
                    + ", overConcurrency=" + overConcurrency + ", faults=" + faults + "]";
        }
    }

    /** A started emulator. */
    interface RunningEmulator extends AutoCloseable {

        /** The base URL to pass as {@code --endpoint}, e.g. {@code http://127.0.0.1:8089}. */
        String baseUrl();

        /** The fault rules in force, as the emulator writes them back (each with its id), for the start-up banner. */
        default List<String> faultRules() {
            return List.of();
        }

        /** Blocks until the emulator stops. */
        void awaitTermination() throws InterruptedException;

        /** Stops the emulator. */
        @Override
        void close();
    }
}
