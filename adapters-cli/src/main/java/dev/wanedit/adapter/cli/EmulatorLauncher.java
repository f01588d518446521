package dev.wanedit.adapter.cli;

import dev.wanedit.domain.Region;
import java.util.Optional;

/**
 * Starts the DashScope emulator for {@code wanedit emulator}. The CLI does not depend on the
 * emulator module; bootstrap implements this with it.
 */
public interface EmulatorLauncher {

    /** Starts an emulator on 127.0.0.1 and returns once it accepts connections. */
    RunningEmulator start(Settings settings);

    /**
     * How to start it, the same settings as the emulator's own jar.
     *
     * @param port the port on 127.0.0.1, 0 for a free one
     * @param timeScale multiplies task durations (0.05 makes tasks 20 times faster)
     * @param keyBeijing the key it accepts for Beijing, empty for its default
     * @param keySingapore the key it accepts for Singapore, empty for its default
     * @param region the region it plays
     * @param limits whether the rate and concurrency limits are enforced
     */
    record Settings(int port, double timeScale, Optional<String> keyBeijing, Optional<String> keySingapore,
                    Region region, boolean limits) {

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
        }

        @Override
        public String toString() {
            // never show the keys
            return "Settings[port=" + port + ", timeScale=" + timeScale + ", region=" + region.id() + ", limits=" + limits + "]";
        }
    }

    /** A started emulator. */
    interface RunningEmulator extends AutoCloseable {

        /** The base URL to pass as {@code --endpoint}, e.g. {@code http://127.0.0.1:8089}. */
        String baseUrl();

        /** Blocks until the emulator stops. */
        void awaitTermination() throws InterruptedException;

        /** Stops the emulator. */
        @Override
        void close();
    }
}
