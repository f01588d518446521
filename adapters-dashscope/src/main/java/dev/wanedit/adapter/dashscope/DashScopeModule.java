package dev.wanedit.adapter.dashscope;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ResultDownloader;
import java.net.http.HttpClient;

/**
 * Guice wiring of the DashScope adapter: binds {@link ImageEditingService} and
 * {@link ResultDownloader} from {@link DashScopeSettings}. Bindings only; nothing here does I/O
 * (the JDK HTTP client opens connections lazily).
 */
public final class DashScopeModule extends AbstractModule {

    private final DashScopeSettings settings;

    public DashScopeModule(DashScopeSettings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Provides
    @Singleton
    DashScopeSettings settings() {
        return settings;
    }

    @Provides
    @Singleton
    @DashScopeHttp
    HttpClient httpClient(DashScopeSettings s) {
        return DashScopeClients.httpClient(s);
    }

    @Provides
    @Singleton
    ImageEditingService imageEditingService(DashScopeSettings s, @DashScopeHttp Provider<HttpClient> http) {
        // the HTTP client (and its TLS context) is made on the first call that sends something, not for a preview
        return DashScopeImageEditing.create(s, http::get);
    }

    @Provides
    @Singleton
    ResultDownloader resultDownloader(DashScopeSettings s, @DashScopeHttp HttpClient http) {
        return new DashScopeResultDownloader(s, http);
    }
}
