package dev.wanedit.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.RebuildJournal;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.SharedLimits;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.application.port.out.TaskHistory;
import dev.wanedit.application.service.AwaitJobService;
import dev.wanedit.application.service.BatchService;
import dev.wanedit.application.service.JobIdSource;
import dev.wanedit.application.service.ManageJobsService;
import dev.wanedit.application.service.RebuildJournalService;
import dev.wanedit.application.service.Reconciler;
import dev.wanedit.application.service.ResultCollector;
import dev.wanedit.application.service.ResumeJobsService;
import dev.wanedit.application.service.SendTimes;
import dev.wanedit.application.service.StorePreflight;
import dev.wanedit.application.service.SubmitEditService;
import dev.wanedit.application.service.TaskPoller;
import dev.wanedit.application.service.ValidateEditService;
import dev.wanedit.domain.catalog.ModelCatalog;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds the application services with {@code new} (the application carries no DI annotations)
 * and binds them to their use-case interfaces. Needs the out-ports from the adapter modules.
 */
public final class ApplicationModule extends AbstractModule {

    private final double pollScale;
    private final java.util.Optional<String> destination;
    private final boolean localUrlsAllowed;

    public ApplicationModule() {
        this(1.0, java.util.Optional.empty());
    }

    public ApplicationModule(double pollScale, java.util.Optional<String> destination) {
        this(pollScale, destination, false);
    }

    /**
     * @param pollScale multiplies poll delays (an emulator's time scale; 1 for the real service)
     * @param destination recorded on every new job (the local store's absolute output folder), so
     *     that {@code resume} stores its results there whatever the working directory or flags then
     * @param localUrlsAllowed input URLs may name loopback and private hosts: only when the endpoint
     *     is an emulator on this machine, which fetches them itself
     */
    public ApplicationModule(double pollScale, java.util.Optional<String> destination, boolean localUrlsAllowed) {
        this.pollScale = pollScale;
        this.destination = destination;
        this.localUrlsAllowed = localUrlsAllowed;
    }

    /**
     * The DashScope adapter, built on the first call to it: {@code jobs} holds services that could
     * query tasks but lists the journal only, and then builds no DashScope client.
     */
    private ImageEditingService editing;

    /** The threads of this module's services (the batch's storing pool, parallel downloads), closed by {@link #shutdown()}. */
    private final WorkerPools pools = new WorkerPools();

    /**
     * Each service is bound to a provider that builds it with {@code new} from the providers of
     * what it needs, not to a {@code @Provides} method: Guice reads every {@code @Provides} method
     * by reflection (the method, its parameters' types and annotations, an annotation proxy per
     * type) on every start, a third of the graph's cost on a short command. {@link #getProvider}
     * still declares each dependency, so a missing binding fails when the injector is created, as
     * before. Every binding is a singleton, built on first use.
     */
    @Override
    protected void configure() {
        editing = Lazily.of(ImageEditingService.class, getProvider(ImageEditingService.class));
        // Inputs in the user's own bucket: refused, saying what to set, unless OssInputsModule binds the reader.
        com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), OwnBucketInputs.class).setDefault()
                .toInstance(OwnBucketInputs.unconfigured());

        Provider<Clock> clock = getProvider(Clock.class);
        Provider<Sleeper> sleeper = getProvider(Sleeper.class);
        Provider<RandomGenerator> random = getProvider(RandomGenerator.class);
        Provider<Limiters> limiters = getProvider(Limiters.class);
        Provider<Backoff> backoff = getProvider(Backoff.class);
        Provider<JobRepository> jobs = getProvider(JobRepository.class);
        Provider<JobLeases> leases = getProvider(JobLeases.class);
        Provider<ResultStore> store = getProvider(ResultStore.class);
        Provider<StoredResults> stored = getProvider(StoredResults.class);
        Provider<OwnBucketInputs> ownBucket = getProvider(OwnBucketInputs.class);
        Provider<SendTimes> sendTimes = getProvider(SendTimes.class);
        Provider<Reconciler> reconciler = getProvider(Reconciler.class);
        Provider<TaskPoller> poller = getProvider(TaskPoller.class);
        Provider<ResultCollector> collector = getProvider(ResultCollector.class);
        Provider<SubmitEditService> submit = getProvider(SubmitEditService.class);
        Provider<AwaitJobService> await = getProvider(AwaitJobService.class);

        provide(Clock.class, Clock::systemUTC);
        provide(Sleeper.class, Sleeper::system);
        provide(RandomGenerator.class, () -> new SplittableRandom(new SecureRandom().nextLong()));
        provide(ModelCatalog.class, ModelCatalog::standard);
        // The journal's limits are the account's, shared by every process on it; a permit costs about
        // 0.1 ms (SQLite) to 0.6 ms (PostgreSQL), against 50 ms between two permits of the query budget.
        Provider<SharedLimits> shared = getProvider(SharedLimits.class);
        provide(Limiters.class, () -> new Limiters(clock.get(), java.util.Optional.of(shared.get())));
        // the one back-off of every retry, scaled like the poll delays (an emulator's faster time)
        provide(Backoff.class, () -> pollScale == 1.0 ? Backoff.STANDARD : Backoff.STANDARD.scaled(pollScale));
        provide(SendTimes.class, SendTimes::new);

        provide(Reconciler.class, () -> new Reconciler(editing, jobs.get(), limiters.get().queries(), clock.get(), sleeper.get(),
                random.get(), pollScale == 1.0 ? Reconciler.Policy.STANDARD : Reconciler.Policy.STANDARD.scaled(pollScale)));
        Provider<TaskHistory> history = getProvider(TaskHistory.class);
        provide(TaskPoller.class, () -> new TaskPoller(editing, limiters.get(), sleeper.get(), pollScale, history.get(), sendTimes.get()));
        Provider<ResultDownloader> downloader = getProvider(ResultDownloader.class);
        provide(ResultCollector.class, () -> new ResultCollector(downloader.get(), store.get(), jobs.get(), poller.get(), clock.get(),
                sleeper.get(), backoff.get(), random.get(), task -> pools.downloads().execute(task)));
        provide(SubmitEditService.class, () -> new SubmitEditService(jobs.get(), editing, reconciler.get(), limiters.get(),
                new JobIdSource(clock.get(), random.get()), clock.get(), sleeper.get(), backoff.get(), random.get(), destination,
                leases.get(), new StorePreflight(store.get(), destination), ownBucket.get(), stored.get(), sendTimes.get()));
        provide(AwaitJobService.class, () -> new AwaitJobService(jobs.get(), poller.get(), collector.get(), reconciler.get(),
                clock.get(), sleeper.get(), random.get(), backoff.get(), leases.get()));
        Provider<ManageJobsService> manage = provide(ManageJobsService.class,
                () -> new ManageJobsService(jobs.get(), editing, poller.get(), reconciler.get(), clock.get(), leases.get()));
        Provider<RebuildJournalService> rebuild = provide(RebuildJournalService.class,
                () -> new RebuildJournalService(jobs.get(), stored.get(), clock.get(), destination.orElse("the result store")));
        Provider<ResumeJobsService> resume = provide(ResumeJobsService.class, () -> new ResumeJobsService(jobs.get(), submit.get(),
                await.get(), editing, limiters.get(), clock.get(), leases.get()));
        Provider<ImageInspector> inspector = getProvider(ImageInspector.class);
        Provider<ModelCatalog> catalog = getProvider(ModelCatalog.class);
        Provider<ValidateEditService> validate = provide(ValidateEditService.class,
                () -> new ValidateEditService(inspector.get(), editing, catalog.get(), localUrlsAllowed, ownBucket.get()));
        Provider<ValidateEdit> validateEdit = getProvider(ValidateEdit.class);
        Provider<BatchService> batch = provide(BatchService.class, () -> new BatchService(validateEdit.get(), submit.get(), poller.get(),
                collector.get(), jobs.get(), limiters.get(), clock.get(), sleeper.get(), random.get(), pools.storing()));

        // The in-ports are bound lazily (Lazily): a command holds its in-ports from its creation, and
        // builds their services (the DashScope client, the journal's users) only when it calls them.
        provide(SubmitEdit.class, () -> Lazily.of(SubmitEdit.class, submit));
        provide(AwaitJob.class, () -> Lazily.of(AwaitJob.class, await));
        provide(ManageJobs.class, () -> Lazily.of(ManageJobs.class, manage));
        provide(RebuildJournal.class, () -> Lazily.of(RebuildJournal.class, rebuild));
        provide(ResumeJobs.class, () -> Lazily.of(ResumeJobs.class, resume));
        provide(ValidateEdit.class, () -> Lazily.of(ValidateEdit.class, validate));
        provide(RunBatch.class, () -> Lazily.of(RunBatch.class, batch));
    }

    /** Binds {@code type} to the one instance {@code make} builds on first use; returns its provider. */
    private <T> Provider<T> provide(Class<T> type, Supplier<? extends T> make) {
        bind(type).toProvider(new Made<>(make)).in(Scopes.SINGLETON);
        return getProvider(type);
    }

    /** A provider that builds with a supplier: one class for every binding above, which Guice inspects once. */
    private static final class Made<T> implements Provider<T> {
        private final Supplier<? extends T> make;

        Made(Supplier<? extends T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            return make.get();
        }
    }

    /**
     * Stops the threads this module's services started: a process that exits need not call it, a
     * service that embeds wanedit and closes it does, so that no thread outlives it. Waits a few
     * seconds for a store in progress to finish.
     */
    void shutdown() {
        pools.close();
    }
}
