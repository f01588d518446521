package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.OSS;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResults;
import java.time.Clock;

/**
 * Guice module: binds {@link ResultStore} to the OSS store and {@link OssInputResolver} to the
 * presigner, both on the one client bootstrap created with {@link OssClientFactory} and will shut
 * down. Needs {@link Clock} and {@link ImageInspector} bindings. Installed instead of
 * {@code LocalStorageModule}; bootstrap chooses.
 */
public final class OssStorageModule extends AbstractModule {

    private final OssSettings settings;
    private final OSS client;

    public OssStorageModule(OssSettings settings, OSS client) {
        this.settings = settings;
        this.client = client;
    }

    @Provides
    @Singleton
    ResultStore resultStore(Clock clock, ImageInspector inspector) {
        return new OssResultStore(client, settings, clock, inspector);
    }

    /**
     * Results in a bucket are not searched when the journal lost a job: listing a prefix of sidecars
     * costs requests and time on every batch; the journal (or a PostgreSQL one) is what keeps them.
     */
    @Provides
    @Singleton
    StoredResults storedResults() {
        return StoredResults.none();
    }

    @Provides
    @Singleton
    OssInputResolver inputResolver(Clock clock) {
        return new OssPresigner(client, settings, clock);
    }
}
