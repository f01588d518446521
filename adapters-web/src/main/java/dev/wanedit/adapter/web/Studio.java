package dev.wanedit.adapter.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wanedit.adapter.web.view.ReportView;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: {@code wanedit studio} — a local web page on 127.0.0.1, behind a random token, over
 * the application's in-ports: the job list and each job as the report shows it, with live
 * progress; an edit form validated by {@link ValidateEdit} on every change; submission through
 * {@link SubmitEdit} and {@link AwaitJob}, exactly as {@code wanedit edit} does. Served by the
 * JDK's HTTP server; nothing here knows the API key.
 */
public final class Studio implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);

    /**
     * How the studio runs.
     *
     * @param port the port on 127.0.0.1, 0 for a free one
     * @param folder where painted masks and chosen images are kept (private to the user)
     * @param defaultRegion the region of an edit whose form names none
     * @param waitDeadline how long the studio waits for a submitted job before leaving it to {@code wanedit resume}
     */
    public record Settings(int port, Path folder, dev.wanedit.domain.catalog.Region defaultRegion, Duration waitDeadline) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
        }
    }

    /** The in-ports the studio drives, and what it needs besides. */
    public record Ports(ManageJobs jobs, ValidateEdit validate, SubmitEdit submit, AwaitJob await, ModelCatalog catalog,
                        SignedLinks links, Clock clock) {
    }

    private final Settings settings;
    private final Ports ports;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ExecutorService waits;
    private final Guard guard;
    private final String token;
    private final String base;
    private final String url;
    private final ImageRegistry registry = new ImageRegistry();
    private final StudioFiles files;
    private final Pages pages = new Pages();
    private final StudioApi api;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Studio(Settings settings, Ports ports) throws IOException {
        this.settings = settings;
        this.ports = ports;
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.base = "/t/" + token + "/";
        this.files = new StudioFiles(settings.folder());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 32);
        int port = server.getAddress().getPort();
        this.guard = new Guard(token, port);
        this.url = "http://127.0.0.1:" + port + base;
        AtomicInteger n = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(4, r -> daemon(r, "wanedit-studio-http-" + n.incrementAndGet()));
        this.waits = Executors.newCachedThreadPool(r -> daemon(r, "wanedit-studio-wait-" + n.incrementAndGet()));
        this.api = new StudioApi(settings, ports, files, registry, base, waits);
        server.createContext("/", this::handle);
        server.setExecutor(requests);
        server.start();
    }

    /** Starts the studio; it accepts connections when this returns. */
    public static Studio start(Settings settings, Ports ports) {
        try {
            return new Studio(settings, ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The page's address with its token, e.g. {@code http://127.0.0.1:41234/t/<32 hex>/}. */
    public String url() {
        return url;
    }

    /** The address the server is bound to (always the loopback interface). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
        waits.shutdownNow(); // a wait interrupted here leaves its job resumable
        stopped.countDown();
    }

    // ---- routing ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = guard.admit(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders().get("Host"),
                    ex.getRequestHeaders().get("Origin"), ex.getRequestHeaders().get("Sec-Fetch-Site"));
            if (path == null) {
                StudioHttp.empty(ex, 403);
                return;
            }
            route(ex, path);
        } catch (RuntimeException e) {
            LOG.warn("studio request {} failed", ex.getRequestURI().getRawPath().replace(token, "<token>"), e);
            try {
                StudioHttp.json(ex, 500, Map.of("error", "the studio could not answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the answer was already started
            }
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (get && path.isEmpty()) {
            StudioHttp.html(ex, jobsPage(ex.getRequestURI().getRawQuery()));
        } else if (get && path.startsWith("jobs/")) {
            StudioHttp.html(ex, jobPage(path.substring("jobs/".length())));
        } else if (get && path.equals("edit")) {
            StudioHttp.html(ex, pages.edit(base, "wanedit studio · new edit"));
        } else if (get && path.startsWith("static/")) {
            asset(ex, path.substring("static/".length()));
        } else if (get && path.startsWith("img/")) {
            image(ex, path.substring("img/".length()));
        } else if (get && path.equals("api/catalog")) {
            StudioHttp.json(ex, 200, CatalogJson.of(ports.catalog(), settings.defaultRegion()));
        } else if (get && path.startsWith("api/jobs/")) {
            api.jobState(ex, path.substring("api/jobs/".length()));
        } else if (method.equals("POST") && path.equals("api/validate")) {
            api.validate(ex);
        } else if (method.equals("POST") && path.equals("api/submit")) {
            api.submit(ex);
        } else if (method.equals("POST") && path.equals("api/inputs")) {
            api.upload(ex);
        } else if (method.equals("POST") && path.equals("api/preview")) {
            api.preview(ex);
        } else {
            StudioHttp.empty(ex, 404);
        }
    }

    // ---- pages ----

    private String jobsPage(String query) {
        EditForm q = EditForm.parse(query);
        Set<JobState> states = q.text("state").flatMap(Studio::state).map(Set::of).orElse(Set.of());
        int limit = q.text("limit").filter(l -> l.matches("\\d{1,5}")).map(Integer::parseInt).orElse(200);
        List<EditJob> list = ports.jobs().list(new JobQuery(states, Optional.empty(), Optional.empty(), Math.max(1, limit)));
        return render("wanedit studio · jobs", list);
    }

    private static Optional<JobState> state(String s) {
        try {
            return Optional.of(JobState.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String jobPage(String id) {
        if (!JobId.isValid(id)) {
            return render("wanedit studio · no such job", List.of());
        }
        try {
            return render("wanedit job " + id, List.of(ports.jobs().status(new JobId(id), false)));
        } catch (JobNotFound e) {
            return render("wanedit studio · no such job", List.of());
        }
    }

    private String render(String title, List<EditJob> jobs) {
        Pictures pictures = Pictures.forStudio(registry, base + "img/", ports.links());
        ReportView page = ReportPages.build(title, jobs, pictures, ports.clock().instant(), true);
        return pages.report(page, base);
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        String type = switch (name) {
            case "wanedit.css" -> "text/css; charset=utf-8";
            case "report.js", "studio.js" -> "text/javascript; charset=utf-8";
            default -> null;
        };
        if (type == null) {
            StudioHttp.empty(ex, 404);
            return;
        }
        StudioHttp.send(ex, 200, type, Pages.resource(name).getBytes(StandardCharsets.UTF_8), "default-src 'none'");
    }

    private void image(HttpExchange ex, String id) throws IOException {
        Optional<Path> file = registry.lookup(id);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            StudioHttp.empty(ex, 404);
            return;
        }
        byte[] bytes = Files.readAllBytes(file.get());
        String type = Thumbnails.formatName(bytes).map(f -> switch (f.toLowerCase(java.util.Locale.ROOT)) {
            case "png" -> "image/png";
            case "jpeg", "jpg" -> "image/jpeg";
            case "bmp" -> "image/bmp";
            case "webp" -> "image/webp";
            case "tif", "tiff" -> "image/tiff";
            default -> "application/octet-stream";
        }).orElse("application/octet-stream");
        StudioHttp.send(ex, 200, type, bytes, "default-src 'none'");
    }
}
