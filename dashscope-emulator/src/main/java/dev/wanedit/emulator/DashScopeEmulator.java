package dev.wanedit.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local DashScope server for the four Wan image-editing models (wan2.5-i2i-preview,
 * wanx2.1-imageedit, wan2.7-image, wan2.7-image-pro), on loopback, built from the API documents
 * alone. It validates like the service, runs tasks on its own {@link EmulatorClock}, serves real PNG
 * results, accepts temporary-file uploads, enforces the documented limits, injects {@link Faults}
 * and keeps a {@link Journal} of what it received.
 *
 * <pre>{@code
 * try (DashScopeEmulator emu = DashScopeEmulator.builder()
 *     .clock(EmulatorClock.manual(Instant.parse("2025-09-23T14:14:10Z")))
 *     .start()) {
 *   URI create = URI.create(emu.apiBaseUrl() + "/services/aigc/image2image/image-synthesis");
 *   // POST with "Authorization: Bearer " + emu.apiKey(Region.BEIJING) and "X-DashScope-Async: enable"
 *   emu.clock().advance(Duration.ofMinutes(2));
 *   // GET emu.apiBaseUrl() + "/tasks/" + taskId  ->  SUCCEEDED with result URLs served by emu
 * }
 * }</pre>
 */
public final class DashScopeEmulator implements AutoCloseable {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final Builder config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient fetcher;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Journal journal;
    private final Faults faults;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    final State state;
    private final String baseUrl;

    record Published(byte[] bytes, String contentType) {}

    static {
        // com.sun.net.httpserver writes a response's headers and body in separate packets; with
        // Nagle's algorithm on, the body waits for the client's delayed ACK of the headers, which adds
        // about 40 ms to every call on Linux loopback (the service answers in a few ms). The property
        // is read once, when the JDK server's configuration class loads, so set it before that.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private DashScopeEmulator(Builder b) throws IOException {
        this.config = b;
        this.journal = new Journal(b.journalCapacity);
        this.faults = new Faults(b.clock);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashscope-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.state = new State(this);
        server.createContext("/", new Router(this));
        server.setExecutor(executor);
        server.start();
    }

    /** A builder with the defaults: Beijing, a free port, the system clock, time scale 1, limits on. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code http://127.0.0.1:PORT/api/v1}, the base the documents' paths hang off. */
    public String apiBaseUrl() {
        return baseUrl + "/api/v1";
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    public EmulatorClock clock() {
        return config.clock;
    }

    public Journal journal() {
        return journal;
    }

    public Faults faults() {
        return faults;
    }

    /** The region this instance serves; only that region's key is accepted. */
    public Region region() {
        return config.region;
    }

    /** The API key configured for a region (the other region's key answers 401 here). */
    public String apiKey(Region region) {
        return config.apiKeys.get(region);
    }

    /** The key this instance accepts: {@code apiKey(region())}. */
    public String apiKey() {
        return apiKey(config.region);
    }

    /** The multiplier applied to queue and running times. */
    public double timeScale() {
        return config.timeScale;
    }

    /**
     * Serves {@code bytes} at {@code /public/<name>} without authentication, standing in for a public
     * image URL (the emulator fetches only loopback URLs). Returns the URL.
     */
    public URI publish(String name, byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        String enc = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        published.put(name, new Published(bytes.clone(), contentType == null ? "application/octet-stream" : contentType));
        return URI.create(baseUrl + "/public/" + enc);
    }

    Published published(String name) {
        return published.get(name);
    }

    Builder config() {
        return config;
    }

    HttpClient fetcher() {
        return fetcher;
    }

    /** Waits up to {@code d} of real time, returning early when the emulator closes. */
    void pause(Duration d) {
        try {
            closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Stops the server; stalled and delayed replies are released first. */
    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "DashScopeEmulator[" + baseUrl + ", " + config.region + ", " + config.clock + "]";
    }

    /** Configures and starts an emulator. */
    public static final class Builder {
        int port;
        Region region = Region.BEIJING;
        final Map<Region, String> apiKeys = new EnumMap<>(Region.class);
        double timeScale = 1.0;
        EmulatorClock clock = EmulatorClock.system();
        Duration queueTime = Duration.ofSeconds(1);
        final Map<String, Duration> taskDurations = new HashMap<>();
        // switchable while running (POST /__emulator/settings), hence volatile
        volatile boolean submissionRateLimit = true;
        volatile boolean concurrencyLimit = true;
        volatile boolean taskQueryRateLimit = true;
        volatile OverConcurrency overConcurrency = OverConcurrency.REJECT;
        int taskQueryQps = 20;
        final Map<String, int[]> modelLimits = new HashMap<>();
        Duration retention = Duration.ofHours(24);
        Duration uploadRetention = Duration.ofHours(48);
        int journalCapacity = 10_000;

        private Builder() {
            for (Region r : Region.values()) {
                apiKeys.put(r, r.defaultApiKey());
            }
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** The key accepted for a region (defaults: sk-emulator-beijing, sk-emulator-singapore). */
        public Builder apiKey(Region region, String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("an API key must not be blank");
            }
            apiKeys.put(Objects.requireNonNull(region), key);
            return this;
        }

        /** Multiplies every queue and running time, e.g. 0.05 for demos; 0 finishes tasks at once. */
        public Builder timeScale(double scale) {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("time scale must be >= 0: " + scale);
            }
            this.timeScale = scale;
            return this;
        }

        public Builder clock(EmulatorClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How long a task stays PENDING before RUNNING (default 1 s, before scaling). */
        public Builder queueTime(Duration d) {
            this.queueTime = nonNegative(d);
            return this;
        }

        /** How long a task of {@code model} stays RUNNING (before scaling); defaults are in the README. */
        public Builder taskDuration(String model, Duration d) {
            if (ModelSpec.byId(model) == null) {
                throw new IllegalArgumentException("unknown model " + model);
            }
            taskDurations.put(model, nonNegative(d));
            return this;
        }

        /** Switches all three limits (submission RPS, concurrent tasks, task-query QPS). */
        public Builder limitsEnabled(boolean on) {
            submissionRateLimit = on;
            concurrencyLimit = on;
            taskQueryRateLimit = on;
            return this;
        }

        /** Per-model task submissions per second (429 Throttling.RateQuota). */
        public Builder submissionRateLimit(boolean on) {
            submissionRateLimit = on;
            return this;
        }

        /** Per-model concurrent PENDING/RUNNING tasks (429 Throttling.AllocationQuota, or a queue: {@link #overConcurrency}). */
        public Builder concurrencyLimit(boolean on) {
            concurrencyLimit = on;
            return this;
        }

        /**
         * What a create above a model's concurrency limit gets: {@link OverConcurrency#REJECT} (429
         * {@code Throttling.AllocationQuota}, the default) or {@link OverConcurrency#QUEUE} (created,
         * PENDING until a slot frees).
         */
        public Builder overConcurrency(OverConcurrency mode) {
            this.overConcurrency = Objects.requireNonNull(mode);
            return this;
        }

        /** The per-account QPS limit on task query, list and cancel (429 Throttling.RateQuota). */
        public Builder taskQueryRateLimit(boolean on) {
            taskQueryRateLimit = on;
            return this;
        }

        /** Overrides the task-query QPS (default 20). */
        public Builder taskQueryQps(int qps) {
            if (qps < 1) {
                throw new IllegalArgumentException("qps must be >= 1");
            }
            this.taskQueryQps = qps;
            return this;
        }

        /** Overrides a model's submission RPS and concurrent-task limit. */
        public Builder modelLimits(String model, int rps, int concurrent) {
            if (ModelSpec.byId(model) == null) {
                throw new IllegalArgumentException("unknown model " + model);
            }
            if (rps < 1 || concurrent < 1) {
                throw new IllegalArgumentException("limits must be >= 1");
            }
            modelLimits.put(model, new int[] {rps, concurrent});
            return this;
        }

        /** How long tasks and result URLs live (default 24 h of the emulator clock). */
        public Builder retention(Duration d) {
            this.retention = nonNegative(d);
            return this;
        }

        /** How many requests the journal keeps (oldest dropped first; counters are kept whole). Default 10,000. */
        public Builder journalCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be >= 1");
            }
            this.journalCapacity = capacity;
            return this;
        }

        /** Starts the server on 127.0.0.1. */
        public DashScopeEmulator start() {
            try {
                return new DashScopeEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the DashScope emulator on 127.0.0.1:" + port, e);
            }
        }

        Duration runTime(ModelSpec m) {
            return scale(taskDurations.getOrDefault(m.id, m.defaultRunTime));
        }

        Duration scaledQueue() {
            return scale(queueTime);
        }

        int submitRps(ModelSpec m) {
            int[] l = modelLimits.get(m.id);
            return l == null ? m.submitRps : l[0];
        }

        int concurrent(ModelSpec m) {
            int[] l = modelLimits.get(m.id);
            return l == null ? m.concurrentTasks : l[1];
        }

        private Duration scale(Duration d) {
            return Duration.ofNanos(Math.round(d.toNanos() * timeScale));
        }

        private static Duration nonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("a duration must be >= 0: " + d);
            }
            return d;
        }
    }
}
