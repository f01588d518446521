package dev.wanedit.bootstrap;

import dev.wanedit.domain.Region;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves {@link AppConfig} with the precedence flags &gt; environment &gt; config file &gt;
 * defaults. The config file is {@code --config FILE}, else {@code ~/.config/wanedit/config.properties}
 * when it exists. API keys come only from the environment or the file, never from a flag.
 */
public final class ConfigLoader {

    /** Raised for configuration a person must fix (bad region, unreadable --config file). */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    /** The global flags that affect configuration, as parsed from the command line (null = not given). */
    public record Flags(String region, String endpoint, Path out, Path config, boolean emulator) {
    }

    private final Map<String, String> env;
    private final Path userHome;

    public ConfigLoader(Map<String, String> env, Path userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    public AppConfig load(Flags flags) {
        Properties file = readFile(flags.config());
        String regionText = first(flags.region(), env.get("DASHSCOPE_REGION"), file.getProperty("region"), "beijing");
        Region region;
        try {
            region = Region.parse(regionText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Optional<String> endpoint = Optional.ofNullable(first(flags.endpoint(), env.get("WANEDIT_ENDPOINT"),
                file.getProperty("endpoint"), null));
        Path home = Path.of(first(null, env.get("WANEDIT_HOME"), file.getProperty("home"),
                userHome.resolve(".wanedit").toString()));
        Path out = flags.out() != null ? flags.out()
                : Path.of(first(null, env.get("WANEDIT_OUT"), file.getProperty("out"), "wanedit-out"));
        Path journal = Path.of(first(null, env.get("WANEDIT_JOURNAL"), file.getProperty("journal"),
                home.resolve("journal.db").toString()));
        Map<Region, String> keys = new EnumMap<>(Region.class);
        for (Region r : Region.values()) {
            String suffix = r.name();
            String key = first(null, env.get("DASHSCOPE_API_KEY_" + suffix), file.getProperty("api-key." + r.id()), null);
            if (key == null) {
                key = first(null, env.get("DASHSCOPE_API_KEY"), file.getProperty("api-key"), null);
            }
            if (key != null) {
                keys.put(r, key.trim());
            }
        }
        Optional<AppConfig.OssConfig> oss = Optional.empty();
        String bucket = first(null, env.get("OSS_BUCKET"), file.getProperty("oss.bucket"), null);
        if (bucket != null) {
            String ossEndpoint = first(null, env.get("OSS_ENDPOINT"), file.getProperty("oss.endpoint"), null);
            if (ossEndpoint == null) {
                throw new ConfigException("OSS_BUCKET is set but OSS_ENDPOINT (or oss.endpoint in the config file) is not");
            }
            oss = Optional.of(new AppConfig.OssConfig(ossEndpoint, bucket,
                    first(null, env.get("OSS_PREFIX"), file.getProperty("oss.prefix"), "wanedit/")));
        }
        double pollScale;
        String scaleText = first(null, env.get("WANEDIT_POLL_SCALE"), file.getProperty("poll-scale"), "1");
        try {
            pollScale = Double.parseDouble(scaleText);
        } catch (NumberFormatException e) {
            throw new ConfigException("WANEDIT_POLL_SCALE \"" + scaleText + "\" is not a number");
        }
        if (!(pollScale > 0)) {
            throw new ConfigException("WANEDIT_POLL_SCALE must be positive, got " + scaleText);
        }
        return new AppConfig(region, endpoint, out, home, journal, keys, oss, flags.emulator(), pollScale);
    }

    private Properties readFile(Path explicit) {
        Path path = explicit != null ? explicit : userHome.resolve(".config/wanedit/config.properties");
        Properties p = new Properties();
        if (!Files.exists(path)) {
            if (explicit != null) {
                throw new ConfigException("config file " + explicit + " does not exist");
            }
            return p;
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage());
        }
        return p;
    }

    private static String first(String a, String b, String c, String d) {
        for (String s : new String[] {a, b, c}) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return d;
    }
}
