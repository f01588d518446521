package dev.wanedit.bootstrap.client;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.EditCommand;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.bootstrap.AppConfig;
import dev.wanedit.bootstrap.ConfigLoader;
import dev.wanedit.bootstrap.EmbeddedWiring;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.InvalidEditRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * wanedit for Java services: edits images with the Wan models through the same use cases, journal,
 * stores and policies as the {@code wanedit} command line, in one object that a service builds once
 * and closes when it stops.
 *
 * <pre>{@code
 * try (Wanedit wanedit = Wanedit.builder()
 *         .region(Region.BEIJING)
 *         .apiKey(() -> System.getenv("DASHSCOPE_API_KEY"))
 *         .journal(Path.of("/var/lib/my-service/wanedit.db"))
 *         .resultStore(Path.of("/var/lib/my-service/results"))
 *         .build()) {
 *     EditRequest request = wanedit.prepare(wanedit.command("wan2.5-i2i-preview")
 *             .image("shelf.png").prompt("Put a brass clock on the shelf").build());
 *     EditJob job = wanedit.edit(request, Duration.ofMinutes(5));   // submitted, waited for, stored
 *     job.results().forEach(r -> System.out.println(r.storedAt().orElseThrow()));
 * }
 * }</pre>
 *
 * <p>What it guarantees is the command line's: every task id is journaled before {@link #submit}
 * returns, so a crash never loses a paid result and {@link #resume} finishes it without paying
 * twice; a request with the fingerprint of a live job is not sent again; results are stored the
 * moment a task succeeds. The blocking methods wait on the caller's thread; the
 * {@code CompletableFuture} variants hold no thread per waiting job (one scheduler thread polls the
 * jobs that are due, a few workers submit and store). It is safe for concurrent use. The API key is
 * never shown by {@link #toString()}, a log line or an exception.
 */
public final class Wanedit implements AutoCloseable {

    private final SubmitEdit submitEdit;
    private final AwaitJob awaitJob;
    private final ManageJobs manageJobs;
    private final ResumeJobs resumeJobs;
    private final RunBatch runBatch;
    private final ValidateEdit validateEdit;
    private final JobWatcher watcher;
    private final ProgressListener defaultProgress;
    private final Region region;
    private final String description;
    private final AutoCloseable owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    Wanedit(SubmitEdit submitEdit, AwaitJob awaitJob, ManageJobs manageJobs, ResumeJobs resumeJobs, RunBatch runBatch,
            ValidateEdit validateEdit, JobWatcher watcher, ProgressListener defaultProgress, Region region, String description,
            AutoCloseable owned) {
        this.submitEdit = submitEdit;
        this.awaitJob = awaitJob;
        this.manageJobs = manageJobs;
        this.resumeJobs = resumeJobs;
        this.runBatch = runBatch;
        this.validateEdit = validateEdit;
        this.watcher = watcher;
        this.defaultProgress = defaultProgress;
        this.region = region;
        this.description = description;
        this.owned = owned;
    }

    /**
     * A builder with no settings yet: give at least the API key (or {@link Builder#fromEnvironment()}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The region this client calls.
     *
     * @return the region every command built by {@link #command(String)} is for
     */
    public Region region() {
        return region;
    }

    /**
     * Starts an edit as a user states it, for this client's region: images as local paths, http(s)
     * URLs, {@code data:} URIs or {@code oss://bucket/key}.
     *
     * @param model a model id, e.g. {@code wan2.5-i2i-preview}
     * @return a command builder with the region set
     */
    public EditCommand.Builder command(String model) {
        return EditCommand.builder(model).region(region);
    }

    /**
     * Checks an edit locally (reads the input files' headers; no network): facts, every violation,
     * the expected output and its cost.
     *
     * @param command the edit
     * @return the report; {@link ValidationReport#valid()} tells whether it can be sent
     */
    public ValidationReport validate(EditCommand command) {
        return validateEdit.validate(command, SubmitMode.ASYNC);
    }

    /**
     * Reads the inputs and builds a request that every documented rule allows.
     *
     * @param command the edit
     * @return the request, ready for {@link #submit(EditRequest)}
     * @throws dev.wanedit.domain.request.InvalidEditRequest listing every violation at once
     */
    public EditRequest prepare(EditCommand command) {
        return validateEdit.prepare(command);
    }

    /**
     * Journals an edit and creates its remote task (a billable call); the task id is in the journal
     * before this returns. An unfinished job with the same request is returned instead of paying
     * twice.
     *
     * @param request the edit
     * @return the job, PENDING or RUNNING (or, when the create's answer was lost, OUTCOME_UNKNOWN:
     *     {@link #await} or {@link #resume} settles it)
     * @throws InterruptedException when the thread is interrupted while waiting out a throttled service
     * @throws dev.wanedit.application.port.out.RemoteServiceException when the service refused it
     *     (recorded on the job)
     */
    public EditJob submit(EditRequest request) throws InterruptedException {
        return submit(request, SubmitOptions.async());
    }

    /**
     * As {@link #submit(EditRequest)}, with options (force a resubmission, patience).
     *
     * @param request the edit
     * @param options how to submit
     * @return the job
     * @throws InterruptedException when the thread is interrupted while waiting out a throttled service
     */
    public EditJob submit(EditRequest request, SubmitOptions options) throws InterruptedException {
        SubmitOutcome outcome = submitEdit.submit(request, options);
        if (outcome instanceof SubmitOutcome.Rejected r) {
            throw r.reason().isPresent() ? r.reason().get() : new InvalidEditRequest(r.violations());
        }
        return outcome.journaled().orElseThrow();
    }

    /**
     * Waits on this thread until the job is final (its results downloaded and stored) or the
     * deadline passes.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @return the job in its final state: STORED, FAILED, CANCELED or EXPIRED
     * @throws dev.wanedit.application.port.in.value.WaitTimedOut when the deadline passed first; it
     *     carries the job, which stays resumable
     * @throws dev.wanedit.application.port.in.value.JobNotFound when the journal has no such job
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob await(JobId id, Duration deadline) throws InterruptedException {
        return await(id, deadline, defaultProgress);
    }

    /**
     * As {@link #await(JobId, Duration)}, telling {@code progress} about every poll and stored result.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @param progress hears about the wait
     * @return the job in its final state
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob await(JobId id, Duration deadline, ProgressListener progress) throws InterruptedException {
        AwaitOutcome outcome = awaitJob.await(id, deadline, progress);
        if (outcome instanceof AwaitOutcome.TimedOut) {
            throw new WaitTimedOut(outcome.job());
        }
        if (outcome instanceof AwaitOutcome.Interrupted) {
            Thread.interrupted(); // reported as the exception instead of the flag
            throw new InterruptedException("interrupted while waiting for job " + id + "; it stays resumable");
        }
        return outcome.job();
    }

    /**
     * Submits, waits and stores: {@link #submit(EditRequest)} then {@link #await(JobId, Duration)}.
     *
     * @param request the edit
     * @param deadline how long to wait for the task and the stores, after the submission
     * @return the job, STORED when it went well (each result's stored location on it)
     * @throws dev.wanedit.application.port.in.value.WaitTimedOut when the deadline passed first
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob edit(EditRequest request, Duration deadline) throws InterruptedException {
        return edit(request, deadline, defaultProgress);
    }

    /**
     * As {@link #edit(EditRequest, Duration)}, with a progress listener.
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @param progress hears about the wait
     * @return the job
     * @throws InterruptedException when the thread is interrupted (the job stays resumable)
     */
    public EditJob edit(EditRequest request, Duration deadline, ProgressListener progress) throws InterruptedException {
        EditJob job = submit(request);
        return await(job.id(), deadline, progress);
    }

    /**
     * Submits on one of the client's workers.
     *
     * @param request the edit
     * @return the submitted job, or the submission's exception
     */
    public CompletableFuture<EditJob> submitAsync(EditRequest request) {
        return watcher.onWorker(() -> submit(request));
    }

    /**
     * Waits for a job without holding a thread while it waits: the client's scheduler queries its
     * task when it is due and a worker stores the results.
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @return the job in its final state; completed exceptionally with
     *     {@link dev.wanedit.application.port.in.value.WaitTimedOut} (carrying the job) when the deadline
     *     passed first, or with {@link IllegalStateException} when the client was closed first
     */
    public CompletableFuture<EditJob> awaitAsync(JobId id, Duration deadline) {
        return awaitAsync(id, deadline, defaultProgress);
    }

    /**
     * As {@link #awaitAsync(JobId, Duration)}, with a progress listener (called on the client's threads).
     *
     * @param id the job
     * @param deadline how long to wait at most
     * @param progress hears about the wait
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> awaitAsync(JobId id, Duration deadline, ProgressListener progress) {
        return watcher.await(id, deadline, progress);
    }

    /**
     * {@link #submitAsync(EditRequest)} then {@link #awaitAsync(JobId, Duration)}.
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> editAsync(EditRequest request, Duration deadline) {
        return editAsync(request, deadline, defaultProgress);
    }

    /**
     * As {@link #editAsync(EditRequest, Duration)}, with a progress listener (called on the client's threads).
     *
     * @param request the edit
     * @param deadline how long to wait after the submission
     * @param progress hears about the wait
     * @return the job in its final state
     */
    public CompletableFuture<EditJob> editAsync(EditRequest request, Duration deadline, ProgressListener progress) {
        return submitAsync(request).thenCompose(job -> awaitAsync(job.id(), deadline, progress));
    }

    /**
     * A job as the journal holds it.
     *
     * @param id the job
     * @return the job
     * @throws dev.wanedit.application.port.in.value.JobNotFound when the journal has no such job
     */
    public EditJob status(JobId id) {
        return manageJobs.status(id, false);
    }

    /**
     * A job, refreshed by one task query when {@code refresh}.
     *
     * @param id the job
     * @param refresh ask the service (one query under the account's budget)
     * @return the job
     */
    public EditJob status(JobId id, boolean refresh) {
        return manageJobs.status(id, refresh);
    }

    /**
     * Cancels a job whose task is still PENDING (or that was never sent); the service refuses to
     * cancel a RUNNING task.
     *
     * @param id the job
     * @return the job, CANCELED
     * @throws dev.wanedit.application.port.out.RemoteServiceException when the service refused
     */
    public EditJob cancel(JobId id) {
        return manageJobs.cancel(id);
    }

    /**
     * The journal's jobs.
     *
     * @param query which jobs
     * @return the jobs, newest first
     */
    public List<EditJob> jobs(JobQuery query) {
        return manageJobs.list(query);
    }

    /**
     * Finishes every unfinished job in the journal (a crash's, another instance's whose lease
     * expired, one left by a timed-out wait) without creating any task twice; a job another live
     * process works on is left to it.
     *
     * @param deadlinePerJob how long to wait for each job
     * @return the jobs it worked on, in their new states, each with why it is not finished when it is not
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public List<ResumeJobs.Resumed> resume(Duration deadlinePerJob) throws InterruptedException {
        return resumeJobs.resume(deadlinePerJob, false, defaultProgress);
    }

    /**
     * Runs many edits under each model's submission rate and concurrency limits and the account's
     * query budget, on this thread, without a thread per job (the batch's own scheduler). The same
     * edits run again are recognised (by their content) and not paid for twice.
     *
     * @param edits the edits; iterated twice (every edit is validated before anything is sent)
     * @param deadline how long to run before leaving the rest to {@link #resume}
     * @return the batch's counts and its notable lines
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public BatchReport batch(Iterable<EditCommand> edits, Duration deadline) throws InterruptedException {
        BatchSpec spec = new BatchSpec(batchId(edits), OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false,
                false, deadline);
        return batch(edits, spec, BatchProgress.Listener.NONE);
    }

    /**
     * As {@link #batch(Iterable, Duration)}, with every setting of a batch and a listener.
     *
     * @param edits the edits; iterated twice
     * @param spec the batch's id (recognises the same batch across runs), limits, cost cap, deadline
     * @param listener hears about the batch as it runs, and about every line that ends
     * @return the batch's counts and its notable lines
     * @throws InterruptedException when the thread is interrupted (the jobs stay resumable)
     */
    public BatchReport batch(Iterable<EditCommand> edits, BatchSpec spec, BatchProgress.Listener listener)
            throws InterruptedException {
        Objects.requireNonNull(edits, "edits");
        ManifestSource manifest = () -> {
            long[] n = {0};
            return StreamSupport.stream(edits.spliterator(), false).map(c -> ManifestLine.of(++n[0], null, c));
        };
        return runBatch.run(spec, manifest, listener);
    }

    /** An id for a batch stated in code: its edits' digest, so that running the same edits again is the same batch. */
    private static String batchId(Iterable<EditCommand> edits) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (EditCommand c : edits) {
                sha.update(c.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "api:" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Stops the client's scheduler and workers (a wait or a store in progress is interrupted and
     * its future fails; the job stays resumable), the application's pools, the journal's heartbeat
     * and connections (this process's leases are given back), and the OSS client if it started
     * one. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            watcher.close();
        } finally {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing wanedit's journal: " + e.getMessage(), e);
            }
        }
    }

    /** Where it sends and keeps things; never the API key. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * How a {@link Wanedit} is configured. Every setting is checked by {@link #build()}, and every
     * bad one is named at once, by the same rules as the command line's settings.
     */
    public static final class Builder {

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

        private Builder() {
        }

        /**
         * Starts from the environment and the config file exactly as the command line reads them
         * ({@code DASHSCOPE_API_KEY[_BEIJING|_SINGAPORE]}, {@code DASHSCOPE_REGION},
         * {@code WANEDIT_ENDPOINT}, {@code WANEDIT_JOURNAL}, {@code WANEDIT_OUT}, {@code OSS_*},
         * {@code ~/.config/wanedit/config.properties}, ...); the other methods of this builder
         * override it.
         *
         * @return this builder
         */
        public Builder fromEnvironment() {
            this.fromEnvironment = true;
            return this;
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
        public Builder provider(String name) {
            this.provider = Objects.requireNonNull(name, "provider");
            return this;
        }

        /**
         * The region to call (default Beijing); keys are bound to their region.
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Where the region's API key comes from: asked on every call (so a rotated key is picked up),
         * never stored, shown or logged by wanedit.
         *
         * @param apiKey gives the key
         * @return this builder
         */
        public Builder apiKey(Supplier<String> apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /**
         * The job journal: a SQLite file, shared by every process on this machine that names it.
         *
         * @param file the journal file (created on first use)
         * @return this builder
         */
        public Builder journal(Path file) {
            this.journal = Objects.requireNonNull(file, "journal").toString();
            this.journalFile = file;
            return this;
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
        public Builder journal(URI url) {
            this.journal = Objects.requireNonNull(url, "journal").toString();
            this.journalFile = null;
            return this;
        }

        /**
         * The folder results are stored in, as {@code <folder>/<job-id>/<n>.png} with a JSON sidecar.
         *
         * @param folder the folder (created on first use)
         * @return this builder
         */
        public Builder resultStore(Path folder) {
            this.resultStore = Objects.requireNonNull(folder, "resultStore");
            return this;
        }

        /**
         * A base URL replacing the region's DashScope host: an emulator, a proxy or a workspace host.
         *
         * @param endpoint a plain {@code http://} or {@code https://} base URL
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Multiplies poll delays: an emulator's time scale (its tasks run that much faster); 1, the
         * default, for the real service.
         *
         * @param scale above 0, at most 100
         * @return this builder
         */
        public Builder pollScale(double scale) {
            this.pollScale = scale;
            return this;
        }

        /**
         * Hears about every wait that is not given its own listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "progress");
            return this;
        }

        /**
         * How many worker threads the asynchronous variants use for submissions and stores
         * (default 4); waiting itself takes no thread.
         *
         * @param threads from 1 to 64
         * @return this builder
         */
        public Builder asyncWorkers(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("asyncWorkers: must be from 1 to 64, got " + threads);
            }
            this.workers = threads;
            return this;
        }

        /**
         * Checks every setting and builds the client; the journal is opened now, so that one that
         * cannot be used fails here.
         *
         * @return the client; close it when the service stops
         * @throws WaneditSetupException naming every bad setting, or the journal's problem
         */
        public Wanedit build() {
            Setup setup = setup();
            Optional<String> journalProblem = setup.wiring.openJournal();
            if (journalProblem.isPresent()) {
                setup.wiring.close();
                throw new WaneditSetupException(List.of("journal " + setup.wiring.describeJournal() + ": " + journalProblem.get()));
            }
            try {
                return com.google.inject.Guice.createInjector(com.google.inject.Stage.PRODUCTION, new WaneditModule(setup))
                        .getInstance(Wanedit.class);
            } catch (RuntimeException e) {
                setup.wiring.close();
                throw new WaneditSetupException(List.of("wiring wanedit: " + e.getMessage()));
            }
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
            return new WaneditModule(setup());
        }

        private Setup setup() {
            List<String> problems = new ArrayList<>();
            Map<String, String> env = new HashMap<>(fromEnvironment ? System.getenv() : Map.of());
            java.util.Set<String> inCode = new java.util.HashSet<>();
            if (region != null) {
                env.put("DASHSCOPE_REGION", region.id());
                inCode.add("DASHSCOPE_REGION");
            }
            if (endpoint != null) {
                env.put("WANEDIT_ENDPOINT", endpoint.toString());
                inCode.add("WANEDIT_ENDPOINT");
            }
            if (journal != null) {
                env.put("WANEDIT_JOURNAL", journal);
                inCode.add("WANEDIT_JOURNAL");
                // a PostgreSQL journal's credentials are the environment's in every mode, never in code or a URL
                for (String name : List.of("WANEDIT_JOURNAL_USER", "WANEDIT_JOURNAL_PASSWORD", "PGUSER", "PGPASSWORD")) {
                    Optional.ofNullable(System.getenv(name)).ifPresent(v -> env.put(name, v));
                }
            }
            if (resultStore != null) {
                env.put("WANEDIT_OUT", resultStore.toString());
                inCode.add("WANEDIT_OUT");
            }
            if (pollScale != null) {
                env.put("WANEDIT_POLL_SCALE", Double.toString(pollScale));
                inCode.add("WANEDIT_POLL_SCALE");
            }
            if (provider != null) {
                env.put("WANEDIT_PROVIDER", provider);
                inCode.add("WANEDIT_PROVIDER");
            }
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
                // the loader names settings by their variables; a value given in code is named by its method
                Map<String, String> methods = Map.of("DASHSCOPE_REGION", "region(Region)", "WANEDIT_ENDPOINT", "endpoint(URI)",
                        "WANEDIT_JOURNAL", "journal(...)", "WANEDIT_OUT", "resultStore(Path)", "WANEDIT_POLL_SCALE",
                        "pollScale(double)", "WANEDIT_PROVIDER", "provider(String)");
                for (String problem : e.problems()) {
                    String named = problem;
                    for (Map.Entry<String, String> m : methods.entrySet()) {
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
            String description = "Wanedit[region=" + config.region().id() + ", endpoint="
                    + config.endpoint().orElse("(region default)") + ", journal=" + wiring.describeJournal() + ", results="
                    + (config.resultsInOss() ? "oss://" + config.oss().get().bucket() + "/" + config.oss().get().prefix()
                    : config.outDir().toAbsolutePath().normalize().toString()) + ", key "
                    + (apiKey != null ? "from a supplier" : config.keys().containsKey(config.region()) ? "from the environment"
                    : "missing") + "]";
            return new Setup(wiring, config.region(), progress, workers, description);
        }

        /** Never shows the key: only whether a key source is set. */
        @Override
        public String toString() {
            return "Wanedit.Builder[region=" + (region == null ? "(default)" : region.id()) + ", key "
                    + (apiKey == null ? "not set" : "from a supplier") + ", environment=" + fromEnvironment + ", journal="
                    + journal + ", results=" + resultStore + ", endpoint=" + endpoint
                    + ", provider=" + (provider == null ? "(default)" : provider) + "]";
        }
    }

    /** What the builder resolved: the wiring (owning the journal) and the client's own settings. */
    record Setup(EmbeddedWiring wiring, Region region, ProgressListener progress, int workers, String description) {
    }
}
