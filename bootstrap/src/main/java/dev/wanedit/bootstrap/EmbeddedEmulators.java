package dev.wanedit.bootstrap;

import dev.wanedit.adapter.cli.EmulatorLauncher;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.FaultRules;
import dev.wanedit.emulator.Region;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Starts the DashScope emulator in this process, for {@code wanedit emulator} and {@code --emulator}. */
final class EmbeddedEmulators implements EmulatorLauncher {

    @Override
    public RunningEmulator start(Settings s) {
        try {
            FaultRules.check(s.faults()); // every problem of every rule, before anything listens
        } catch (FaultRules.InvalidRules e) {
            throw new InvalidSettings(e.getMessage(), e);
        }
        DashScopeEmulator.Builder b = DashScopeEmulator.builder()
                .port(s.port())
                .region(Region.parse(s.region().id()))
                .timeScale(s.timeScale())
                .limitsEnabled(s.limits())
                .overConcurrency(dev.wanedit.emulator.OverConcurrency.valueOf(s.overConcurrency().name()));
        s.keyBeijing().ifPresent(k -> b.apiKey(Region.BEIJING, k));
        s.keySingapore().ifPresent(k -> b.apiKey(Region.SINGAPORE, k));
        DashScopeEmulator emulator = b.start();
        emulator.faults().addAll(s.faults());
        return new Running(emulator);
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
        public List<String> faultRules() {
            return emulator.faults().rules().stream().map(r -> r.id() + ": " + r.text()).toList();
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
