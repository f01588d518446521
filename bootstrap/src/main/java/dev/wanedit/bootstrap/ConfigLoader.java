package dev.wanedit.bootstrap;

import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.jobs.PostgresCredentials;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.adapter.storage.oss.OssSettings;
import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.domain.HostKind;
import dev.wanedit.domain.Region;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

    /** A value and where it came from, for messages: {@code --endpoint}, {@code WANEDIT_ENDPOINT}, {@code endpoint in FILE}. */
    private record Setting(String value, String source) {
        String quoted() {
            return source + " \"" + Redaction.redact(value) + "\"";
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
        Properties file = readsConfigFile || flags.config() != null ? readFile(configFile, flags.config() != null) : new Properties();
        String fileLabel = "in " + configFile;

        Region region = Region.BEIJING;
        Setting regionText = pick(flags.region(), "--region", "DASHSCOPE_REGION", file, "region", fileLabel);
        if (regionText != null) {
            try {
                region = Region.parse(regionText.value());
            } catch (IllegalArgumentException e) {
                problems.add(regionText.quoted() + ": " + e.getMessage());
            }
        }

        Optional<URI> endpoint = Optional.empty();
        Setting endpointText = pick(flags.endpoint(), "--endpoint", "WANEDIT_ENDPOINT", file, "endpoint", fileLabel);
        if (endpointText != null) {
            endpoint = endpoint(endpointText, problems);
        }

        Setting homeText = pick(null, null, "WANEDIT_HOME", file, "home", fileLabel);
        Path home = homeText == null ? userHome.resolve(".wanedit") : path(homeText, problems);
        Setting outText = flags.out() != null ? new Setting(flags.out().toString(), "--out")
                : pick(null, null, "WANEDIT_OUT", file, "out", fileLabel);
        Path out = outText == null ? Path.of("wanedit-out") : path(outText, problems);
        Setting journalText = pick(null, null, "WANEDIT_JOURNAL", file, "journal", fileLabel);
        Optional<AppConfig.JournalServer> journalServer = Optional.empty();
        boolean onServer = journalText != null && PostgresTarget.isPostgres(journalText.value());
        Path journal;
        if (onServer) {
            journalServer = journalServer(journalText, problems);
            journal = home == null ? null : home.resolve("journal.db"); // not used: the journal is on the server
        } else {
            journal = journalText != null ? path(journalText, problems) : home == null ? null : home.resolve("journal.db");
        }
        if (journal != null && !onServer) {
            checkJournal(journal, journalText != null ? journalText
                    : homeText != null ? homeText : new Setting(home.toString(), "the default home (~/.wanedit)"),
                    journalText == null, problems);
        }
        if (out != null && flags.storesResults()) {
            checkFolder(out, outText != null ? outText : new Setting(out.toString(), "the default output folder"),
                    "results are stored in it", problems);
        }

        Map<Region, String> keys = new EnumMap<>(Region.class);
        for (Region r : Region.values()) {
            String key = first(env.get("DASHSCOPE_API_KEY_" + r.name()), file.getProperty("api-key." + r.id()));
            if (key == null) {
                key = first(env.get("DASHSCOPE_API_KEY"), file.getProperty("api-key"));
            }
            if (key != null) {
                keys.put(r, key.trim());
            }
        }

        Optional<AppConfig.OssConfig> oss = oss(file, fileLabel, problems);

        double pollScale = 1;
        Setting scaleText = pick(null, null, "WANEDIT_POLL_SCALE", file, "poll-scale", fileLabel);
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
        Setting leaseText = pick(null, null, "WANEDIT_LEASE_SECONDS", file, "lease-seconds", fileLabel);
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
        AppConfig.Provider provider = provider(flags, file, fileLabel, endpointText, problems);
        if (provider == AppConfig.Provider.LOCAL && scaleText == null) {
            pollScale = LOCAL_POLL_SCALE; // local tasks end in seconds, not in the documented tens of seconds
        }
        Duration localTaskTime = Duration.ZERO;
        Setting taskText = pick(null, null, "WANEDIT_LOCAL_TASK_SECONDS", file, "local.task-seconds", fileLabel);
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
    private AppConfig.Provider provider(Flags flags, Properties file, String fileLabel, Setting endpointText,
                                        List<String> problems) {
        Setting text = pick(flags.provider(), "--provider", "WANEDIT_PROVIDER", file, "provider", fileLabel);
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

    /**
     * A PostgreSQL journal URL: {@code postgresql://host[:port]/database[?params]} (or
     * {@code jdbc:postgresql://...}), with no password in it (refused with a hint rather than masked:
     * a password in a setting ends up in shell history and process lists); user and password come
     * from the environment. The setting is quoted with any password masked.
     */
    private Optional<AppConfig.JournalServer> journalServer(Setting s, List<String> problems) {
        try {
            PostgresTarget target = PostgresTarget.parse(s.value());
            return Optional.of(new AppConfig.JournalServer(target, PostgresCredentials.fromEnvironment(env, target)));
        } catch (IllegalArgumentException e) {
            String masked = s.value().trim().replaceAll("(?i)([?&](?:ssl)?password=)[^&#\\s]*", "$1***");
            problems.add(new Setting(masked, s.source()).quoted() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * An endpoint must be a plain http(s) base URL: a scheme, a host, an optional valid port and
     * path; no user info (wanedit authenticates with the key as a bearer header, and a password in a
     * URL ends up in shell history and process lists), no query and no fragment (they would be lost
     * or mangled when API paths are appended).
     */
    static Optional<URI> endpoint(Setting s, List<String> problems) {
        String text = s.value().trim();
        String example = "; e.g. http://127.0.0.1:8089 for an emulator or https://dashscope.aliyuncs.com";
        if (!text.matches("(?i)^[a-z][a-z0-9+.\\-]*://.*")) {
            problems.add(s.quoted() + ": has no scheme; it must start with http:// or https://" + example);
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(s.quoted() + ": is not a valid URL (" + Redaction.redact(e.getReason()) + " at index " + e.getIndex() + ")");
            return Optional.empty();
        }
        List<String> wrong = new ArrayList<>();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            wrong.add("its scheme is " + scheme + ":// but only http:// and https:// are supported");
        }
        if (uri.getRawUserInfo() != null) {
            wrong.add("it must not contain user info (user:password@): wanedit sends the API key as a bearer header, and a "
                    + "password in a URL leaks into shell history and logs");
        }
        if (uri.getHost() == null) {
            wrong.add(portProblem(uri).orElse("it has no valid host name (an ASCII name or IP address; write an "
                    + "international name in its xn-- form)"));
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
            wrong.add("port " + uri.getPort() + " is out of range (1 to 65535)");
        } else if (HostKind.of(uri.getHost()) == HostKind.INVALID) {
            wrong.add("host " + uri.getHost() + " is not a valid host name");
        }
        if (uri.getRawQuery() != null) {
            wrong.add("it must not have a query (?" + Redaction.redact(uri.getRawQuery()) + "); give the base URL only");
        }
        if (uri.getRawFragment() != null) {
            wrong.add("it must not have a fragment (#…); give the base URL only");
        }
        if (!wrong.isEmpty()) {
            problems.add(s.quoted() + ": " + String.join("; ", wrong));
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** {@code URI} leaves the host null for {@code host:99999999999}; say it is the port. */
    private static Optional<String> portProblem(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority != null && authority.matches(".*:[0-9]+$")) {
            return Optional.of("port " + authority.substring(authority.lastIndexOf(':') + 1) + " is out of range (1 to 65535)");
        }
        return Optional.empty();
    }

    /**
     * OSS settings: an endpoint alone lets inputs come from the user's own bucket; a bucket as well
     * stores results there.
     */
    private Optional<AppConfig.OssConfig> oss(Properties file, String fileLabel, List<String> problems) {
        Setting bucket = pick(null, null, "OSS_BUCKET", file, "oss.bucket", fileLabel);
        Setting ossEndpoint = pick(null, null, "OSS_ENDPOINT", file, "oss.endpoint", fileLabel);
        if (bucket == null && ossEndpoint == null) {
            return Optional.empty();
        }
        if (ossEndpoint == null) {
            problems.add("OSS_BUCKET is set but OSS_ENDPOINT (or oss.endpoint in the config file) is not");
            return Optional.empty();
        }
        Setting prefix = pick(null, null, "OSS_PREFIX", file, "oss.prefix", fileLabel);
        int before = problems.size();
        String e = ossEndpoint.value().trim();
        try {
            URI u = new URI(e.contains("://") ? e : "https://" + e);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getPort() == 0 || u.getPort() > 65535) {
                problems.add(ossEndpoint.quoted() + ": must be an OSS endpoint such as https://oss-cn-beijing.aliyuncs.com "
                        + "(http or https, a host, no user info, query or fragment); credentials come from "
                        + "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
            }
        } catch (URISyntaxException ex) {
            problems.add(ossEndpoint.quoted() + ": is not a valid URL (" + ex.getReason() + ")");
        }
        try {
            if (bucket != null) {
                OssSettings.of(e, bucket.value().trim());
            }
        } catch (IllegalArgumentException ex) {
            if (problems.size() == before) {
                problems.add(bucket.quoted() + ": " + ex.getMessage()
                        + " (3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit)");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new AppConfig.OssConfig(e, bucket == null ? null : bucket.value().trim(),
                prefix == null ? "wanedit/" : prefix.value()));
    }

    /**
     * The journal's file must not be a folder or a special file, and its folder must be a folder
     * wanedit can create or write in.
     */
    private static void checkJournal(Path journal, Setting source, boolean underHome, List<String> problems) {
        if (Files.exists(journal) && RegularFiles.problem(journal).isPresent()) {
            problems.add(source.quoted() + ": the journal " + journal + " " + RegularFiles.problem(journal).get());
            return;
        }
        Path folder = journal.toAbsolutePath().getParent();
        if (folder != null) {
            checkFolder(folder, source, underHome ? "the job journal is kept in it" : "it holds the job journal", problems);
        }
    }

    /** A folder that exists and is writable, or that can be created under a writable folder. */
    private static void checkFolder(Path folder, Setting source, String why, List<String> problems) {
        Path p = folder.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing exists, not even the root: let the adapter report it
        }
        if (!Files.isDirectory(existing)) {
            String what = existing.equals(p) ? "is" : "cannot be created: " + existing + " is";
            problems.add(source.quoted() + ": " + p + " " + what + " a file, not a folder (" + why + ")");
        } else if (!Files.isWritable(existing)) {
            String what = existing.equals(p) ? "is not writable" : "cannot be created: " + existing + " is not writable";
            problems.add(source.quoted() + ": " + p + " " + what + " (" + why + ")");
        }
    }

    private static Path path(Setting s, List<String> problems) {
        try {
            return Path.of(s.value());
        } catch (InvalidPathException e) {
            problems.add(s.quoted() + ": is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    private Properties readFile(Path path, boolean explicit) {
        Properties p = new Properties();
        if (!explicit && !Files.exists(path)) {
            return p;
        }
        Optional<String> problem = RegularFiles.problem(path);
        if (problem.isPresent()) {
            throw new ConfigException((explicit ? "--config " : "config file ") + path + ": " + problem.get()
                    + (problem.get().equals("no such file") ? "" : "; it must be a properties file"));
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage()
                    + (e instanceof java.nio.charset.MalformedInputException ? " (it must be UTF-8 text)" : ""));
        }
        return p;
    }

    /** The first non-blank of the flag, the environment variable and the file key, with its source. */
    private Setting pick(String flag, String flagName, String variable, Properties file, String key, String fileLabel) {
        if (flag != null && !flag.isBlank()) {
            return new Setting(flag, flagName);
        }
        String fromEnv = variable == null ? null : env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Setting(fromEnv, variable);
        }
        String fromFile = file.getProperty(key);
        if (fromFile != null && !fromFile.isBlank()) {
            return new Setting(fromFile, key + " " + fileLabel);
        }
        return null;
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
