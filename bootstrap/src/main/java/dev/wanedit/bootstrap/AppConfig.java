package dev.wanedit.bootstrap;

import dev.wanedit.domain.Region;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything wanedit is configured with, resolved once in {@code main} by {@link ConfigLoader}
 * (flags, then environment, then the config file, then defaults).
 *
 * @param endpoint a base URL replacing the region's DashScope host (emulator, proxy, workspace host)
 * @param outDir where result images and sidecars go
 * @param home wanedit's own folder ({@code WANEDIT_HOME}, default {@code ~/.wanedit})
 * @param journal the job journal's SQLite file (default {@code <home>/journal.db})
 * @param oss the OSS result store, when configured; local storage otherwise
 */
public record AppConfig(Region region, Optional<String> endpoint, Path outDir, Path home, Path journal, ApiKeys keys,
                        Optional<OssConfig> oss, boolean emulator) {

    /** Where results go in OSS; credentials come from the environment through the SDK, never from here. */
    public record OssConfig(String endpoint, String bucket, String prefix) {
    }

    public AppConfig withEndpoint(String url) {
        return new AppConfig(region, Optional.of(url), outDir, home, journal, keys, oss, emulator);
    }

    public AppConfig withKeys(ApiKeys newKeys) {
        return new AppConfig(region, endpoint, outDir, home, journal, newKeys, oss, emulator);
    }
}
