package dev.wanedit.bootstrap;

import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.jobs.PostgresCredentials;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything wanedit is configured with, resolved once in {@code main} by {@link ConfigLoader}
 * (flags, then environment, then the config file, then defaults).
 *
 * @param endpoint a base URL replacing the region's DashScope host (emulator, proxy, workspace host)
 * @param outDir where result images and sidecars go
 * @param home wanedit's own folder ({@code WANEDIT_HOME}, default {@code ~/.wanedit})
 * @param journal the job journal's SQLite file (default {@code <home>/journal.db}); unused when
 *     {@code journalServer} is present
 * @param journalServer the PostgreSQL journal, when {@code WANEDIT_JOURNAL} (or {@code journal})
 *     is a {@code postgresql://} URL; its credentials come from the environment
 * @param leaseTime how long a process's job leases live without a heartbeat ({@code WANEDIT_LEASE_SECONDS})
 * @param oss OSS, when configured: inputs from the user's own bucket (an endpoint is enough), and
 *     the result store when it names a bucket; local storage otherwise
 * @param pollScale multiplies poll delays ({@code WANEDIT_POLL_SCALE}); set it to an emulator's
 *     time scale so that polling keeps pace with its faster tasks. 1 for the real service.
 * @param provider who performs the edits ({@code --provider}, {@code WANEDIT_PROVIDER}, {@code provider})
 * @param localTaskTime how long a task of the local provider takes ({@code WANEDIT_LOCAL_TASK_SECONDS})
 */
public record AppConfig(Region region, Optional<String> endpoint, Path outDir, Path home, Path journal,
                        Map<Region, String> keys, Optional<OssConfig> oss, boolean emulator, double pollScale,
                        Optional<JournalServer> journalServer, Duration leaseTime, Provider provider,
                        Duration localTaskTime) {

    /** The providers behind {@code ImageEditingService}: the one place a new provider is named (see the README). */
    public enum Provider {
        /** Alibaba Cloud Model Studio (DashScope), or an emulator or proxy at {@code --endpoint}. */
        DASHSCOPE,
        /** Deterministic ImageIO edits on this machine, kept in {@code <home>/local-provider}: no key, no network. */
        LOCAL;

        /** The name used in flags, variables and the config file. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AppConfig {
        keys = Map.copyOf(keys);
        provider = provider == null ? Provider.DASHSCOPE : provider;
        localTaskTime = localTaskTime == null ? Duration.ZERO : localTaskTime;
    }

    /** A configuration with the DashScope provider. */
    public AppConfig(Region region, Optional<String> endpoint, Path outDir, Path home, Path journal,
                     Map<Region, String> keys, Optional<OssConfig> oss, boolean emulator, double pollScale,
                     Optional<JournalServer> journalServer, Duration leaseTime) {
        this(region, endpoint, outDir, home, journal, keys, oss, emulator, pollScale, journalServer, leaseTime,
                Provider.DASHSCOPE, Duration.ZERO);
    }

    /** A configuration with the SQLite journal in {@code journal} and the default lease time. */
    public AppConfig(Region region, Optional<String> endpoint, Path outDir, Path home, Path journal,
                     Map<Region, String> keys, Optional<OssConfig> oss, boolean emulator, double pollScale) {
        this(region, endpoint, outDir, home, journal, keys, oss, emulator, pollScale, Optional.empty(), JobJournals.DEFAULT_LEASE);
    }

    /** Never shows a key or a password, only which regions have a key and whether the journal has a password. */
    @Override
    public String toString() {
        return "AppConfig[region=" + region.id() + ", endpoint=" + endpoint.orElse("(region default)") + ", out=" + outDir
                + ", journal=" + journalServer.map(JournalServer::toString).orElse(journal.toString()) + ", keys for "
                + keys.keySet() + ", oss=" + oss + ", emulator=" + emulator + ", lease=" + leaseTime.toSeconds() + "s, provider=" + provider.id() + "]";
    }

    /** The PostgreSQL journal: where it is (no secret) and its credentials (whose {@code toString} masks the password). */
    public record JournalServer(PostgresTarget target, PostgresCredentials credentials) {
        @Override
        public String toString() {
            return "postgresql://" + target.describe() + " as " + credentials;
        }
    }

    /**
     * OSS: the endpoint (for inputs from the user's own bucket and for results), and where results
     * go when {@code bucket} is set (null: results stay local). Credentials come from the
     * environment through the SDK, never from here.
     */
    public record OssConfig(String endpoint, String bucket, String prefix) {

        /** True when results are stored in {@link #bucket}. */
        public boolean storesResults() {
            return bucket != null;
        }
    }

    /** True when results go to an OSS bucket rather than the local output folder. */
    public boolean resultsInOss() {
        return oss.filter(OssConfig::storesResults).isPresent();
    }

    /**
     * True when the endpoint is on this machine (a loopback host: an emulator), so that its own
     * result URLs may be downloaded over plain http and input URLs may name local hosts, which
     * only an emulator here can fetch.
     */
    public boolean localEndpoint() {
        return endpoint.map(e -> {
            try {
                return dev.wanedit.domain.request.HostKind.of(java.net.URI.create(e).getHost()) == dev.wanedit.domain.request.HostKind.LOOPBACK;
            } catch (IllegalArgumentException ex) {
                return false;
            }
        }).orElse(false);
    }

    public AppConfig withEndpoint(String url) {
        return new AppConfig(region, Optional.of(url), outDir, home, journal, keys, oss, emulator, pollScale, journalServer, leaseTime,
                provider, localTaskTime);
    }

    public AppConfig withKeys(Map<Region, String> newKeys) {
        return new AppConfig(region, endpoint, outDir, home, journal, newKeys, oss, emulator, pollScale, journalServer, leaseTime,
                provider, localTaskTime);
    }

    public AppConfig withPollScale(double scale) {
        return new AppConfig(region, endpoint, outDir, home, journal, keys, oss, emulator, scale, journalServer, leaseTime,
                provider, localTaskTime);
    }

    public AppConfig withProvider(Provider p, Duration taskTime) {
        return new AppConfig(region, endpoint, outDir, home, journal, keys, oss, emulator, pollScale, journalServer, leaseTime,
                p, taskTime);
    }

    /** The local provider's own folder (task records and results): {@code <home>/local-provider}. */
    public Path localProviderFolder() {
        return home.resolve("local-provider");
    }
}
