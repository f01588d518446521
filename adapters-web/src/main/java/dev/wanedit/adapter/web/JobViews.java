package dev.wanedit.adapter.web;

import dev.wanedit.adapter.web.view.BoxView;
import dev.wanedit.adapter.web.view.Field;
import dev.wanedit.adapter.web.view.InputView;
import dev.wanedit.adapter.web.view.JobView;
import dev.wanedit.adapter.web.view.Picture;
import dev.wanedit.adapter.web.view.ResultView;
import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ExpectedOutput;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.OutputSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns a job of the journal into the {@link JobView} both the report and the studio render. */
final class JobViews {

    private final Pictures pictures;
    private final Instant now;
    private final boolean shareable;

    /**
     * @param now the time of the page, for the age of unfinished jobs
     * @param shareable true for an embedded report: no absolute local path is put into the view
     */
    JobViews(Pictures pictures, Instant now, boolean shareable) {
        this.pictures = pictures;
        this.now = now;
        this.shareable = shareable;
    }

    JobView view(EditJob job) {
        EditRequest r = job.request();
        OutputSpec out = r.output();
        List<InputView> inputs = inputs(r);
        List<ResultView> results = job.results().stream().map(this::result).toList();
        String failure = job.failure().map(Object::toString).orElse("");
        String estimated = r.expectedOutput().estimatedCost().toString();
        String actual = job.isActualCostKnown() ? job.actualCost().toString() : "not known until the task ends";
        String task = job.task().map(RemoteTaskRef::taskId).orElse("");
        String created = Formats.time(job.createdAt());

        List<Field> f = new ArrayList<>();
        f.add(new Field("Job", job.id().value()));
        f.add(new Field("State", stateText(job)));
        f.add(new Field("Model", r.model().id()));
        f.add(new Field("Region", job.region().id() + " (" + job.region().cloudRegion() + ")"));
        f.add(new Field("Function", r.function().map(EditFunction::wireName).orElse("—")));
        f.add(new Field("Parameters", parameters(r)));
        f.add(new Field("Prompt", r.prompt()));
        f.add(new Field("Actual prompt", actualPrompts(job, r)));
        f.add(new Field("Negative prompt", r.negativePrompt().orElse("—")));
        f.add(new Field("Seed", out.seed().isPresent() ? String.valueOf(out.seed().getAsLong()) : "not set (the service picks one)"));
        f.add(new Field("Size", out.size() + " requested; " + expected(r.expectedOutput())));
        f.add(new Field("Images asked for (n)", String.valueOf(out.n())));
        f.add(new Field("Estimated cost", estimated + " (if every image succeeds)"));
        f.add(new Field("Actual cost", actual));
        f.add(new Field("Task id", task.isEmpty() ? "— (not created)" : task));
        job.task().flatMap(RemoteTaskRef::endpoint).ifPresent(e -> f.add(new Field("Endpoint", e)));
        f.add(new Field("Created", created));
        job.remoteSubmitTime().ifPresent(t -> f.add(new Field("Submitted (service)", Formats.time(t))));
        job.remoteEndTime().ifPresent(t -> f.add(new Field("Ended (service)", Formats.time(t))));
        f.add(new Field("Time taken", timeTaken(job)));
        f.add(new Field("Failure", failure.isEmpty() ? "—" : failure));
        job.batch().ifPresent(b -> f.add(new Field("Batch", b.batchId() + ", line " + b.lineKey())));
        if (!shareable) {
            job.destination().ifPresent(d -> f.add(new Field("Results folder", d)));
        }
        for (InputView in : inputs) {
            f.add(new Field(cap(in.role()) + " stored at", in.picture().storedAt()));
            in.mask().ifPresent(m -> f.add(new Field("Mask stored at", m.storedAt())));
        }
        for (ResultView res : results) {
            f.add(new Field("Result #" + res.number() + " stored at", res.picture().storedAt().isEmpty()
                    ? (res.failed() ? "— (failed)" : "— (" + res.remote() + ")") : res.picture().storedAt()));
        }

        Optional<JobView.Compare> compare = Optional.empty();
        if (inputs.size() == 1 && inputs.get(0).picture().shown()) {
            compare = results.stream().map(ResultView::picture).filter(Picture::shown).findFirst()
                    .map(after -> new JobView.Compare(inputs.get(0).picture(), after));
        }
        return new JobView(job.id().value(), stateText(job), stateClass(job), job.state().isFinal(), r.model().id(),
                job.region().id(), r.function().map(EditFunction::wireName).orElse(""), r.prompt(),
                r.negativePrompt().orElse(""), failure, estimated, actual, task, timeTaken(job), created, f, inputs, results,
                compare);
    }

    private List<InputView> inputs(EditRequest r) {
        List<InputView> list = new ArrayList<>();
        List<ImageInput> images = r.images();
        boolean base = r.function().isPresent() && images.size() == 1;
        for (int i = 0; i < images.size(); i++) {
            ImageInput in = images.get(i);
            Picture p = pictures.input(in, false);
            List<BoundingBox> boxes = i < r.output().boxes().size() ? r.output().boxes().get(i) : List.of();
            Optional<Picture> mask = i == 0 ? r.mask().map(m -> pictures.input(m, true)) : Optional.empty();
            list.add(new InputView(base ? "base image" : "image " + (i + 1), p, boxes.stream().map(b -> box(b, p)).toList(), mask));
        }
        return list;
    }

    static BoxView box(BoundingBox b, Picture on) {
        if (on.width() <= 0 || on.height() <= 0) {
            return new BoxView(b.x1(), b.y1(), b.x2(), b.y2(), 0, 0, 0, 0);
        }
        double w = on.width();
        double h = on.height();
        return new BoxView(b.x1(), b.y1(), b.x2(), b.y2(), b.x1() * 100 / w, b.y1() * 100 / h, (b.x2() - b.x1()) * 100 / w,
                (b.y2() - b.y1()) * 100 / h);
    }

    private ResultView result(ResultImage img) {
        String error = img.errorCode().map(c -> c + img.errorMessage().map(m -> ": " + m).orElse(""))
                .or(() -> img.errorMessage()).orElse("");
        Picture picture;
        String remote = "";
        if (img.storedAt().isPresent()) {
            picture = pictures.stored(img.storedAt().get());
        } else {
            remote = img.succeeded()
                    ? "not stored yet" + img.urlExpiresAt().map(t -> "; the service keeps it until " + Formats.time(t)).orElse("")
                    : "";
            picture = new Picture("result #" + (img.index() + 1), "", "", 0, 0, "", error.isEmpty() ? remote : "", false);
        }
        return new ResultView(img.index() + 1, picture, img.actualPrompt().orElse(""), error, img.sha256().orElse(""), img.bytes(),
                remote);
    }

    private static String parameters(EditRequest r) {
        List<String> p = new ArrayList<>();
        r.functionParams().forEach((k, v) -> p.add(k + "=" + v));
        OutputSpec o = r.output();
        o.watermark().ifPresent(v -> p.add("watermark=" + v));
        o.promptExtend().ifPresent(v -> p.add("prompt_extend=" + v));
        if (o.sequential()) {
            p.add("enable_sequential=true");
        }
        o.thinkingMode().ifPresent(v -> p.add("thinking_mode=" + v));
        if (!o.palette().isEmpty()) {
            p.add("color_palette=" + o.palette().stream().map(c -> c.hex() + ":" + c.ratio()).collect(Collectors.joining(",")));
        }
        if (!o.boxes().isEmpty()) {
            p.add("bbox_list=" + o.boxes());
        }
        return p.isEmpty() ? "— (the service's defaults)" : String.join(", ", p);
    }

    private static String actualPrompts(EditJob job, EditRequest r) {
        List<String> actual = job.results().stream().flatMap(i -> i.actualPrompt().stream()).distinct().toList();
        if (actual.isEmpty()) {
            return job.state().isFinal() ? "— (the service reported none)" : "— (known when the task ends)";
        }
        return String.join("\n", actual);
    }

    private static String expected(ExpectedOutput e) {
        return "expected " + e.dimensions().map(Object::toString).orElse("size unknown (remote inputs)")
                + ", up to " + e.maxImages() + (e.maxImages() == 1 ? " image" : " images");
    }

    private String timeTaken(EditJob job) {
        if (job.remoteSubmitTime().isPresent() && job.remoteEndTime().isPresent()) {
            return Formats.duration(Duration.between(job.remoteSubmitTime().get(), job.remoteEndTime().get()))
                    + " at the service";
        }
        if (job.state().isFinal()) {
            return Formats.duration(Duration.between(job.createdAt(), job.updatedAt()));
        }
        return "running for " + Formats.duration(Duration.between(job.createdAt(), now));
    }

    static String stateText(EditJob job) {
        return job.state().name() + (job.isPartial() ? " (partial)" : "");
    }

    /** {@code ok}, {@code partial}, {@code failed} or {@code running}: the badge colour. */
    static String stateClass(EditJob job) {
        if (job.isPartial()) {
            return "partial";
        }
        return switch (job.state()) {
            case STORED -> "ok";
            case FAILED, CANCELED, EXPIRED -> "failed";
            case CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING, SUCCEEDED -> "running";
        };
    }

    /** 0 for failed and partial jobs, 1 for unfinished ones, 2 for complete ones: failures come first. */
    static int group(EditJob job) {
        if (job.isPartial() || job.state() == JobState.FAILED || job.state() == JobState.CANCELED
                || job.state() == JobState.EXPIRED) {
            return 0;
        }
        return job.state() == JobState.STORED ? 2 : 1;
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
