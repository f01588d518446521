package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.out.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of the DashScope adapter. Build it with {@link #builder(ApiKeys)}; every field has
 * a safe default except the keys.
 *
 * @param apiKeys the key of each region; never logged, never in messages
 * @param endpoint an override base URL ({@code http://127.0.0.1:PORT}, a proxy, a workspace host)
 *     under which {@code /api/v1} lives; empty for the region's own host
 * @param connectTimeout connect timeout of every call
 * @param readTimeout time to the response headers of every API call except the sync generation
 * @param syncReadTimeout time to the response of a synchronous wan2.7 call (the service allows
 *     up to about 300 s, protocol §3.4)
 * @param uploadTimeout time for one temporary-upload form POST
 * @param inlineMaxBytes local files up to this size are sent inline as {@code data:} URIs; larger
 *     ones go through the temporary upload
 * @param forceUpload upload every local file, whatever its size
 * @param uploadValidity how long a completed upload is reused (by content, model, region); the
 *     service keeps the object about 48 h (UNCONFIRMED, protocol §3.3), so the default is 24 h
 * @param downloadHostPatterns host globs results may be downloaded from; {@code *} matches one DNS
 *     label fragment (letters, digits, hyphens)
 * @param plainHttpDownloadHosts hosts that may be downloaded from over plain http (an emulator on
 *     loopback); empty by default, so only https is used
 * @param maxDownloadBytes the size cap of one result download
 * @param downloadTimeout time to the response headers of a download
 * @param maxAttempts attempts of a repeatable call (1 = no retry)
 * @param retryBackoff the first backoff; doubled per attempt, with jitter
 * @param maxRetryBackoff the longest backoff; a {@code Retry-After} above it is not waited for here
 * @param sleeper waits between retries (tests pass one that returns at once)
 * @param clock the clock for {@code Retry-After} dates and the upload cache
 */
public record DashScopeSettings(ApiKeys apiKeys, Optional<URI> endpoint, Duration connectTimeout, Duration readTimeout,
                                Duration syncReadTimeout, Duration uploadTimeout, long inlineMaxBytes,
                                boolean forceUpload, Duration uploadValidity, List<String> downloadHostPatterns,
                                Set<String> plainHttpDownloadHosts, long maxDownloadBytes, Duration downloadTimeout,
                                int maxAttempts, Duration retryBackoff, Duration maxRetryBackoff, Sleeper sleeper,
                                Clock clock) {

    /** Result hosts documented in the seeds: {@code dashscope-result-bj.oss-cn-beijing.aliyuncs.com} and kin. */
    public static final List<String> DEFAULT_DOWNLOAD_HOSTS = List.of("dashscope-result-*.oss-*.aliyuncs.com");

    public DashScopeSettings {
        Objects.requireNonNull(apiKeys, "apiKeys");
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        endpoint.ifPresent(DashScopeSettings::checkEndpoint);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(syncReadTimeout, "syncReadTimeout");
        requirePositive(uploadTimeout, "uploadTimeout");
        requirePositive(downloadTimeout, "downloadTimeout");
        requirePositive(uploadValidity, "uploadValidity");
        if (inlineMaxBytes < 0) {
            throw new IllegalArgumentException("inlineMaxBytes must not be negative");
        }
        if (maxDownloadBytes <= 0) {
            throw new IllegalArgumentException("maxDownloadBytes must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
        downloadHostPatterns = List.copyOf(downloadHostPatterns);
        plainHttpDownloadHosts = Set.copyOf(plainHttpDownloadHosts);
    }

    /** Defaults: region hosts, 10 s connect, 60 s read, 300 s sync, 1 MB inline, 3 attempts, 100 MB downloads. */
    public static Builder builder(ApiKeys apiKeys) {
        return new Builder(apiKeys);
    }

    /** The defaults with these keys. */
    public static DashScopeSettings defaults(ApiKeys apiKeys) {
        return builder(apiKeys).build();
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    private static void checkEndpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s) base URL such as http://127.0.0.1:8080, got "
                    + Redaction.redact(uri.toString()));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must be a plain base URL without query, fragment or user info");
        }
    }

    @Override
    public String toString() {
        return "DashScopeSettings[keys=" + apiKeys + ", endpoint=" + endpoint.map(URI::toString).orElse("region default")
                + ", inlineMaxBytes=" + inlineMaxBytes + ", forceUpload=" + forceUpload + ", downloadHosts="
                + downloadHostPatterns + ", plainHttpDownloadHosts=" + plainHttpDownloadHosts + "]";
    }

    /** Builds {@link DashScopeSettings}. */
    public static final class Builder {
        private final ApiKeys apiKeys;
        private URI endpoint;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration syncReadTimeout = Duration.ofSeconds(300);
        private Duration uploadTimeout = Duration.ofSeconds(300);
        private long inlineMaxBytes = 1024L * 1024L;
        private boolean forceUpload;
        private Duration uploadValidity = Duration.ofHours(24);
        private final List<String> downloadHostPatterns = new ArrayList<>(DEFAULT_DOWNLOAD_HOSTS);
        private final Set<String> plainHttpDownloadHosts = new LinkedHashSet<>();
        private long maxDownloadBytes = 100L * 1024L * 1024L;
        private Duration downloadTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration maxRetryBackoff = Duration.ofSeconds(10);
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();

        private Builder(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        public Builder syncReadTimeout(Duration d) {
            this.syncReadTimeout = d;
            return this;
        }

        public Builder uploadTimeout(Duration d) {
            this.uploadTimeout = d;
            return this;
        }

        public Builder inlineMaxBytes(long bytes) {
            this.inlineMaxBytes = bytes;
            return this;
        }

        public Builder forceUpload(boolean force) {
            this.forceUpload = force;
            return this;
        }

        public Builder uploadValidity(Duration d) {
            this.uploadValidity = d;
            return this;
        }

        /** Replaces the download allow-list. */
        public Builder downloadHostPatterns(List<String> patterns) {
            this.downloadHostPatterns.clear();
            this.downloadHostPatterns.addAll(patterns);
            return this;
        }

        /** Adds a host glob to the download allow-list. */
        public Builder allowDownloadHost(String pattern) {
            this.downloadHostPatterns.add(pattern);
            return this;
        }

        /** Allows downloads over plain http from this exact host (and adds it to the allow-list). */
        public Builder allowPlainHttpDownloads(String host) {
            this.plainHttpDownloadHosts.add(host.toLowerCase(Locale.ROOT));
            this.downloadHostPatterns.add(host);
            return this;
        }

        public Builder maxDownloadBytes(long bytes) {
            this.maxDownloadBytes = bytes;
            return this;
        }

        public Builder downloadTimeout(Duration d) {
            this.downloadTimeout = d;
            return this;
        }

        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        public Builder retryBackoff(Duration first, Duration max) {
            this.retryBackoff = first;
            this.maxRetryBackoff = max;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public DashScopeSettings build() {
            return new DashScopeSettings(apiKeys, Optional.ofNullable(endpoint), connectTimeout, readTimeout,
                    syncReadTimeout, uploadTimeout, inlineMaxBytes, forceUpload, uploadValidity,
                    downloadHostPatterns, plainHttpDownloadHosts, maxDownloadBytes, downloadTimeout, maxAttempts,
                    retryBackoff, maxRetryBackoff, sleeper, clock);
        }
    }
}
