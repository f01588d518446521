package dev.wanedit.bootstrap.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorClock;
import dev.wanedit.emulator.EmulatorExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API end to end: real HTTP against the emulator on 127.0.0.1, the real SQLite
 * journal and local result store in a temporary folder, real PNGs. The emulator's clock is manual
 * (it starts at the real time, so result URLs carry real expiry times): its tasks stay PENDING until
 * a test advances it, so every state is reached on purpose; the client's poll delays are scaled down
 * (a wan2.5 poll every few tens of milliseconds) so that the waits after an advance stay short.
 */
@DisplayName("Wanedit (the embedding API) against the emulator: submit, await, edit, cancel, resume, futures, close")
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a speed check
class WaneditClientTest {

    private static final String MODEL = "wan2.5-i2i-preview";
    /** Poll delays a hundredth of the real service's: the first poll of a wan2.5 task after ~0.2 s. */
    private static final double POLL_SCALE = 0.01;

    @RegisterExtension
    final EmulatorExtension emulatorExtension = EmulatorExtension.configured(b -> b
            .clock(EmulatorClock.manual(Instant.now())).limitsEnabled(false));

    @TempDir
    Path tmp;

    private DashScopeEmulator emulator;
    private Path image;

    @BeforeEach
    void setUp() throws IOException {
        emulator = emulatorExtension.emulator();
        image = tmp.resolve("shelf.png");
        writePng(image, 1024, 768);
    }

    private Wanedit.Builder builder() {
        return Wanedit.builder()
                .region(Region.BEIJING)
                .apiKey(emulator::apiKey)
                .endpoint(URI.create(emulator.baseUrl()))
                .journal(tmp.resolve("home/journal.db"))
                .resultStore(tmp.resolve("results"))
                .pollScale(POLL_SCALE);
    }

    private EditRequest request(Wanedit wanedit, String prompt) {
        return wanedit.prepare(wanedit.command(MODEL).image(image.toString()).prompt(prompt));
    }

    /** Moves the emulator's clock past any task's queue and run time. */
    private void finishTasks() {
        emulator.clock().advance(Duration.ofMinutes(10));
    }

    @Test
    @DisplayName("submit journals the job and creates one task; await stores every result as a decodable PNG")
    void submit_thenAwait_storesDecodableResults() throws Exception {
        try (Wanedit wanedit = builder().build()) {
            EditJob job = wanedit.submit(request(wanedit, "Put a brass clock on the shelf"));
            assertThat(job.state()).isIn(JobState.PENDING, JobState.RUNNING);
            assertThat(job.task()).isPresent();
            assertThat(wanedit.status(job.id()).state()).as("journaled").isIn(JobState.PENDING, JobState.RUNNING);
            assertThat(emulator.journal().tasksCreated()).isEqualTo(1);

            finishTasks();
            AtomicInteger polls = new AtomicInteger();
            AtomicInteger stored = new AtomicInteger();
            EditJob done = wanedit.await(job.id(), Duration.ofSeconds(30), new ProgressListener() {
                @Override
                public void polled(EditJob j, int n, Duration elapsed) {
                    polls.incrementAndGet();
                }

                @Override
                public void stored(EditJob j, ResultImage img) {
                    stored.incrementAndGet();
                }
            });

            assertThat(done.state()).isEqualTo(JobState.STORED);
            assertStoredPngs(done);
            assertThat(polls).as("progress heard every poll").hasPositiveValue();
            assertThat(stored.get()).as("progress heard every store").isEqualTo(done.results().size());
            assertThat(emulator.journal().tasksCreated()).as("one billable task").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("await past its deadline throws WaitTimedOut carrying the job, which stays resumable; so does awaitAsync")
    void await_deadlinePasses_timesOutWithTheJob() throws Exception {
        try (Wanedit wanedit = builder().build()) {
            EditJob job = wanedit.submit(request(wanedit, "A vase of tulips"));

            assertThatThrownBy(() -> wanedit.await(job.id(), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(WaitTimedOut.class, e -> {
                        assertThat(e.job().id()).isEqualTo(job.id());
                        assertThat(e.job().state()).isIn(JobState.PENDING, JobState.RUNNING);
                        assertThat(e.getMessage()).contains(job.id().value());
                    });
            CompletableFuture<EditJob> async = wanedit.awaitAsync(job.id(), Duration.ofMillis(300));
            assertThatThrownBy(() -> async.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(WaitTimedOut.class, e -> assertThat(e.job().id()).isEqualTo(job.id()));

            finishTasks();
            assertThat(wanedit.await(job.id(), Duration.ofSeconds(30)).state()).as("still resumable").isEqualTo(JobState.STORED);
            assertThat(emulator.journal().tasksCreated()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("edit submits, waits and stores in one call")
    void edit_submitsWaitsAndStores() throws Exception {
        try (Wanedit wanedit = builder().build()) {
            EditRequest request = request(wanedit, "A ceramic rabbit on the shelf");
            CompletableFuture<EditJob> edit = CompletableFuture.supplyAsync(() -> {
                try {
                    return wanedit.edit(request, Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            waitFor("the edit created its task", () -> emulator.journal().tasksCreated() == 1);
            finishTasks();

            EditJob done = edit.get(60, TimeUnit.SECONDS);
            assertThat(done.state()).isEqualTo(JobState.STORED);
            assertStoredPngs(done);
        }
    }

    @Test
    @DisplayName("provider(\"local\"): edits offline with no key and no endpoint, beside the journal; a bad provider is named")
    void localProvider_editsWithoutAKeyOrTheService() throws Exception {
        Path journal = tmp.resolve("offline/journal.db");
        try (Wanedit wanedit = Wanedit.builder().provider("local").journal(journal).resultStore(tmp.resolve("offline-results"))
                .pollScale(POLL_SCALE).build()) {
            EditJob done = wanedit.edit(request(wanedit, "Make it black and white"), Duration.ofSeconds(60));

            assertThat(done.state()).isEqualTo(JobState.STORED);
            assertStoredPngs(done);
        }
        assertThat(emulator.journal().requests()).as("nothing sent to DashScope").isEmpty();
        assertThat(tmp.resolve("offline/local-provider")).as("the provider's records beside the journal").isDirectory();

        assertThatThrownBy(() -> Wanedit.builder().provider("openai").journal(journal).resultStore(tmp).build())
                .isInstanceOf(WaneditSetupException.class)
                .hasMessageContaining("Wanedit.builder().provider(String)").hasMessageContaining("dashscope or local");
    }

    @Test
    @DisplayName("cancel of a PENDING task: the job is CANCELED in the journal and at the service")
    void cancel_pendingTask_isCanceled() throws Exception {
        try (Wanedit wanedit = builder().build()) {
            EditJob job = wanedit.submit(request(wanedit, "A red umbrella"));
            assertThat(job.state()).isEqualTo(JobState.PENDING);

            EditJob canceled = wanedit.cancel(job.id());

            assertThat(canceled.state()).isEqualTo(JobState.CANCELED);
            assertThat(wanedit.status(job.id()).state()).isEqualTo(JobState.CANCELED);
            assertThat(wanedit.status(job.id(), true).state()).as("the service agrees").isEqualTo(JobState.CANCELED);
        }
    }

    @Test
    @DisplayName("resume after a crash: a second instance finishes the first one's job without creating its task again")
    void resume_afterFirstInstanceAbandonedTheJob_finishesWithoutASecondTask() throws Exception {
        EditJob submitted;
        Wanedit first = builder().build();
        submitted = first.submit(request(first, "A lamp on the table"));
        first.close(); // gone without awaiting: its job is in the journal, its task at the service
        assertThat(emulator.journal().tasksCreated()).isEqualTo(1);

        finishTasks();
        try (Wanedit second = builder().build()) {
            List<ResumeJobs.Resumed> resumed = second.resume(Duration.ofSeconds(30));

            assertThat(resumed).extracting(r -> r.job().id()).containsExactly(submitted.id());
            EditJob done = resumed.get(0).job();
            assertThat(done.state()).as(String.valueOf(resumed.get(0).reason())).isEqualTo(JobState.STORED);
            assertStoredPngs(done);
            assertThat(second.status(submitted.id()).state()).isEqualTo(JobState.STORED);
        }
        assertThat(emulator.journal().tasksCreated()).as("the task was not created twice").isEqualTo(1);
    }

    @Test
    @DisplayName("20 editAsync jobs in flight use the client's bounded threads, not one per job, and all end STORED")
    void editAsync_twentyJobsInFlight_boundedThreads() throws Exception {
        int before = Thread.activeCount();
        try (Wanedit wanedit = builder().asyncWorkers(2).build()) {
            List<CompletableFuture<EditJob>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(wanedit.editAsync(request(wanedit, "Edit number " + i), Duration.ofSeconds(90)));
            }
            waitFor("20 tasks created", () -> emulator.journal().tasksCreated() == 20);
            JobWatcher watcher = watcherOf(wanedit);
            waitFor("the scheduler polls all 20 jobs", () -> watcher.watching() == 20);

            Set<String> clientThreads = liveThreadNames(JobWatcher.THREAD_PREFIX);
            assertThat(clientThreads).as("one poller and two workers for 20 waiting jobs").hasSizeLessThanOrEqualTo(3);
            // the JVM's thread count also moves with the emulator's and the JDK HTTP client's own pools:
            // bounded by the job count, not one per job; and no thread at all sits in wanedit's code per job
            assertThat(Thread.activeCount() - before).as("fewer new threads than waiting jobs").isLessThan(20);
            assertThat(threadsInWaneditCode()).as("threads inside wanedit's code while 20 jobs wait").isLessThanOrEqualTo(3);
            assertThat(futures).noneMatch(CompletableFuture::isDone);

            finishTasks();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            for (CompletableFuture<EditJob> f : futures) {
                assertThat(f.get().state()).isEqualTo(JobState.STORED);
                assertStoredPngs(f.get());
            }
            assertThat(emulator.journal().tasksCreated()).isEqualTo(20);
        }
    }

    @Test
    @DisplayName("close ends every thread the client started (scheduler, workers, journal heartbeat, store pool)")
    void close_releasesEveryThread() throws Exception {
        Set<String> wanedit0 = liveThreadNames("wanedit-");
        long nonDaemon0 = nonDaemonThreads();
        Wanedit wanedit = builder().build();
        CompletableFuture<EditJob> waiting = wanedit.editAsync(request(wanedit, "A green chair"), Duration.ofSeconds(60));
        waitFor("the job is polled", () -> watcherOf(wanedit).watching() == 1);
        wanedit.batch(List.of(wanedit.command(MODEL).image(image.toString()).prompt("A batch line")),
                Duration.ofMillis(500));
        assertThat(liveThreadNames(JobWatcher.THREAD_PREFIX)).as("the client's threads ran").isNotEmpty();
        assertThat(liveThreadNames("wanedit-journal-heartbeat")).as("the journal's heartbeat ran").isNotEmpty();

        wanedit.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resume");
        waitFor("every wanedit thread ended", () -> liveThreadNames("wanedit-").equals(wanedit0));
        assertThat(nonDaemonThreads()).as("live non-daemon threads").isLessThanOrEqualTo(nonDaemon0);
        wanedit.close(); // idempotent
    }

    @Test
    @DisplayName("the key is never in toString or an exception; a missing setting is named with what to call")
    void secrets_andSettings() throws Exception {
        String secret = "sk-wanedit-client-test-secret-0042";
        Wanedit.Builder b = builder().apiKey(() -> secret);
        assertThat(b.toString()).doesNotContain(secret);
        try (Wanedit wanedit = b.build()) {
            assertThat(wanedit.toString()).doesNotContain(secret).contains("beijing", emulator.baseUrl());
            EditRequest request = request(wanedit, "Anything");
            assertThatThrownBy(() -> wanedit.submit(request)).isInstanceOf(RemoteServiceException.Unauthorized.class)
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
        }
        assertThatThrownBy(() -> Wanedit.builder().build()).isInstanceOfSatisfying(WaneditSetupException.class, e -> {
            assertThat(e.problems()).hasSize(3);
            assertThat(e.getMessage()).contains("apiKey", "journal", "resultStore");
        });
        assertThatThrownBy(() -> builder().endpoint(URI.create("ftp://127.0.0.1:1")).build())
                .isInstanceOf(WaneditSetupException.class)
                .hasMessageContaining("Wanedit.builder().endpoint(URI)").hasMessageContaining("ftp://127.0.0.1:1");
    }

    @Test
    @DisplayName("Guice users install WaneditModule: Wanedit and the use cases come from their own injector")
    void waneditModule_inAUsersInjector() throws Exception {
        Set<String> before = liveThreadNames("wanedit-");
        com.google.inject.Injector injector = com.google.inject.Guice.createInjector(builder().module());
        try (Wanedit wanedit = injector.getInstance(Wanedit.class)) {
            assertThat(injector.getInstance(Wanedit.class)).as("one client per injector").isSameAs(wanedit);
            dev.wanedit.application.port.in.SubmitEdit submit = injector.getInstance(dev.wanedit.application.port.in.SubmitEdit.class);
            EditJob job = submit.submit(request(wanedit, "A blue teapot"), dev.wanedit.application.port.in.value.SubmitOptions.async())
                    .journaled().orElseThrow();
            finishTasks();
            assertThat(wanedit.awaitAsync(job.id(), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS).state())
                    .isEqualTo(JobState.STORED);
        }
        waitFor("closing the injector's Wanedit ended its threads", () -> liveThreadNames("wanedit-").equals(before));
    }

    // ------------------------------------------------------------------ helpers

    private static JobWatcher watcherOf(Wanedit wanedit) {
        try {
            java.lang.reflect.Field f = Wanedit.class.getDeclaredField("watcher");
            f.setAccessible(true);
            return (JobWatcher) f.get(wanedit);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertStoredPngs(EditJob job) throws IOException {
        assertThat(job.results()).isNotEmpty();
        for (ResultImage r : job.results()) {
            Path file = Path.of(r.storedAt().orElseThrow());
            assertThat(file).isRegularFile();
            BufferedImage decoded = ImageIO.read(file.toFile());
            assertThat(decoded).as("%s decodes", file).isNotNull();
            assertThat(decoded.getWidth()).isPositive();
        }
    }

    private static void writePng(Path file, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 180, 140));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(90, 60, 30));
        g.fillRect(0, height / 2, width, 40);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static Set<String> liveThreadNames(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }

    /** Live threads (but this one) with a frame of wanedit's own code (not the emulator's, not a test's) on their stack. */
    private static long threadsInWaneditCode() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey() != Thread.currentThread() && e.getKey().isAlive())
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.wanedit.")
                        && !f.getClassName().startsWith("dev.wanedit.emulator.") && !f.getClassName().endsWith("Test")))
                .count();
    }

    private static long nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).count();
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /** Polls a condition every 10 ms (the thing waited for happens on other threads), failing after 30 s. */
    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
