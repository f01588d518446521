package dev.wanedit.adapter.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ResultDownloader;

/**
 * Guice wiring of the local provider: binds {@link ImageEditingService} and {@link ResultDownloader}
 * from {@link LocalProviderSettings}, in place of {@code DashScopeModule}. Bindings only; nothing
 * here does I/O (the provider creates its folder on its first task).
 */
public final class LocalProviderModule extends AbstractModule {

    private final LocalProviderSettings settings;

    public LocalProviderModule(LocalProviderSettings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Provides
    @Singleton
    ImageEditingService imageEditingService() {
        return new LocalImageEditing(settings);
    }

    @Provides
    @Singleton
    ResultDownloader resultDownloader() {
        return new LocalResultDownloader(settings);
    }
}
