package dev.wanedit.adapter.web;

import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.ImageIO;

/** Real PNG files and jobs of the journal made from them, for the page tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-21T10:15:30Z");

    private Fixtures() {
    }

    /** Writes a real PNG of the size, a colour band and a diagonal, and returns its path. */
    static Path png(Path file, int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, w, h);
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A local input with its real facts. */
    static ImageInput.LocalImage local(Path png) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            return new ImageInput.LocalImage(png, new ImageFacts(ImageFormat.PNG, img.getWidth(), img.getHeight(), Files.size(png),
                    false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobId id(int n) {
        return new JobId(String.format("20261121-101530-%03d-abc%03d", n % 1000, n % 1000));
    }

    /** A job as the journal would give it back, in any state. */
    static EditJob job(JobId id, EditRequest request, JobState state, List<ResultImage> results, Optional<JobFailure> failure,
                       Optional<BatchRef> batch) {
        boolean sent = state != JobState.CREATED;
        Optional<JobFailure> why = failure.isEmpty() && state == JobState.EXPIRED
                ? Optional.of(new JobFailure(JobFailure.Kind.EXPIRED, "UNKNOWN", "gone")) : failure;
        return EditJob.restore(EditJob.Snapshot.builder().id(id).request(request).createdAt(T0).batch(batch)
                .destination(Optional.of("/srv/results")).state(state)
                .task(sent ? Optional.of(new RemoteTaskRef("task-" + id.value(), request.region(), Optional.empty())) : Optional.empty())
                .submittingSince(Optional.of(T0)).remoteSubmitTime(sent ? Optional.of(T0.plusSeconds(1)) : Optional.empty())
                .remoteEndTime(state.isFinal() ? Optional.of(T0.plusSeconds(43)) : Optional.empty()).results(results)
                .usage(state.isFinal() ? Optional.of(new Usage((int) results.stream().filter(ResultImage::succeeded).count(),
                        Optional.empty(), OptionalInt.empty(), OptionalInt.empty())) : Optional.empty())
                .failure(why).updatedAt(T0.plusSeconds(44)).version(3).build());
    }

    /** A stored result at {@code file}. */
    static ResultImage stored(int index, Path file, String actualPrompt) {
        return new ResultImage(index, Optional.of(URI.create("https://dashscope-result.example/" + index + ".png")),
                Optional.of(T0.plusSeconds(86_400)), Optional.ofNullable(actualPrompt), Optional.of(file.toString()),
                Optional.of("ab".repeat(32)), 1234, Optional.empty(), Optional.empty());
    }

    /** A stored result somewhere else than the local disk. */
    static ResultImage storedAt(int index, String location) {
        return new ResultImage(index, Optional.of(URI.create("https://dashscope-result.example/" + index + ".png")),
                Optional.of(T0.plusSeconds(86_400)), Optional.empty(), Optional.of(location), Optional.of("cd".repeat(32)), 99,
                Optional.empty(), Optional.empty());
    }

    /** A slot that failed in a partial task. */
    static ResultImage failedSlot(int index) {
        return new ResultImage(index, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.of("InternalError.Timeout"), Optional.of("An internal timeout error has occured"));
    }

    static EditRequestDraft wan25(ImageInput in, String prompt) {
        return EditRequest.draft("wan2.5-i2i-preview").region(Region.BEIJING).prompt(prompt).image(in).n(1);
    }

    /** In-memory {@link ManageJobs}: list and status over a fixed set of jobs. */
    static final class Journal implements ManageJobs {
        final Map<JobId, EditJob> jobs = new LinkedHashMap<>();
        final List<JobQuery> queries = new ArrayList<>();

        Journal add(EditJob job) {
            jobs.put(job.id(), job);
            return this;
        }

        @Override
        public EditJob status(JobId id, boolean refresh) {
            EditJob j = jobs.get(id);
            if (j == null) {
                throw new JobNotFound(id.value());
            }
            return j;
        }

        @Override
        public EditJob cancel(JobId id) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public List<EditJob> list(JobQuery q) {
            queries.add(q);
            return jobs.values().stream()
                    .filter(j -> q.states().isEmpty() || q.states().contains(j.state()))
                    .filter(j -> q.batchId().isEmpty() || j.batch().map(BatchRef::batchId).equals(q.batchId()))
                    .filter(j -> q.createdSince().isEmpty() || !j.createdAt().isBefore(q.createdSince().get()))
                    .limit(q.limit()).toList();
        }
    }
}
