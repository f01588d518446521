package dev.wanedit.adapter.web;

import com.sun.net.httpserver.HttpExchange;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ExpectedOutput;
import dev.wanedit.domain.request.InvalidEditRequest;
import dev.wanedit.domain.request.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's JSON API under {@code api/}: a job's live state, the edit form validated and
 * submitted through the in-ports, chosen and previewed input images; and the background wait that
 * follows each submitted job, whose progress the job state reports.
 */
final class StudioApi {

    private static final Logger LOG = LoggerFactory.getLogger(Studio.class); // the studio's one logger
    private static final int MAX_FORM_BYTES = 40 * 1024 * 1024; // a painted 4096×4096 mask as a data URL fits

    private final Studio.Settings settings;
    private final Studio.Ports ports;
    private final StudioFiles files;
    private final ImageRegistry registry;
    private final String base;
    private final ExecutorService waits;
    private final Map<String, String> progress = new ConcurrentHashMap<>();

    StudioApi(Studio.Settings settings, Studio.Ports ports, StudioFiles files, ImageRegistry registry, String base,
              ExecutorService waits) {
        this.settings = settings;
        this.ports = ports;
        this.files = files;
        this.registry = registry;
        this.base = base;
        this.waits = waits;
    }

    void jobState(HttpExchange ex, String id) throws IOException {
        if (!JobId.isValid(id)) {
            StudioHttp.json(ex, 404, Map.of("error", "no such job"));
            return;
        }
        EditJob job;
        try {
            job = ports.jobs().status(new JobId(id), false);
        } catch (JobNotFound e) {
            StudioHttp.json(ex, 404, Map.of("error", "no such job"));
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", job.id().value());
        o.put("state", JobViews.stateText(job));
        o.put("finished", job.state().isFinal());
        o.put("progress", progress.getOrDefault(id, job.state().isFinal() ? "" : "not followed by this studio; "
                + "`wanedit wait " + id + "` or `wanedit resume` finishes it"));
        o.put("stored", job.results().stream().filter(ResultImage::isStored).count());
        StudioHttp.json(ex, 200, o);
    }

    /** The form as a command, with the painted mask stored first; what could not be parsed is in {@code problems}. */
    private EditForm.Parsed parse(HttpExchange ex) throws IOException {
        EditForm form = EditForm.parse(new String(StudioHttp.body(ex, MAX_FORM_BYTES), StandardCharsets.UTF_8));
        List<Violation> extra = new ArrayList<>();
        Optional<String> mask = Optional.empty();
        Optional<String> painted = form.text("mask_png");
        if (painted.isPresent()) {
            int[] size = form.all("image").stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst()
                    .flatMap(StudioApi::localSize).orElse(new int[] {0, 0});
            try {
                mask = Optional.of(files.storeMask(painted.get(), size[0], size[1]).toString());
            } catch (StudioFiles.Refused e) {
                extra.add(Violation.error(e.field, "", e.getMessage()));
            }
        }
        EditForm.Parsed p = form.edit(settings.defaultRegion(), mask);
        List<Violation> all = new ArrayList<>(extra);
        all.addAll(p.problems());
        return new EditForm.Parsed(p.edit(), all);
    }

    private static Optional<int[]> localSize(String ref) {
        if (dev.wanedit.domain.request.ImageInput.classify(ref) != dev.wanedit.domain.request.ImageInput.Kind.LOCAL) {
            return Optional.empty();
        }
        Path p = Path.of(ref.startsWith("file://") ? ref.substring("file://".length()) : ref);
        return Files.isRegularFile(p) ? Thumbnails.size(p) : Optional.empty();
    }

    void validate(HttpExchange ex) throws IOException {
        EditForm.Parsed p = parse(ex);
        ValidationReport report = ports.validate().validate(p.edit(), SubmitMode.ASYNC);
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
        o.put("mask", p.edit().maskReference().orElse(""));
        StudioHttp.json(ex, 200, o);
    }

    void submit(HttpExchange ex) throws IOException {
        EditForm.Parsed p = parse(ex);
        if (!p.problems().isEmpty()) {
            StudioHttp.json(ex, 422, Map.of("errors", violations(p.problems())));
            return;
        }
        EditRequest request;
        try {
            request = ports.validate().prepare(p.edit());
        } catch (InvalidEditRequest e) {
            StudioHttp.json(ex, 422, Map.of("errors", violations(e.violations())));
            return;
        }
        SubmitOutcome outcome;
        try {
            outcome = ports.submit().submit(request, SubmitOptions.async());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StudioHttp.json(ex, 503, Map.of("error", "the studio is stopping; the job stays in the journal: wanedit resume finishes it"));
            return;
        } catch (RuntimeException e) {
            StudioHttp.json(ex, 502, Map.of("error", "the service did not take the edit: " + e.getMessage()));
            return;
        }
        if (outcome instanceof SubmitOutcome.Rejected r) {
            if (r.reason().isPresent()) { // recorded on the job by the use case; say what the service said
                StudioHttp.json(ex, 502, Map.of("error", "the service did not take the edit: " + r.reason().get().getMessage()));
            } else {
                StudioHttp.json(ex, 422, Map.of("errors", violations(r.violations())));
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
        StudioHttp.json(ex, 200, o);
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

    void upload(HttpExchange ex) throws IOException {
        byte[] bytes = StudioHttp.body(ex, StudioFiles.MAX_UPLOAD_BYTES);
        try {
            StudioFiles.Stored s = files.storeInput(bytes);
            StudioHttp.json(ex, 200, picked(s.path(), s.width(), s.height()));
        } catch (StudioFiles.Refused e) {
            StudioHttp.json(ex, 422, Map.of("errors", violations(List.of(Violation.error(e.field, "", e.getMessage())))));
        }
    }

    /** A local path typed into the form: shown in the page (and painted on) once it is known to be an image. */
    void preview(HttpExchange ex) throws IOException {
        EditForm form = EditForm.parse(new String(StudioHttp.body(ex, 64 * 1024), StandardCharsets.UTF_8));
        String ref = form.text("ref").orElse("");
        Optional<int[]> size = localSize(ref);
        if (size.isEmpty()) {
            StudioHttp.json(ex, 200, Map.of("ref", ref, "src", "", "width", 0, "height", 0));
            return;
        }
        StudioHttp.json(ex, 200, picked(Path.of(ref), size.get()[0], size.get()[1]));
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
}
