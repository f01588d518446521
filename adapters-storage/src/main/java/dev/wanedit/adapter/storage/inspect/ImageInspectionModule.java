package dev.wanedit.adapter.storage.inspect;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.ImageInspector;

/** Guice module: binds {@link ImageInspector} to the header-only inspector. */
public final class ImageInspectionModule extends AbstractModule {

    @Provides
    @Singleton
    ImageInspector imageInspector() {
        return new HeaderImageInspector();
    }
}
