package dev.wanedit.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
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

    @Override
    protected void configure() {
        editing = Lazily.of(ImageEditingService.class, getProvider(ImageEditingService.class));
        // Inputs in the user's own bucket: refused, saying what to set, unless OssInputsModule binds the reader.
        com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), OwnBucketInputs.class).setDefault()
                .toInstance(OwnBucketInputs.unconfigured());
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    Sleeper sleeper() {
        return Sleeper.system();
    }

    @Provides
    @Singleton
    RandomGenerator random() {
        return new SplittableRandom(new SecureRandom().nextLong());
    }

    @Provides
    @Singleton
    ModelCatalog catalog() {
        return ModelCatalog.standard();
    }

    @Provides
    @Singleton
    Limiters limiters(Clock clock, SharedLimits shared) {
        // The journal's limits are the account's, shared by every process on it; a permit costs about
        // 0.1 ms (SQLite) to 0.6 ms (PostgreSQL), against 50 ms between two permits of the query budget.
        return new Limiters(clock, java.util.Optional.of(shared));
    }

    /** The one back-off of every retry, scaled like the poll delays (an emulator's faster time). */
    @Provides
    @Singleton
    Backoff backoff() {
        return pollScale == 1.0 ? Backoff.STANDARD : Backoff.STANDARD.scaled(pollScale);
    }

    @Provides
    @Singleton
    Reconciler reconciler(JobRepository jobs, Limiters limiters, Clock clock, Sleeper sleeper,
                          RandomGenerator random) {
        Reconciler.Policy policy = pollScale == 1.0 ? Reconciler.Policy.STANDARD : Reconciler.Policy.STANDARD.scaled(pollScale);
        return new Reconciler(editing, jobs, limiters.queries(), clock, sleeper, random, policy);
    }

    @Provides
    @Singleton
    SubmitEditService submitService(JobRepository jobs, Reconciler reconciler, Limiters limiters,
                                    Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random, JobLeases leases,
                                    ResultStore store, OwnBucketInputs ownBucket, StoredResults stored, SendTimes sendTimes) {
        return new SubmitEditService(jobs, editing, reconciler, limiters, new JobIdSource(clock, random), clock, sleeper,
                backoff, random, destination, leases, new StorePreflight(store, destination), ownBucket, stored, sendTimes);
    }

    @Provides
    @Singleton
    SendTimes sendTimes() {
        return new SendTimes();
    }

    @Provides
    @Singleton
    ResultCollector resultCollector(ResultDownloader downloader, ResultStore store, JobRepository jobs, TaskPoller poller,
                                    Clock clock, Sleeper sleeper, Backoff backoff, RandomGenerator random) {
        return new ResultCollector(downloader, store, jobs, poller, clock, sleeper, backoff, random, task -> pools.downloads().execute(task));
    }

    @Provides
    @Singleton
    AwaitJobService awaitService(JobRepository jobs, TaskPoller poller, ResultCollector collector, Reconciler reconciler,
                                 Clock clock, Sleeper sleeper, RandomGenerator random, Backoff backoff, JobLeases leases) {
        return new AwaitJobService(jobs, poller, collector, reconciler, clock, sleeper, random, backoff, leases);
    }

    // The in-ports are bound lazily (Lazily): picocli creates every command to parse one command
    // line, and a command builds its services (the DashScope client, the journal's users) only when
    // it calls them. The services themselves are singletons, built by the providers below.

    @Provides
    @Singleton
    SubmitEdit submitEdit(Provider<SubmitEditService> service) {
        return Lazily.of(SubmitEdit.class, service);
    }

    @Provides
    @Singleton
    AwaitJob awaitJob(Provider<AwaitJobService> service) {
        return Lazily.of(AwaitJob.class, service);
    }

    @Provides
    @Singleton
    ManageJobsService manageJobsService(JobRepository jobs, TaskPoller poller, Reconciler reconciler,
                                        Clock clock, JobLeases leases) {
        return new ManageJobsService(jobs, editing, poller, reconciler, clock, leases);
    }

    @Provides
    @Singleton
    ManageJobs manageJobs(Provider<ManageJobsService> service) {
        return Lazily.of(ManageJobs.class, service);
    }

    @Provides
    @Singleton
    RebuildJournalService rebuildJournalService(JobRepository jobs, StoredResults stored, Clock clock) {
        return new RebuildJournalService(jobs, stored, clock, destination.orElse("the result store"));
    }

    @Provides
    @Singleton
    RebuildJournal rebuildJournal(Provider<RebuildJournalService> service) {
        return Lazily.of(RebuildJournal.class, service);
    }

    @Provides
    @Singleton
    ResumeJobsService resumeJobsService(JobRepository jobs, SubmitEditService submit, AwaitJobService await,
                                        Limiters limiters, Clock clock, JobLeases leases) {
        return new ResumeJobsService(jobs, submit, await, editing, limiters, clock, leases);
    }

    @Provides
    @Singleton
    ResumeJobs resumeJobs(Provider<ResumeJobsService> service) {
        return Lazily.of(ResumeJobs.class, service);
    }

    @Provides
    @Singleton
    TaskPoller taskPoller(Limiters limiters, Sleeper sleeper, TaskHistory history, SendTimes sendTimes) {
        return new TaskPoller(editing, limiters, sleeper, pollScale, history, sendTimes);
    }

    @Provides
    @Singleton
    BatchService batchService(ValidateEdit validate, SubmitEditService submit, TaskPoller poller, ResultCollector collector,
                              JobRepository jobs, Limiters limiters, Clock clock, Sleeper sleeper, RandomGenerator random) {
        return new BatchService(validate, submit, poller, collector, jobs, limiters, clock, sleeper, random, pools.storing());
    }

    @Provides
    @Singleton
    RunBatch runBatch(Provider<BatchService> service) {
        return Lazily.of(RunBatch.class, service);
    }

    /** The threads of this module's services (the batch's storing pool, parallel downloads), closed by {@link #shutdown()}. */
    private final WorkerPools pools = new WorkerPools();

    /**
     * Stops the threads this module's services started: a process that exits need not call it, a
     * service that embeds wanedit and closes it does, so that no thread outlives it. Waits a few
     * seconds for a store in progress to finish.
     */
    void shutdown() {
        pools.close();
    }

    @Provides
    @Singleton
    ValidateEditService validateEditService(ImageInspector inspector, ModelCatalog catalog,
                                            OwnBucketInputs ownBucket) {
        return new ValidateEditService(inspector, editing, catalog, localUrlsAllowed, ownBucket);
    }

    @Provides
    @Singleton
    ValidateEdit validateEdit(Provider<ValidateEditService> service) {
        return Lazily.of(ValidateEdit.class, service);
    }
}
