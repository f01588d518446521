package dev.wanedit.adapter.dashscope;

import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the adapter tests against the emulator share: a fresh emulator for every test with the
 * service's limits off (the limits have tests of their own), and the adapter wired to it through
 * {@link Emulated}.
 */
abstract class WiredToEmulator {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    DashScopeEmulator emu;
    Emulated env;
    DashScopeImageEditing editing;

    @BeforeEach
    void wire() {
        emu = EMULATOR.emulator();
        env = new Emulated(emu);
        editing = editing(env);
    }

    /** The adapter under test; the defaults of {@link Emulated#editing()} unless a test class needs others. */
    DashScopeImageEditing editing(Emulated env) {
        return env.editing();
    }
}
