package dev.wanedit.bootstrap;

import dev.wanedit.adapter.cli.StudioLauncher;
import dev.wanedit.adapter.web.SignedLinks;
import dev.wanedit.adapter.web.Studio;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** {@link StudioLauncher} on the web adapter's {@link Studio}. */
final class WebStudios implements StudioLauncher {

    /** How long the studio follows a submitted job, as {@code wanedit edit --timeout} does by default. */
    static final Duration WAIT = Duration.ofMinutes(30);

    private final Studio.Ports ports;
    private final Path folder;
    private final Region region;

    WebStudios(ManageJobs jobs, ValidateEdit validate, SubmitEdit submit, AwaitJob await, ModelCatalog catalog, SignedLinks links,
               Clock clock, Path folder, Region region) {
        this.ports = new Studio.Ports(jobs, validate, submit, await, catalog, links, clock);
        this.folder = folder;
        this.region = region;
    }

    @Override
    public RunningStudio start(int port) {
        Studio studio = Studio.start(new Studio.Settings(port, folder, region, WAIT), ports);
        return new RunningStudio() {
            @Override
            public String url() {
                return studio.url();
            }

            @Override
            public void awaitTermination() throws InterruptedException {
                studio.awaitTermination();
            }

            @Override
            public void close() {
                studio.close();
            }
        };
    }
}
