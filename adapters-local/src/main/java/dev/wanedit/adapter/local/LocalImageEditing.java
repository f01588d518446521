package dev.wanedit.adapter.local;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.catalog.WireFamily;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.Dimensions;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.ImageIO;

/**
 * Adapter: a local, deterministic image-editing "provider" for offline demos and tests, behind the
 * same port as DashScope. A create runs a simple ImageIO operation ({@link LocalOperations}) at
 * once, writes the {@code n} results into the provider's folder and records the task there; the
 * task then goes PENDING → RUNNING → SUCCEEDED on the injected clock, by its recorded times alone,
 * so a task survives the process and is found again by {@code fetch} and the task list. No key, no
 * network: every input the domain accepts is accepted (a URL or OSS object is stood in for by a
 * plain canvas, since nothing is fetched).
 */
final class LocalImageEditing implements ImageEditingService {

    static final int LIST_PAGE_SIZE = 50;

    private final LocalProviderSettings settings;
    private final LocalTasks tasks;

    LocalImageEditing(LocalProviderSettings settings) {
        this.settings = settings;
        this.tasks = new LocalTasks(settings.tasks());
    }

    /** A create ready to run: nothing is read or written until it is sent. */
    private record Prepared(EditRequest request, SubmitMode mode, Optional<String> endpoint) implements PreparedCreate {
    }

    @Override
    public PreparedCreate prepare(EditRequest request, SubmitMode mode, Optional<String> endpoint) {
        requireOurs(endpoint, "sending a " + request.model().id() + " task");
        if (mode == SubmitMode.SYNC && request.model().wireFamily() != WireFamily.MESSAGES) {
            // the application refuses this before any call (ModelSpec.synchronousCallViolation), as DashScope does
            throw new IllegalArgumentException(request.model().id() + " has no synchronous call");
        }
        return new Prepared(request, mode, endpoint);
    }

    @Override
    public Submission create(PreparedCreate create) {
        if (!(create instanceof Prepared p)) {
            throw new IllegalArgumentException("not a create prepared by this adapter: " + create);
        }
        EditRequest request = p.request();
        Instant now = settings.clock().instant();
        String id = LocalTasks.newId();
        List<ImageInput> images = request.images();
        Optional<BufferedImage> source = images.isEmpty() ? Optional.empty() : LocalOperations.read(images.get(images.size() - 1));
        Dimensions size = LocalOperations.outputSize(request, source);
        int n = request.output().n();
        Path folder = settings.results().resolve(id);
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < n; i++) {
                writePng(LocalOperations.render(request, source, i), folder.resolve(i + ".png"));
            }
        } catch (IOException e) {
            // no record was written, so there is no task: the create certainly did not happen
            throw new Unavailable("the local provider cannot write results into " + folder + ": " + e.getMessage(),
                    "ResultUnwritable", "", 0, e);
        }
        boolean sync = p.mode() == SubmitMode.SYNC;
        Instant pendingUntil = sync ? now : now.plus(settings.pendingFor());
        Instant runningUntil = sync ? now : pendingUntil.plus(settings.runningFor());
        LocalTasks.Task task = new LocalTasks.Task(id, request.model().id(), request.region().id(), request.prompt(), n,
                size.width() + "*" + size.height(), now, pendingUntil, runningUntil, Optional.empty());
        tasks.save(task);
        RemoteTaskRef ref = new RemoteTaskRef(id, request.region(), p.endpoint());
        if (sync) {
            TaskSnapshot done = snapshot(task, now);
            return new Submission(ref, done.status(), Optional.of(done), id);
        }
        RemoteStatus first = task.statusAt(now) == RemoteStatus.PENDING ? RemoteStatus.PENDING : RemoteStatus.RUNNING;
        return new Submission(ref, first, Optional.empty(), id);
    }

    @Override
    public TaskSnapshot fetch(RemoteTaskRef task) {
        requireOurs(task.endpoint(), "querying task " + task.taskId());
        Instant now = settings.clock().instant();
        return tasks.find(task.taskId()).filter(t -> t.region().equals(task.region().id()))
                .map(t -> snapshot(t, now))
                .orElseGet(() -> TaskSnapshot.of(task.taskId(), RemoteStatus.UNKNOWN));
    }

    @Override
    public synchronized void cancel(RemoteTaskRef task) {
        requireOurs(task.endpoint(), "cancelling task " + task.taskId());
        Instant now = settings.clock().instant();
        Optional<LocalTasks.Task> found = tasks.find(task.taskId()).filter(t -> t.region().equals(task.region().id()));
        if (found.isEmpty() || found.get().statusAt(now) != RemoteStatus.PENDING) {
            throw new Rejected("the local provider cannot cancel task " + task.taskId() + ": "
                    + found.map(t -> "it is " + t.statusAt(now) + ", and only a PENDING task can be cancelled")
                            .orElse("there is no such task"), "UnsupportedOperation", task.taskId(), 0);
        }
        tasks.save(found.get().canceled(now));
    }

    @Override
    public TaskPage listTaskPage(TaskSearch search, int page) {
        if (Duration.between(search.from(), search.to()).compareTo(TaskSearch.MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("one task-list call spans at most " + TaskSearch.MAX_WINDOW.toHours() + " h");
        }
        if (page < 1) {
            throw new IllegalArgumentException("pages are numbered from 1, got " + page);
        }
        if (search.endpoint().isPresent() && !search.endpoint().equals(endpoint())) {
            return new TaskPage(List.of(), page, 0);
        }
        Instant now = settings.clock().instant();
        List<RemoteTaskSummary> matching = tasks.all().stream()
                .filter(t -> t.model().equals(search.model()) && t.region().equals(search.region().id()))
                .filter(t -> !t.createdAt().isBefore(search.from()) && !t.createdAt().isAfter(search.to()))
                .filter(t -> search.status().map(s -> s == t.statusAt(now)).orElse(true))
                .sorted(Comparator.comparing(LocalTasks.Task::createdAt).reversed().thenComparing(LocalTasks.Task::id))
                .map(t -> new RemoteTaskSummary(t.id(), t.model(), t.statusAt(now), t.createdAt()))
                .toList();
        int totalPages = (matching.size() + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE;
        int from = Math.min(matching.size(), (page - 1) * LIST_PAGE_SIZE);
        int to = Math.min(matching.size(), from + LIST_PAGE_SIZE);
        return new TaskPage(matching.subList(from, to), page, totalPages);
    }

    @Override
    public RequestPreview preview(EditRequest request, SubmitMode mode) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Provider", "local");
        StringBuilder body = new StringBuilder();
        body.append("model=").append(request.model().id()).append('\n');
        body.append("operation=").append(LocalOperations.operationFor(request).name().toLowerCase(java.util.Locale.ROOT))
                .append('\n');
        request.function().ifPresent(f -> body.append("function=").append(f.wireName()).append('\n'));
        body.append("n=").append(request.output().n()).append('\n');
        body.append("size=").append(request.expectedOutput().dimensions().map(Dimensions::toString).orElse("as the input"))
                .append('\n');
        for (ImageInput in : request.images()) {
            body.append("image=").append(in.label()).append('\n');
        }
        body.append("prompt=").append(request.prompt() == null ? "" : request.prompt()).append('\n');
        return new RequestPreview("CREATE", endpoint().orElseThrow() + "/tasks", headers, body.toString());
    }

    /** The provider's folder as a {@code file:} URL: jobs sent here record it, so they are never sent elsewhere. */
    @Override
    public Optional<String> endpoint() {
        String uri = settings.folder().toUri().toString();
        return Optional.of(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    }

    // ---------------------------------------------------------------- helpers

    private void requireOurs(Optional<String> endpoint, String what) {
        if (endpoint.isPresent() && !endpoint.equals(endpoint())) {
            throw new Unavailable(what + ": the job is meant for " + endpoint.get() + ", not the local provider at "
                    + endpoint().orElseThrow() + "; use the provider and settings it was created with",
                    "EndpointMismatch", "", 0, null);
        }
    }

    private TaskSnapshot snapshot(LocalTasks.Task t, Instant now) {
        RemoteStatus status = t.statusAt(now);
        List<RemoteResult> results = new ArrayList<>();
        Optional<Usage> usage = Optional.empty();
        if (status == RemoteStatus.SUCCEEDED) {
            for (int i = 0; i < t.n(); i++) {
                Path file = settings.results().resolve(t.id()).resolve(i + ".png");
                results.add(RemoteResult.success(i, file.toUri(), t.prompt()));
            }
            usage = Optional.of(new Usage(t.n(), Optional.of(t.size()), OptionalInt.empty(), OptionalInt.empty()));
        }
        Optional<Instant> scheduled = status == RemoteStatus.PENDING ? Optional.empty() : Optional.of(
                t.canceledAt().filter(c -> c.isBefore(t.pendingUntil())).orElse(t.pendingUntil()));
        return new TaskSnapshot(t.id(), status, Optional.of(t.createdAt()), scheduled, t.endedAt(now), results, usage,
                Optional.empty(), Optional.empty(),
                new TaskSnapshot.RequestEcho(Optional.of(t.prompt()), OptionalInt.of(t.n()), Optional.of(t.size())));
    }

    private static void writePng(BufferedImage image, Path target) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            out.flush();
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
