package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.OSS;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.OwnBucketInputs;
import java.time.Clock;

/**
 * Guice module: binds {@link OwnBucketInputs} (inputs from the user's own bucket, read and signed
 * with the configured OSS credentials) on the one client bootstrap created with
 * {@link OssClientFactory} and will shut down. Needs {@link Clock} and {@link ImageInspector}.
 * Independent of where results go: installed whenever an OSS endpoint is configured, with the
 * local or the OSS result store. The binding is an {@link OptionalBinder}'s, so that it replaces the
 * application's default (which refuses every own-bucket input, saying what to configure).
 */
public final class OssInputsModule extends AbstractModule {

    private final String endpoint;
    private final OSS client;

    /** @param endpoint the OSS endpoint the client talks to, for messages */
    public OssInputsModule(String endpoint, OSS client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    /** The same without Guice; the client stays owned by the caller. */
    public static OwnBucketInputs create(OSS client, String endpoint, Clock clock, ImageInspector inspector) {
        return new OssObjectInputs(client, endpoint, clock, inspector);
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), OwnBucketInputs.class).setBinding().to(OssObjectInputs.class);
    }

    @Provides
    @Singleton
    OssObjectInputs objectInputs(Clock clock, ImageInspector inspector) {
        return new OssObjectInputs(client, endpoint, clock, inspector);
    }
}
