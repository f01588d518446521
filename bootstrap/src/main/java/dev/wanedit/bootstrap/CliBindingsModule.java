package dev.wanedit.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.adapter.cli.CliContext;
import dev.wanedit.adapter.cli.EmulatorLauncher;
import dev.wanedit.adapter.cli.render.SidecarLocator;

/** Binds what the CLI needs from the process: terminal and region context, sidecar naming, the emulator launcher. */
final class CliBindingsModule extends AbstractModule {

    private final CliContext context;
    private final SidecarLocator sidecars;

    CliBindingsModule(CliContext context, SidecarLocator sidecars) {
        this.context = context;
        this.sidecars = sidecars;
    }

    @Provides
    @Singleton
    CliContext context() {
        return context;
    }

    @Provides
    @Singleton
    SidecarLocator sidecars() {
        return sidecars;
    }

    @Provides
    @Singleton
    EmulatorLauncher emulatorLauncher() {
        return new EmbeddedEmulators();
    }
}
