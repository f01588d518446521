package dev.wanedit.bootstrap;

import dev.wanedit.adapter.cli.EmulatorLauncher;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Region;
import java.util.concurrent.CountDownLatch;

/** Starts the DashScope emulator in this process, for {@code wanedit emulator} and {@code --emulator}. */
final class EmbeddedEmulators implements EmulatorLauncher {

    @Override
    public RunningEmulator start(Settings s) {
        DashScopeEmulator.Builder b = DashScopeEmulator.builder()
                .port(s.port())
                .region(Region.parse(s.region().id()))
                .timeScale(s.timeScale())
                .limitsEnabled(s.limits());
        s.keyBeijing().ifPresent(k -> b.apiKey(Region.BEIJING, k));
        s.keySingapore().ifPresent(k -> b.apiKey(Region.SINGAPORE, k));
        return new Running(b.start());
    }

    /** An emulator that {@link #awaitTermination()} waits on until it is closed. */
    static final class Running implements RunningEmulator {
        private final DashScopeEmulator emulator;
        private final CountDownLatch closed = new CountDownLatch(1);

        Running(DashScopeEmulator emulator) {
            this.emulator = emulator;
        }

        DashScopeEmulator emulator() {
            return emulator;
        }

        @Override
        public String baseUrl() {
            return emulator.baseUrl();
        }

        @Override
        public void awaitTermination() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            emulator.close();
            closed.countDown();
        }
    }
}
