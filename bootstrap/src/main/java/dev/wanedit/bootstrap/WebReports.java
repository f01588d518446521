package dev.wanedit.bootstrap;

import dev.wanedit.adapter.cli.ReportRenderer;
import dev.wanedit.adapter.storage.oss.OssInputResolver;
import dev.wanedit.adapter.web.DesktopOpener;
import dev.wanedit.adapter.web.HtmlReports;
import dev.wanedit.adapter.web.SignedLinks;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.domain.request.ImageInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** {@link ReportRenderer} on the web adapter's {@link HtmlReports}; a report goes next to the results by default. */
final class WebReports implements ReportRenderer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final HtmlReports reports;
    private final Clock clock;
    private final Path outDir;

    WebReports(ManageJobs jobs, SignedLinks links, Clock clock, Path outDir) {
        this.reports = new HtmlReports(jobs, links, clock);
        this.clock = clock;
        this.outDir = outDir;
    }

    /** Signed links through the OSS store's presigner, when results go to OSS. */
    static SignedLinks links(Optional<OssInputResolver> oss, Duration ttl, Clock clock) {
        if (oss.isEmpty()) {
            return SignedLinks.none();
        }
        OssInputResolver resolver = oss.get();
        return uri -> {
            ImageInput.OssImage object;
            try {
                object = ImageInput.OssImage.parse(uri);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            java.time.Instant expires = clock.instant().plus(ttl);
            return Optional.of(new SignedLinks.SignedLink(resolver.resolve(object), expires));
        };
    }

    @Override
    public Written write(Request r) {
        String name = "wanedit-report-" + STAMP.format(clock.instant()) + ".html";
        Path file = r.output().map(p -> Files.isDirectory(p) ? p.resolve(name) : p).orElse(outDir.resolve(name));
        HtmlReports.Written w = reports.write(new HtmlReports.Selection(r.jobs(), r.batch(), r.since(), r.states(), r.limit()), file,
                r.embed());
        return new Written(w.file(), w.jobs());
    }

    @Override
    public Optional<String> open(Path file) {
        return DesktopOpener.forThisMachine().open(file);
    }
}
