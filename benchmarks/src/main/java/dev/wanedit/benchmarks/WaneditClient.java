package dev.wanedit.benchmarks;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import dev.wanedit.adapter.dashscope.ApiKeys;
import dev.wanedit.adapter.dashscope.DashScopeModule;
import dev.wanedit.adapter.dashscope.DashScopeSettings;
import dev.wanedit.adapter.storage.inspect.ImageInspectionModule;
import dev.wanedit.adapter.storage.jobs.JobJournalModule;
import dev.wanedit.adapter.storage.local.LocalStorageModule;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.bootstrap.ApplicationModule;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.emulator.DashScopeEmulator;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * wanedit in-process, wired the way bootstrap wires it (the same Guice modules: application,
 * DashScope adapter, header-only inspector, SQLite journal, local result store) against one
 * emulator. The only addition is a decorator around the result store that notes when each task's
 * last image was on disk.
 */
final class WaneditClient {

    private final Injector injector;
    private final Map<String, Instant> storedAt = new ConcurrentHashMap<>();
    private final Map<String, String> modelOf = new ConcurrentHashMap<>();

    /**
     * @param pollScale the poll schedule's scale (the emulator's time scale, as {@code --emulator}
     *     does; 1 when the emulator runs at the documented speed)
     */
    WaneditClient(DashScopeEmulator emu, Path home, double pollScale) {
        this(emu.baseUrl(), emu.apiKey(), home, pollScale);
    }

    WaneditClient(String baseUrl, String apiKey, Path home, double pollScale) {
        this(baseUrl, apiKey, home, pollScale, true);
    }

    /**
     * @param timing whether to note when each task's image was stored ({@link #storedAt()}); off for
     *     the memory section, where these notes would be the only thing growing with the manifest
     */
    WaneditClient(String baseUrl, String apiKey, Path home, double pollScale, boolean timing) {
        DashScopeSettings settings = DashScopeSettings.builder(ApiKeys.of(Region.BEIJING, apiKey))
                .endpoint(URI.create(baseUrl))
                .allowDownloadHost("127.0.0.1").allowPlainHttpDownloads("127.0.0.1")
                .build();
        Injector storage = Guice.createInjector(Stage.PRODUCTION, new ImageInspectionModule(),
                new LocalStorageModule(home.resolve("out")), new AbstractModule() {
                    @Provides
                    @Singleton
                    Clock clock() {
                        return Clock.systemUTC();
                    }
                });
        ResultStore plain = storage.getInstance(ResultStore.class);
        ResultStore store = timing ? new TimingStore(plain, storedAt, modelOf) : plain;
        StoredResults stored = storage.getInstance(StoredResults.class);
        injector = Guice.createInjector(Stage.PRODUCTION, new ApplicationModule(pollScale, java.util.Optional.of(home.resolve("out").toAbsolutePath().toString())),
                new DashScopeModule(settings),
                new ImageInspectionModule(), new JobJournalModule(home.resolve("journal.db")), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(ResultStore.class).toInstance(store);
                        bind(StoredResults.class).toInstance(stored);
                    }
                });
    }

    <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    ValidateEdit validate() {
        return get(ValidateEdit.class);
    }

    RunBatch batch() {
        return get(RunBatch.class);
    }

    /** What {@code wanedit edit} does for one job: submit, then wait until the results are stored. */
    EditJob editAndWait(EditRequestDraft command) throws InterruptedException {
        dev.wanedit.application.port.in.value.SubmitOutcome sent = get(SubmitEdit.class).submit(validate().prepare(command),
                SubmitOptions.async());
        EditJob job = sent.journaled().orElseThrow(() -> new IllegalStateException("refused: " + sent));
        return get(AwaitJob.class).await(job.id(), Duration.ofMinutes(10), ProgressListener.NONE).job();
    }

    /** The model of each task that stored an image, by remote task id. */
    Map<String, String> modelOf() {
        return modelOf;
    }

    /** When the last image of a task was stored, by remote task id. */
    Map<String, Instant> storedAt() {
        return storedAt;
    }

    /** Notes the wall time at which each task's image is durably stored. */
    private record TimingStore(ResultStore delegate, Map<String, Instant> storedAt, Map<String, String> modelOf)
            implements ResultStore {
        @Override
        public StoredResult store(EditJob job, dev.wanedit.domain.job.ResultImage image, InputStream content) {
            StoredResult r = delegate.store(job, image, content);
            Instant now = Instant.now();
            job.task().ifPresent(t -> {
                storedAt.put(t.taskId(), now);
                modelOf.put(t.taskId(), job.request().model().id());
            });
            return r;
        }
    }
}
