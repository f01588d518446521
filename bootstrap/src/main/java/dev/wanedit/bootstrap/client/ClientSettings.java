package dev.wanedit.bootstrap.client;

import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.bootstrap.AppConfig;
import dev.wanedit.bootstrap.ConfigLoader;
import dev.wanedit.bootstrap.EmbeddedWiring;
import dev.wanedit.domain.catalog.Region;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The settings of a {@link Wanedit.Builder} (its public methods are declared here, the builder is
 * this class's one subclass) and how they become the command line's configuration: each setting
 * given in code stands for its environment variable, {@link ConfigLoader} checks them all by the
 * command line's rules, and a problem with a setting given in code is named by the builder method
 * that gave it. Its one reason to change is what a client can be configured with.
 */
abstract sealed class ClientSettings permits Wanedit.Builder {

    /** The loader names settings by their variables; a value given in code is named by its builder method. */
    private static final Map<String, String> METHODS = Map.of("DASHSCOPE_REGION", "region(Region)", "WANEDIT_ENDPOINT",
            "endpoint(URI)", "WANEDIT_JOURNAL", "journal(...)", "WANEDIT_OUT", "resultStore(Path)", "WANEDIT_POLL_SCALE",
            "pollScale(double)", "WANEDIT_PROVIDER", "provider(String)");

    private Region region;
    private Supplier<String> apiKey;
    private boolean fromEnvironment;
    private String journal;
    private Path resultStore;
    private URI endpoint;
    private Double pollScale;
    private String provider;
    private Path journalFile;
    private ProgressListener progress = ProgressListener.NONE;
    private int workers = 4;

    /**
     * Starts from the environment and the config file exactly as the command line reads them
     * ({@code DASHSCOPE_API_KEY[_BEIJING|_SINGAPORE]}, {@code DASHSCOPE_REGION},
     * {@code WANEDIT_ENDPOINT}, {@code WANEDIT_JOURNAL}, {@code WANEDIT_OUT}, {@code OSS_*},
     * {@code ~/.config/wanedit/config.properties}, ...); the other methods of this builder
     * override it.
     *
     * @return this builder
     */
    public Wanedit.Builder fromEnvironment() {
        this.fromEnvironment = true;
        return self();
    }

    /**
     * The provider behind the edits, as {@code --provider} on the command line: {@code dashscope}
     * (the default) or {@code local} (deterministic edits on this machine, for offline demos and
     * tests; it needs no API key and sends nothing anywhere). The local provider keeps its task
     * records and results in a folder {@code local-provider} beside a journal file given with
     * {@link #journal(Path)} (else in {@code WANEDIT_HOME}, {@code ~/.wanedit}).
     *
     * @param name {@code dashscope} or {@code local}
     * @return this builder
     */
    public Wanedit.Builder provider(String name) {
        this.provider = Objects.requireNonNull(name, "provider");
        return self();
    }

    /**
     * The region to call (default Beijing); keys are bound to their region.
     *
     * @param region the region
     * @return this builder
     */
    public Wanedit.Builder region(Region region) {
        this.region = Objects.requireNonNull(region, "region");
        return self();
    }

    /**
     * Where the region's API key comes from: asked on every call (so a rotated key is picked up),
     * never stored, shown or logged by wanedit.
     *
     * @param apiKey gives the key
     * @return this builder
     */
    public Wanedit.Builder apiKey(Supplier<String> apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        return self();
    }

    /**
     * The job journal: a SQLite file, shared by every process on this machine that names it.
     *
     * @param file the journal file (created on first use)
     * @return this builder
     */
    public Wanedit.Builder journal(Path file) {
        this.journal = Objects.requireNonNull(file, "journal").toString();
        this.journalFile = file;
        return self();
    }

    /**
     * The job journal on a PostgreSQL server, for many machines:
     * {@code postgresql://host[:port]/database}. The user and password come from
     * {@code WANEDIT_JOURNAL_USER} and {@code WANEDIT_JOURNAL_PASSWORD} (else {@code PGUSER},
     * {@code PGPASSWORD}), never from the URL.
     *
     * @param url the server and database
     * @return this builder
     */
    public Wanedit.Builder journal(URI url) {
        this.journal = Objects.requireNonNull(url, "journal").toString();
        this.journalFile = null;
        return self();
    }

    /**
     * The folder results are stored in, as {@code <folder>/<job-id>/<n>.png} with a JSON sidecar.
     *
     * @param folder the folder (created on first use)
     * @return this builder
     */
    public Wanedit.Builder resultStore(Path folder) {
        this.resultStore = Objects.requireNonNull(folder, "resultStore");
        return self();
    }

    /**
     * A base URL replacing the region's DashScope host: an emulator, a proxy or a workspace host.
     *
     * @param endpoint a plain {@code http://} or {@code https://} base URL
     * @return this builder
     */
    public Wanedit.Builder endpoint(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return self();
    }

    /**
     * Multiplies poll delays: an emulator's time scale (its tasks run that much faster); 1, the
     * default, for the real service.
     *
     * @param scale above 0, at most 100
     * @return this builder
     */
    public Wanedit.Builder pollScale(double scale) {
        this.pollScale = scale;
        return self();
    }

    /**
     * Hears about every wait that is not given its own listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Wanedit.Builder progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "progress");
        return self();
    }

    /**
     * How many worker threads the asynchronous variants use for submissions and stores
     * (default 4); waiting itself takes no thread.
     *
     * @param threads from 1 to 64
     * @return this builder
     */
    public Wanedit.Builder asyncWorkers(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("asyncWorkers: must be from 1 to 64, got " + threads);
        }
        this.workers = threads;
        return self();
    }

    /**
     * Checks every setting and builds the client; the journal is opened now, so that one that
     * cannot be used fails here.
     *
     * @return the client; close it when the service stops
     * @throws WaneditSetupException naming every bad setting, or the journal's problem
     */
    public Wanedit build() {
        return resolve().open();
    }

    /**
     * The Guice module for services that build their own injector: binds {@link Wanedit} (one,
     * owning the journal: close it when the injector's life ends) and the use cases
     * ({@code SubmitEdit}, {@code AwaitJob}, {@code ManageJobs}, {@code ResumeJobs},
     * {@code RunBatch}, {@code ValidateEdit}). The journal is opened on first use.
     *
     * @return the module
     * @throws WaneditSetupException naming every bad setting
     */
    public WaneditModule module() {
        return new WaneditModule(resolve());
    }

    /**
     * Checks every setting and resolves them.
     *
     * @return the wiring (owning the journal, not yet opened) and the client's own settings
     * @throws WaneditSetupException naming every bad setting at once
     */
    ClientSetup resolve() {
        List<String> problems = new ArrayList<>();
        Map<String, String> env = new HashMap<>(fromEnvironment ? System.getenv() : Map.of());
        Set<String> inCode = new HashSet<>();
        given(env, inCode, "DASHSCOPE_REGION", region == null ? null : region.id());
        given(env, inCode, "WANEDIT_ENDPOINT", endpoint == null ? null : endpoint.toString());
        given(env, inCode, "WANEDIT_JOURNAL", journal);
        if (journal != null) {
            // a PostgreSQL journal's credentials are the environment's in every mode, never in code or a URL
            for (String name : List.of("WANEDIT_JOURNAL_USER", "WANEDIT_JOURNAL_PASSWORD", "PGUSER", "PGPASSWORD")) {
                Optional.ofNullable(System.getenv(name)).ifPresent(v -> env.put(name, v));
            }
        }
        given(env, inCode, "WANEDIT_OUT", resultStore == null ? null : resultStore.toString());
        given(env, inCode, "WANEDIT_POLL_SCALE", pollScale == null ? null : Double.toString(pollScale));
        given(env, inCode, "WANEDIT_PROVIDER", provider);
        boolean local = "local".equalsIgnoreCase(env.getOrDefault("WANEDIT_PROVIDER", "").trim());
        if (local && journalFile != null && !env.containsKey("WANEDIT_HOME")) {
            // the provider's folder beside the journal, not in the user's home
            Path parent = journalFile.toAbsolutePath().getParent();
            if (parent != null) {
                env.put("WANEDIT_HOME", parent.toString());
            }
        }
        if (!fromEnvironment) {
            if (apiKey == null && !local) { // the local provider needs no key
                problems.add("apiKey: not set; give Wanedit.builder().apiKey(supplier), or fromEnvironment() to read "
                        + "DASHSCOPE_API_KEY as the command line does");
            }
            if (journal == null) {
                problems.add("journal: not set; give Wanedit.builder().journal(Path) (a SQLite file) or journal(URI) "
                        + "(postgresql://host/database)");
            }
            if (resultStore == null) {
                problems.add("resultStore: not set; give Wanedit.builder().resultStore(Path), the folder results go to");
            }
        }
        AppConfig config = null;
        try {
            config = new ConfigLoader(env, Path.of(System.getProperty("user.home")), fromEnvironment)
                    .load(new ConfigLoader.Flags(null, null, null, null, false, true));
        } catch (ConfigLoader.ConfigException e) {
            for (String problem : e.problems()) {
                String named = problem;
                for (Map.Entry<String, String> m : METHODS.entrySet()) {
                    if (inCode.contains(m.getKey())) {
                        named = named.replace(m.getKey() + " ", "Wanedit.builder()." + m.getValue() + " ");
                    }
                }
                problems.add(named);
            }
        }
        if (!problems.isEmpty()) {
            throw new WaneditSetupException(problems);
        }
        EmbeddedWiring wiring = EmbeddedWiring.of(config, Optional.ofNullable(apiKey));
        return new ClientSetup(wiring, config.region(), progress, workers, describe(config, wiring));
    }

    /** Never shows the key: only whether a key source is set. */
    @Override
    public final String toString() {
        return "Wanedit.Builder[region=" + (region == null ? "(default)" : region.id()) + ", key "
                + (apiKey == null ? "not set" : "from a supplier") + ", environment=" + fromEnvironment + ", journal="
                + journal + ", results=" + resultStore + ", endpoint=" + endpoint
                + ", provider=" + (provider == null ? "(default)" : provider) + "]";
    }

    private Wanedit.Builder self() {
        return (Wanedit.Builder) this; // the one subclass: this class is sealed
    }

    private static void given(Map<String, String> env, Set<String> inCode, String variable, String value) {
        if (value != null) {
            env.put(variable, value);
            inCode.add(variable);
        }
    }

    /** Where the client sends and keeps things; never the API key. */
    private String describe(AppConfig config, EmbeddedWiring wiring) {
        return "Wanedit[region=" + config.region().id() + ", endpoint="
                + config.endpoint().orElse("(region default)") + ", journal=" + wiring.describeJournal() + ", results="
                + (config.resultsInOss() ? "oss://" + config.oss().get().bucket() + "/" + config.oss().get().prefix()
                : config.outDir().toAbsolutePath().normalize().toString()) + ", key "
                + (apiKey != null ? "from a supplier" : config.keys().containsKey(config.region()) ? "from the environment"
                : "missing") + "]";
    }
}
