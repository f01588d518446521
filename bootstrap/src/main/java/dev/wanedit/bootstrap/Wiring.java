package dev.wanedit.bootstrap;

import com.aliyun.oss.OSS;
import com.google.inject.Module;
import dev.wanedit.adapter.cli.CliContext;
import dev.wanedit.adapter.cli.SidecarLocator;
import dev.wanedit.adapter.dashscope.ApiKeys;
import dev.wanedit.adapter.dashscope.DashScopeModule;
import dev.wanedit.adapter.dashscope.DashScopeSettings;
import dev.wanedit.adapter.storage.inspect.ImageInspectionModule;
import dev.wanedit.adapter.storage.jobs.JobJournal;
import dev.wanedit.adapter.storage.jobs.JobJournalModule;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.local.LocalStorageModule;
import dev.wanedit.adapter.storage.oss.OssClientFactory;
import dev.wanedit.adapter.storage.oss.OssSettings;
import dev.wanedit.adapter.storage.oss.OssStorageModule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the modules for a configuration: the one place with decisions about wiring (local or
 * OSS storage, the SQLite or the PostgreSQL journal, which hosts results may come from), so that
 * the modules themselves stay free of conditions. Owns the OSS client and the journal it creates
 * (closing the journal stops its heartbeat and gives this process's leases back); creating them
 * does no I/O.
 */
final class Wiring implements AutoCloseable {

    /** The commands that read or write the journal: it is opened (and a database server reached) before they run. */
    static final java.util.Set<String> JOURNAL_COMMANDS = java.util.Set.of("edit", "generate", "status", "wait", "cancel", "jobs",
            "resume", "batch", "report", "studio");

    private final List<Module> modules = new ArrayList<>();
    private final Optional<OSS> ossClient;
    private final JobJournal journal;

    Wiring(AppConfig config, boolean interactive) {
        journal = journal(config);
        // Jobs remember the absolute local output folder; with OSS the store decides where results go.
        modules.add(new ApplicationModule(config.pollScale(), config.oss().isPresent() ? Optional.empty()
                : Optional.of(config.outDir().toAbsolutePath().normalize().toString()), config.localEndpoint()));
        modules.add(new DashScopeModule(dashScopeSettings(config)));
        modules.add(new ImageInspectionModule());
        modules.add(new JobJournalModule(journal));
        SidecarLocator sidecars;
        java.time.Duration presignTtl = OssSettings.DEFAULT_PRESIGN_TTL;
        if (config.oss().isPresent()) {
            AppConfig.OssConfig o = config.oss().get();
            OssSettings settings = new OssSettings(o.endpoint(), o.bucket(), o.prefix(),
                    OssSettings.of(o.endpoint(), o.bucket()).multipartThresholdBytes(), OssSettings.of(o.endpoint(), o.bucket()).presignTtl());
            OSS client = OssClientFactory.create(settings);
            ossClient = Optional.of(client);
            modules.add(new OssStorageModule(settings, client));
            presignTtl = settings.presignTtl();
            sidecars = SidecarLocator.appending(".json"); // companion object <key>.json
        } else {
            ossClient = Optional.empty();
            modules.add(new LocalStorageModule(config.outDir()));
            sidecars = location -> Optional.of(location.replaceFirst("\\.[A-Za-z0-9]+$", "") + ".json"); // <n>.png -> <n>.json
        }
        CliContext context = CliContext.of(interactive, config.region(), java.time.Clock.systemUTC());
        modules.add(new CliBindingsModule(context, sidecars));
        modules.add(new WebBindingsModule(config.home(), config.outDir(), config.region(), presignTtl));
    }

    List<Module> modules() {
        return List.copyOf(modules);
    }

    /** The SQLite journal in the configured file, or the PostgreSQL journal when one is configured; not opened yet. */
    private static JobJournal journal(AppConfig config) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        if (config.journalServer().isPresent()) {
            AppConfig.JournalServer server = config.journalServer().get();
            server.credentials().secret().ifPresent(p -> dev.wanedit.bootstrap.logging.Secrets.register(List.of(p)));
            return JobJournals.postgres(server.target(), server.credentials(), clock, config.leaseTime());
        }
        return JobJournals.sqlite(config.journal(), clock, config.leaseTime());
    }

    JobJournal journal() {
        return journal;
    }

    /** DashScope settings: keys per region, the endpoint override, and loopback result hosts when pointed at one. */
    static DashScopeSettings dashScopeSettings(AppConfig config) {
        DashScopeSettings.Builder b = DashScopeSettings.builder(ApiKeys.of(config.keys()));
        if (config.endpoint().isPresent()) {
            URI endpoint = URI.create(config.endpoint().get());
            b.endpoint(endpoint);
            if (config.localEndpoint()) {
                // an emulator on this machine serves its results itself, over plain http
                String host = endpoint.getHost();
                b.allowDownloadHost(host).allowPlainHttpDownloads(host);
            }
        }
        return b.build();
    }

    @Override
    public void close() {
        try {
            journal.close();
        } finally {
            ossClient.ifPresent(OSS::shutdown);
        }
    }
}
