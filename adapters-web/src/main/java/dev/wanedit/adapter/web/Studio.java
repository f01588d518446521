package dev.wanedit.adapter.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wanedit.adapter.web.view.ReportView;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.AwaitOutcome;
import dev.wanedit.application.port.in.EditCommand;
import dev.wanedit.application.port.in.JobNotFound;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ProgressListener;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.SubmitOptions;
import dev.wanedit.application.port.in.SubmitOutcome;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.ValidationReport;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.SubmitMode;
import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.EditRequest;
import dev.wanedit.domain.ExpectedOutput;
import dev.wanedit.domain.InvalidEditRequest;
import dev.wanedit.domain.JobId;
import dev.wanedit.domain.JobState;
import dev.wanedit.domain.ModelCatalog;
import dev.wanedit.domain.ResultImage;
import dev.wanedit.domain.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final int MAX_FORM_BYTES = 40 * 1024 * 1024; // a painted 4096×4096 mask as a data URL fits

    /**
     * How the studio runs.
     *
     * @param port the port on 127.0.0.1, 0 for a free one
     * @param folder where painted masks and chosen images are kept (private to the user)
     * @param defaultRegion the region of an edit whose form names none
     * @param waitDeadline how long the studio waits for a submitted job before leaving it to {@code wanedit resume}
     */
    public record Settings(int port, Path folder, dev.wanedit.domain.Region defaultRegion, Duration waitDeadline) {
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
    private final Map<String, String> progress = new ConcurrentHashMap<>();
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
                empty(ex, 403);
                return;
            }
            route(ex, path);
        } catch (RuntimeException e) {
            LOG.warn("studio request {} failed", ex.getRequestURI().getRawPath().replace(token, "<token>"), e);
            try {
                json(ex, 500, Map.of("error", "the studio could not answer: " + e.getClass().getSimpleName()
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
            html(ex, jobsPage(ex.getRequestURI().getRawQuery()));
        } else if (get && path.startsWith("jobs/")) {
            html(ex, jobPage(path.substring("jobs/".length())));
        } else if (get && path.equals("edit")) {
            html(ex, pages.edit(base, "wanedit studio · new edit"));
        } else if (get && path.startsWith("static/")) {
            asset(ex, path.substring("static/".length()));
        } else if (get && path.startsWith("img/")) {
            image(ex, path.substring("img/".length()));
        } else if (get && path.equals("api/catalog")) {
            json(ex, 200, CatalogJson.of(ports.catalog(), settings.defaultRegion()));
        } else if (get && path.startsWith("api/jobs/")) {
            jobState(ex, path.substring("api/jobs/".length()));
        } else if (method.equals("POST") && path.equals("api/validate")) {
            validate(ex);
        } else if (method.equals("POST") && path.equals("api/submit")) {
            submit(ex);
        } else if (method.equals("POST") && path.equals("api/inputs")) {
            upload(ex);
        } else if (method.equals("POST") && path.equals("api/preview")) {
            preview(ex);
        } else {
            empty(ex, 404);
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
            empty(ex, 404);
            return;
        }
        send(ex, 200, type, Pages.resource(name).getBytes(StandardCharsets.UTF_8), "default-src 'none'");
    }

    private void image(HttpExchange ex, String id) throws IOException {
        Optional<Path> file = registry.lookup(id);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            empty(ex, 404);
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
        send(ex, 200, type, bytes, "default-src 'none'");
    }

    // ---- API ----

    private void jobState(HttpExchange ex, String id) throws IOException {
        if (!JobId.isValid(id)) {
            json(ex, 404, Map.of("error", "no such job"));
            return;
        }
        EditJob job;
        try {
            job = ports.jobs().status(new JobId(id), false);
        } catch (JobNotFound e) {
            json(ex, 404, Map.of("error", "no such job"));
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", job.id().value());
        o.put("state", JobViews.stateText(job));
        o.put("finished", job.state().isFinal());
        o.put("progress", progress.getOrDefault(id, job.state().isFinal() ? "" : "not followed by this studio; "
                + "`wanedit wait " + id + "` or `wanedit resume` finishes it"));
        o.put("stored", job.results().stream().filter(ResultImage::isStored).count());
        json(ex, 200, o);
    }

    /** The form as a command, with the painted mask stored first; what could not be parsed is in {@code problems}. */
    private EditForm.Parsed parse(HttpExchange ex) throws IOException {
        EditForm form = EditForm.parse(new String(body(ex, MAX_FORM_BYTES), StandardCharsets.UTF_8));
        List<Violation> extra = new ArrayList<>();
        Optional<String> mask = Optional.empty();
        Optional<String> painted = form.text("mask_png");
        if (painted.isPresent()) {
            int[] size = form.all("image").stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst()
                    .flatMap(Studio::localSize).orElse(new int[] {0, 0});
            try {
                mask = Optional.of(files.storeMask(painted.get(), size[0], size[1]).toString());
            } catch (StudioFiles.Refused e) {
                extra.add(Violation.error(e.field, "", e.getMessage()));
            }
        }
        EditForm.Parsed p = form.command(settings.defaultRegion(), mask);
        List<Violation> all = new ArrayList<>(extra);
        all.addAll(p.problems());
        return new EditForm.Parsed(p.command(), all);
    }

    private static Optional<int[]> localSize(String ref) {
        if (dev.wanedit.domain.ImageInput.classify(ref) != dev.wanedit.domain.ImageInput.Kind.LOCAL) {
            return Optional.empty();
        }
        Path p = Path.of(ref.startsWith("file://") ? ref.substring("file://".length()) : ref);
        return Files.isRegularFile(p) ? Thumbnails.size(p) : Optional.empty();
    }

    private void validate(HttpExchange ex) throws IOException {
        EditForm.Parsed p = parse(ex);
        ValidationReport report = ports.validate().validate(p.command(), SubmitMode.ASYNC);
        List<Violation> errors = new ArrayList<>(p.problems());
        errors.addAll(report.errors());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("valid", errors.isEmpty());
        o.put("errors", violations(errors));
        o.put("warnings", violations(report.warnings()));
        report.expected().ifPresent(e -> o.put("expected", expected(e)));
        if (report.expected().isEmpty() && report.request().isPresent()) {
            o.put("expected", expected(report.request().get().expectedOutput()));
        }
        o.put("mask", p.command().mask() == null ? "" : p.command().mask());
        json(ex, 200, o);
    }

    private void submit(HttpExchange ex) throws IOException {
        EditForm.Parsed p = parse(ex);
        if (!p.problems().isEmpty()) {
            json(ex, 422, Map.of("errors", violations(p.problems())));
            return;
        }
        EditCommand command = p.command();
        EditRequest request;
        try {
            request = ports.validate().prepare(command);
        } catch (InvalidEditRequest e) {
            json(ex, 422, Map.of("errors", violations(e.violations())));
            return;
        }
        SubmitOutcome outcome;
        try {
            outcome = ports.submit().submit(request, SubmitOptions.async());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json(ex, 503, Map.of("error", "the studio is stopping; the job stays in the journal: wanedit resume finishes it"));
            return;
        } catch (RuntimeException e) {
            json(ex, 502, Map.of("error", "the service did not take the edit: " + e.getMessage()));
            return;
        }
        if (outcome instanceof SubmitOutcome.Rejected r) {
            if (r.reason().isPresent()) { // recorded on the job by the use case; say what the service said
                json(ex, 502, Map.of("error", "the service did not take the edit: " + r.reason().get().getMessage()));
            } else {
                json(ex, 422, Map.of("errors", violations(r.violations())));
            }
            return;
        }
        EditJob job = outcome.journaled().orElseThrow();
        boolean reused = outcome instanceof SubmitOutcome.Reused;
        if (!job.state().isFinal() && !progress.containsKey(job.id().value())) {
            follow(job.id());
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("job", job.id().value());
        o.put("state", job.state().name());
        o.put("reused", reused);
        o.put("page", base + "jobs/" + job.id().value());
        json(ex, 200, o);
    }

    /** Waits for a job in the background, as {@code wanedit edit} does in the foreground. */
    private void follow(JobId id) {
        String key = id.value();
        progress.put(key, "submitted; waiting for the task");
        waits.submit(() -> {
            try {
                AwaitOutcome outcome = ports.await().await(id, settings.waitDeadline(), new ProgressListener() {
                    @Override
                    public void polled(EditJob job, int polls, Duration elapsed) {
                        progress.put(key, job.state().name() + " · " + polls + (polls == 1 ? " query" : " queries") + " · "
                                + Formats.duration(elapsed));
                    }

                    @Override
                    public void stored(EditJob job, ResultImage image) {
                        progress.put(key, "stored result #" + (image.index() + 1));
                    }
                });
                if (outcome instanceof AwaitOutcome.Finished done) {
                    progress.put(key, "done: " + JobViews.stateText(done.job()));
                } else if (outcome instanceof AwaitOutcome.TimedOut late) {
                    progress.put(key, "still " + late.job().state() + " after " + Formats.duration(settings.waitDeadline())
                            + "; `wanedit wait " + key + "` finishes it");
                } else {
                    progress.put(key, "the studio stopped waiting; `wanedit resume` finishes the job");
                }
            } catch (RuntimeException e) {
                LOG.warn("waiting for job {} failed", key, e);
                progress.put(key, "waiting failed: " + e.getMessage() + "; `wanedit resume` retries");
            }
        });
    }

    private void upload(HttpExchange ex) throws IOException {
        byte[] bytes = body(ex, StudioFiles.MAX_UPLOAD_BYTES);
        try {
            StudioFiles.Stored s = files.storeInput(bytes);
            json(ex, 200, picked(s.path(), s.width(), s.height()));
        } catch (StudioFiles.Refused e) {
            json(ex, 422, Map.of("errors", violations(List.of(Violation.error(e.field, "", e.getMessage())))));
        }
    }

    /** A local path typed into the form: shown in the page (and painted on) once it is known to be an image. */
    private void preview(HttpExchange ex) throws IOException {
        EditForm form = EditForm.parse(new String(body(ex, 64 * 1024), StandardCharsets.UTF_8));
        String ref = form.text("ref").orElse("");
        Optional<int[]> size = localSize(ref);
        if (size.isEmpty()) {
            json(ex, 200, Map.of("ref", ref, "src", "", "width", 0, "height", 0));
            return;
        }
        json(ex, 200, picked(Path.of(ref), size.get()[0], size.get()[1]));
    }

    private Map<String, Object> picked(Path file, int w, int h) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ref", file.toAbsolutePath().normalize().toString());
        o.put("src", base + "img/" + registry.register(file));
        o.put("width", w);
        o.put("height", h);
        return o;
    }

    private static List<Object> violations(List<Violation> vs) {
        List<Object> out = new ArrayList<>();
        for (Violation v : vs) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("field", v.field());
            o.put("value", v.value());
            o.put("rule", v.rule());
            o.put("message", v.message());
            out.add(o);
        }
        return out;
    }

    private static Map<String, Object> expected(ExpectedOutput e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dimensions", e.dimensions().map(Object::toString).orElse(""));
        o.put("images", e.maxImages());
        o.put("cost", e.estimatedCost().toString());
        return o;
    }

    // ---- HTTP ----

    private static byte[] body(HttpExchange ex, int max) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IllegalArgumentException("the request is larger than " + max / (1024 * 1024) + " MB");
            }
            return bytes;
        }
    }

    private void html(HttpExchange ex, String page) throws IOException {
        // the page declares its full policy itself (meta); the header adds what a meta tag cannot say
        send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8),
                "frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
    }

    private static void json(HttpExchange ex, int status, Object doc) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.write(doc).getBytes(StandardCharsets.UTF_8), "default-src 'none'");
    }

    private static void empty(HttpExchange ex, int status) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, -1);
    }

    /** Every answer: no caching, no sniffing, no referrer (the token is in the path), no framing, no CORS. */
    private static void send(HttpExchange ex, int status, String type, byte[] bytes, String csp) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        if (csp != null) {
            h.set("Content-Security-Policy", csp);
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
