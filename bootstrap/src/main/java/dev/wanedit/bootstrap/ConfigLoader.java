package dev.wanedit.bootstrap;

import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.bootstrap.ConfigSources.Setting;
import dev.wanedit.domain.catalog.Region;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves {@link AppConfig} with the precedence flags &gt; environment &gt; config file &gt;
 * defaults, and checks every setting before anything runs, so that a bad one is a usage error
 * naming its option, variable or key (and every bad one is named at once) instead of a failure
 * after a job was journaled. The config file is {@code --config FILE}, else
 * {@code ~/.config/wanedit/config.properties} when it exists. API keys come only from the
 * environment or the file, never from a flag.
 */
public final class ConfigLoader {

    /** The largest poll scale accepted: polling a hundred times slower than the documented times. */
    static final double MAX_POLL_SCALE = 100;
    /** Lease times accepted ({@code WANEDIT_LEASE_SECONDS}): at least a second (tests), at most an hour. */
    static final long MIN_LEASE_SECONDS = 1;
    static final long MAX_LEASE_SECONDS = 3600;

    /** Raised for configuration a person must fix; the message lists every problem found. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient List<String> problems;

        public ConfigException(String message) {
            this(List.of(message));
        }

        public ConfigException(List<String> problems) {
            super(format(problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }

        private static String format(List<String> problems) {
            if (problems.size() == 1) {
                return problems.get(0);
            }
            StringBuilder b = new StringBuilder(problems.size() + " problems with the configuration; nothing was run:");
            problems.forEach(p -> b.append("\n  - ").append(p));
            return b.toString();
        }
    }

    /**
     * The global flags that affect configuration, as parsed from the command line (null = not given).
     *
     * @param storesResults whether the command stores result images (edit, generate, wait, resume,
     *     batch), so that the output folder must be usable before the command runs
     * @param provider {@code --provider}, as given
     */
    public record Flags(String region, String endpoint, Path out, Path config, boolean emulator, boolean storesResults,
                        String provider) {

        public Flags(String region, String endpoint, Path out, Path config, boolean emulator, boolean storesResults) {
            this(region, endpoint, out, config, emulator, storesResults, null);
        }

        public Flags(String region, String endpoint, Path out, Path config, boolean emulator) {
            this(region, endpoint, out, config, emulator, false);
        }
    }


    private final Map<String, String> env;
    private final Path userHome;
    private final boolean readsConfigFile;

    public ConfigLoader(Map<String, String> env, Path userHome) {
        this(env, userHome, true);
    }

    /**
     * @param readsConfigFile whether {@code ~/.config/wanedit/config.properties} is read when no
     *     {@code --config} is given: the command line does; the embedding API's builder, whose
     *     settings are all in code, does not (a stray file in the service user's home must not
     *     change a service)
     */
    public ConfigLoader(Map<String, String> env, Path userHome, boolean readsConfigFile) {
        this.env = env;
        this.userHome = userHome;
        this.readsConfigFile = readsConfigFile;
    }

    public AppConfig load(Flags flags) {
        List<String> problems = new ArrayList<>();
        Path configFile = flags.config() != null ? flags.config() : userHome.resolve(".config/wanedit/config.properties");
        Properties file = readsConfigFile || flags.config() != null ? ConfigSources.readFile(configFile, flags.config() != null) : new Properties();
        String fileLabel = "in " + configFile;
        ConfigSources sources = new ConfigSources(env, file, fileLabel);

        Region region = Region.BEIJING;
        Setting regionText = sources.pick(flags.region(), "--region", "DASHSCOPE_REGION", "region");
        if (regionText != null) {
            try {
                region = Region.parse(regionText.value());
            } catch (IllegalArgumentException e) {
                problems.add(regionText.quoted() + ": " + e.getMessage());
            }
        }

        Optional<URI> endpoint = Optional.empty();
        Setting endpointText = sources.pick(flags.endpoint(), "--endpoint", "WANEDIT_ENDPOINT", "endpoint");
        if (endpointText != null) {
            endpoint = ConfigChecks.endpoint(endpointText, problems);
        }

        Setting homeText = sources.pick(null, null, "WANEDIT_HOME", "home");
        Path home = homeText == null ? userHome.resolve(".wanedit") : ConfigChecks.path(homeText, problems);
        Setting outText = flags.out() != null ? new Setting(flags.out().toString(), "--out")
                : sources.pick(null, null, "WANEDIT_OUT", "out");
        Path out = outText == null ? Path.of("wanedit-out") : ConfigChecks.path(outText, problems);
        Setting journalText = sources.pick(null, null, "WANEDIT_JOURNAL", "journal");
        Optional<AppConfig.JournalServer> journalServer = Optional.empty();
        boolean onServer = journalText != null && PostgresTarget.isPostgres(journalText.value());
        Path journal;
        if (onServer) {
            journalServer = ConfigChecks.journalServer(journalText, env, problems);
            journal = home == null ? null : home.resolve("journal.db"); // not used: the journal is on the server
        } else {
            journal = journalText != null ? ConfigChecks.path(journalText, problems) : home == null ? null : home.resolve("journal.db");
        }
        if (journal != null && !onServer) {
            ConfigChecks.checkJournal(journal, journalText != null ? journalText
                    : homeText != null ? homeText : new Setting(home.toString(), "the default home (~/.wanedit)"),
                    journalText == null, problems);
        }
        if (out != null && flags.storesResults()) {
            ConfigChecks.checkFolder(out, outText != null ? outText : new Setting(out.toString(), "the default output folder"),
                    "results are stored in it", problems);
        }

        Map<Region, String> keys = new EnumMap<>(Region.class);
        for (Region r : Region.values()) {
            String key = ConfigSources.first(env.get("DASHSCOPE_API_KEY_" + r.name()), file.getProperty("api-key." + r.id()));
            if (key == null) {
                key = ConfigSources.first(env.get("DASHSCOPE_API_KEY"), file.getProperty("api-key"));
            }
            if (key != null) {
                keys.put(r, key.trim());
            }
        }

        Optional<AppConfig.OssConfig> oss = ConfigChecks.oss(sources, problems);

        double pollScale = 1;
        Setting scaleText = sources.pick(null, null, "WANEDIT_POLL_SCALE", "poll-scale");
        if (scaleText != null) {
            try {
                pollScale = Double.parseDouble(scaleText.value().trim());
                if (!(pollScale > 0 && pollScale <= MAX_POLL_SCALE)) {
                    problems.add(scaleText.quoted() + ": must be a number above 0 and at most " + (int) MAX_POLL_SCALE
                            + " (1 for the real service, an emulator's time scale such as 0.05 for an emulator)");
                }
            } catch (NumberFormatException e) {
                problems.add(scaleText.quoted() + ": is not a number (1 for the real service, e.g. 0.05 for an emulator)");
            }
        }
        Duration lease = JobJournals.DEFAULT_LEASE;
        Setting leaseText = sources.pick(null, null, "WANEDIT_LEASE_SECONDS", "lease-seconds");
        if (leaseText != null) {
            try {
                long seconds = Long.parseLong(leaseText.value().trim());
                if (seconds < MIN_LEASE_SECONDS || seconds > MAX_LEASE_SECONDS) {
                    problems.add(leaseText.quoted() + ": must be a whole number of seconds from " + MIN_LEASE_SECONDS + " to "
                            + MAX_LEASE_SECONDS + " (default " + JobJournals.DEFAULT_LEASE.toSeconds() + ")");
                } else {
                    lease = Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                problems.add(leaseText.quoted() + ": is not a whole number of seconds (default "
                        + JobJournals.DEFAULT_LEASE.toSeconds() + ")");
            }
        }
        AppConfig.Provider provider = provider(flags, sources, endpointText, problems);
        if (provider == AppConfig.Provider.LOCAL && scaleText == null) {
            pollScale = LOCAL_POLL_SCALE; // local tasks end in seconds, not in the documented tens of seconds
        }
        Duration localTaskTime = Duration.ZERO;
        Setting taskText = sources.pick(null, null, "WANEDIT_LOCAL_TASK_SECONDS", "local.task-seconds");
        if (taskText != null) {
            try {
                long seconds = Long.parseLong(taskText.value().trim());
                if (seconds < 0 || seconds > MAX_LOCAL_TASK_SECONDS) {
                    problems.add(taskText.quoted() + ": must be a whole number of seconds from 0 to " + MAX_LOCAL_TASK_SECONDS
                            + " (default 0: a local task is done when created)");
                } else {
                    localTaskTime = Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                problems.add(taskText.quoted() + ": is not a whole number of seconds (default 0)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AppConfig(region, endpoint.map(URI::toString), out, home, journal, keys, oss, flags.emulator(), pollScale,
                journalServer, lease, provider, localTaskTime);
    }

    /** The poll scale with the local provider unless one is set: a wanx2.1 task is first polled after 0.25 s, not 5 s. */
    static final double LOCAL_POLL_SCALE = 0.05;

    /** The longest a local provider's task may be made to take ({@code WANEDIT_LOCAL_TASK_SECONDS}). */
    static final long MAX_LOCAL_TASK_SECONDS = 3600;

    /**
     * {@code dashscope} (the default) or {@code local}. The local provider sends nothing anywhere, so
     * an endpoint or the embedded emulator with it is a mistake to point out, not to ignore.
     */
    private static AppConfig.Provider provider(Flags flags, ConfigSources sources, Setting endpointText,
                                               List<String> problems) {
        Setting text = sources.pick(flags.provider(), "--provider", "WANEDIT_PROVIDER", "provider");
        if (text == null) {
            return AppConfig.Provider.DASHSCOPE;
        }
        String name = text.value().trim().toLowerCase(Locale.ROOT);
        for (AppConfig.Provider p : AppConfig.Provider.values()) {
            if (p.id().equals(name)) {
                if (p == AppConfig.Provider.LOCAL && endpointText != null) {
                    problems.add(endpointText.quoted() + ": an endpoint has no meaning with " + text.quoted()
                            + " (the local provider sends nothing anywhere); unset it, or use --provider dashscope");
                }
                if (p == AppConfig.Provider.LOCAL && flags.emulator()) {
                    problems.add("--emulator: the embedded DashScope emulator has no meaning with " + text.quoted()
                            + "; use one or the other");
                }
                return p;
            }
        }
        problems.add(text.quoted() + ": is not a provider; it must be dashscope or local");
        return AppConfig.Provider.DASHSCOPE;
    }
}
