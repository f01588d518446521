package dev.wanedit.adapter.storage.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResults;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Guice module: binds {@link ResultStore} to the local store under {@code outputDir}, and
 * {@link StoredResults} to the search of its folders' sidecars. Needs
 * {@link Clock} and {@link ImageInspector} bindings (the latter from {@code ImageInspectionModule}).
 * Installed instead of {@code OssStorageModule}; bootstrap chooses.
 */
public final class LocalStorageModule extends AbstractModule {

    private final Path outputDir;

    public LocalStorageModule(Path outputDir) {
        this.outputDir = outputDir;
    }

    @Provides
    @Singleton
    ResultStore resultStore(Clock clock, ImageInspector inspector) {
        return new LocalResultStore(outputDir, clock, inspector);
    }

    @Provides
    @Singleton
    StoredResults storedResults() {
        return new LocalStoredResults(outputDir);
    }
}
