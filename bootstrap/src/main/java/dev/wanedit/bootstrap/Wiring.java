package dev.wanedit.bootstrap;

import com.aliyun.oss.OSS;
import com.google.inject.Module;
import dev.wanedit.adapter.cli.CliContext;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.dashscope.ApiKeys;
import dev.wanedit.adapter.dashscope.DashScopeModule;
import dev.wanedit.adapter.dashscope.DashScopeSettings;
import dev.wanedit.adapter.local.LocalProviderModule;
import dev.wanedit.adapter.local.LocalProviderSettings;
import dev.wanedit.adapter.storage.inspect.ImageInspectionModule;
import dev.wanedit.adapter.storage.jobs.JobJournal;
import dev.wanedit.adapter.storage.jobs.JobJournalModule;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.local.LocalResultStores;
import dev.wanedit.adapter.storage.local.LocalStorageModule;
import dev.wanedit.adapter.storage.oss.OssClientFactory;
import dev.wanedit.adapter.storage.oss.OssInputsModule;
import dev.wanedit.adapter.storage.oss.OssResultStores;
import dev.wanedit.adapter.storage.oss.OssSettings;
import dev.wanedit.adapter.storage.oss.OssStorageModule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
            "resume", "batch", "report", "studio", "journal");

    /**
     * The commands that only read the journal: a journal file that does not exist or is empty is not
     * created for them (they read an empty journal), so a lost journal stays as it was found.
     */
    static final java.util.Set<String> READING_COMMANDS = java.util.Set.of("jobs", "report");

    private final List<Module> modules = new ArrayList<>();
    private final Optional<OSS> ossClient;
    private final JobJournal journal;
    private final ApplicationModule application;
    private final java.time.Duration presignTtl;

    Wiring(AppConfig config, boolean interactive) {
        this(config, interactive, false);
    }

    /** @param onlyReads the command only reads the journal ({@link #READING_COMMANDS}) */
    Wiring(AppConfig config, boolean interactive, boolean onlyReads) {
        this(config, onlyReads, ApiKeys.of(config.keys()));
        CliContext context = CliContext.of(interactive, config.region(), java.time.Clock.systemUTC());
        modules.add(new CliBindingsModule(context, sidecars()));
        modules.add(new WebBindingsModule(config.home(), config.outDir(), config.region(), presignTtl));
    }

    /**
     * The core alone, for the embedding API ({@link EmbeddedWiring}): the application, DashScope
     * (with these keys), image inspection, the journal and the result store, and nothing of the
     * command line or the web pages, so that a service needs neither on its classpath.
     */
    static Wiring core(AppConfig config, ApiKeys keys) {
        return new Wiring(config, false, keys);
    }

    private Wiring(AppConfig config, boolean onlyReads, ApiKeys keys) {
        journal = journal(config, onlyReads);
        // Jobs remember the absolute local output folder; with OSS the store decides where results go.
        application = new ApplicationModule(config.pollScale(), config.resultsInOss() ? Optional.empty()
                : Optional.of(config.outDir().toAbsolutePath().normalize().toString()), config.localEndpoint());
        modules.add(application);
        modules.add(providerModule(config, keys));
        modules.add(new ImageInspectionModule());
        modules.add(new JobJournalModule(journal));
        java.time.Duration ttl = OssSettings.DEFAULT_PRESIGN_TTL;
        Optional<AppConfig.OssConfig> oss = config.oss();
        // An OSS endpoint lets inputs come from the user's own bucket; a bucket as well stores results there.
        ossClient = oss.map(o -> OssClientFactory.create(o.endpoint()));
        ossClient.ifPresent(client -> modules.add(new OssInputsModule(oss.get().endpoint(), client)));
        if (config.resultsInOss()) {
            AppConfig.OssConfig o = oss.get();
            OssSettings settings = new OssSettings(o.endpoint(), o.bucket(), o.prefix(),
                    OssSettings.of(o.endpoint(), o.bucket()).multipartThresholdBytes(), OssSettings.of(o.endpoint(), o.bucket()).presignTtl());
            modules.add(new OssStorageModule(settings, ossClient.get()));
            ttl = settings.presignTtl();
        } else {
            modules.add(new LocalStorageModule(config.outDir()));
        }
        presignTtl = ttl;
    }

    /**
     * The sidecar of a stored result, by the naming rule of the store that stored it, which its
     * location tells (not today's settings: a job stored in OSS is still shown right by a command
     * run without them): {@code oss://bucket/key} has the companion object {@code <key>.json}; a
     * local {@code <n>.<ext>} has {@code <n>.json}, named only when that file is there (one whose
     * write failed is not).
     */
    static SidecarLocator sidecars() {
        return location -> {
            if (location.startsWith("oss://")) {
                return Optional.of(OssResultStores.sidecarOf(location));
            }
            try {
                return Optional.of(LocalResultStores.sidecarOf(Path.of(location))).filter(Files::isRegularFile).map(Path::toString);
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
        };
    }

    List<Module> modules() {
        return List.copyOf(modules);
    }

    /** The SQLite journal in the configured file, or the PostgreSQL journal when one is configured; not opened yet. */
    private static JobJournal journal(AppConfig config, boolean onlyReads) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        if (config.journalServer().isPresent()) {
            AppConfig.JournalServer server = config.journalServer().get();
            server.credentials().secret().ifPresent(p -> dev.wanedit.bootstrap.logging.Secrets.register(List.of(p)));
            return JobJournals.postgres(server.target(), server.credentials(), clock, config.leaseTime());
        }
        return onlyReads ? JobJournals.sqliteForReading(config.journal(), clock, config.leaseTime())
                : JobJournals.sqlite(config.journal(), clock, config.leaseTime());
    }

    JobJournal journal() {
        return journal;
    }

    /**
     * The provider behind {@code ImageEditingService} and {@code ResultDownloader}; the journal,
     * stores, batch and CLI are the same whichever it is. A new provider is one more case here.
     */
    static Module providerModule(AppConfig config, ApiKeys keys) {
        return switch (config.provider()) {
            case DASHSCOPE -> new DashScopeModule(dashScopeSettings(config, keys));
            case LOCAL -> new LocalProviderModule(LocalProviderSettings.of(config.localProviderFolder())
                    .withTaskTime(config.localTaskTime()));
        };
    }

    /** DashScope settings: keys per region, the endpoint override, and loopback result hosts when pointed at one. */
    static DashScopeSettings dashScopeSettings(AppConfig config) {
        return dashScopeSettings(config, ApiKeys.of(config.keys()));
    }

    /** As above, with the keys given (the embedding API's key supplier, asked on every call). */
    static DashScopeSettings dashScopeSettings(AppConfig config, ApiKeys keys) {
        DashScopeSettings.Builder b = DashScopeSettings.builder(keys);
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
            application.shutdown();
        } finally {
            try {
                journal.close();
            } finally {
                ossClient.ifPresent(OSS::shutdown);
            }
        }
    }
}
