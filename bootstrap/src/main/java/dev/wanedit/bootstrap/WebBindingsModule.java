package dev.wanedit.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import dev.wanedit.adapter.cli.ReportRenderer;
import dev.wanedit.adapter.cli.StudioLauncher;
import dev.wanedit.adapter.storage.oss.OssInputResolver;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Binds the CLI's {@link ReportRenderer} and {@link StudioLauncher} to the web adapter. The
 * bindings are unscoped and the commands take them through providers, so nothing of the web
 * adapter (its templates, the HTTP server) is loaded unless {@code report} or {@code studio} runs:
 * this module's signatures name only CLI, application and storage types.
 */
final class WebBindingsModule extends AbstractModule {

    private final Path home;
    private final Path outDir;
    private final Region region;
    private final Duration presignTtl;

    /**
     * @param home wanedit's home; the studio keeps painted masks and chosen images in {@code home/studio}
     * @param outDir the results folder, where a report goes by default (next to the results it shows)
     * @param presignTtl how long the OSS store's signed links live (ignored without OSS)
     */
    WebBindingsModule(Path home, Path outDir, Region region, Duration presignTtl) {
        this.home = home;
        this.outDir = outDir;
        this.region = region;
        this.presignTtl = presignTtl;
    }

    @Override
    protected void configure() {
        // bound by OssStorageModule when results go to OSS; absent with the local store
        OptionalBinder.newOptionalBinder(binder(), OssInputResolver.class);
    }

    @Provides
    ReportRenderer reportRenderer(ManageJobs jobs, Optional<OssInputResolver> oss, Clock clock) {
        return new WebReports(jobs, WebReports.links(oss, presignTtl, clock), clock, outDir);
    }

    @Provides
    StudioLauncher studioLauncher(ManageJobs jobs, ValidateEdit validate, SubmitEdit submit, AwaitJob await, ModelCatalog catalog,
                                  Optional<OssInputResolver> oss, Clock clock) {
        return new WebStudios(jobs, validate, submit, await, catalog, WebReports.links(oss, presignTtl, clock), clock,
                home.resolve("studio"), region);
    }
}
