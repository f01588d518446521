package dev.wanedit.application.fakes;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import dev.wanedit.domain.request.EditRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A scriptable in-memory image-editing service for service tests. Tasks run on the shared
 * clock: PENDING until {@code queue} has passed, RUNNING until {@code duration}, then the
 * scripted outcome. Failures of the next calls can be queued per operation.
 */
public final class FakeImageEditing implements ImageEditingService {

    private int pageSize = 50;

    /** How a task ends. */
    public enum Outcome { SUCCEED, FAIL, PARTIAL, CANCELED_BY_SERVICE }

    private final Clock clock;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Deque<RuntimeException> submitFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> fetchFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> listFailures = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private Duration queue = Duration.ofSeconds(2);
    private Duration duration = Duration.ofSeconds(20);
    /** Each task runs {@code duration} plus a share of this, spread evenly and the same on every run. */
    private Duration spread = Duration.ZERO;
    private Duration queryTime = Duration.ZERO;
    private Outcome outcome = Outcome.SUCCEED;
    private final Deque<RuntimeException> afterCreateFailures = new ArrayDeque<>();
    private Duration listLag = Duration.ZERO;
    private int unknownAnswers;
    private boolean echoPrompt = true;
    private int counter;
    private int maxActive;
    private final List<Instant> fetchTimes = new ArrayList<>();
    private final List<Instant> listTimes = new ArrayList<>();
    private final List<Instant> createTimes = new ArrayList<>();
    private final List<EditRequest> sent = new ArrayList<>();
    private final List<EditRequest> previewed = new ArrayList<>();

    public FakeImageEditing(Clock clock) {
        this.clock = clock;
    }

    public FakeImageEditing durations(Duration queue, Duration total) {
        this.queue = queue;
        this.duration = total;
        return this;
    }

    /**
     * Tasks that take {@code duration} plus up to {@code spread} more, each a different share of it
     * (a low-discrepancy sequence over the tasks' order, so every run of a test is the same).
     */
    public FakeImageEditing spread(Duration spread) {
        this.spread = spread;
        return this;
    }

    /** Every task query takes this long on a {@link ManualClock} (the clock is advanced inside the call). */
    public FakeImageEditing queryTakes(Duration d) {
        this.queryTime = d;
        return this;
    }

    public FakeImageEditing outcome(Outcome outcome) {
        this.outcome = outcome;
        return this;
    }

    /** The next create fails with {@code e} before creating anything. */
    public FakeImageEditing failNextSubmit(RuntimeException e) {
        submitFailures.add(e);
        return this;
    }

    /** The next create creates the task and then throws OutcomeUnknown, as a timeout after sending would. */
    public FakeImageEditing createThenLoseAnswer() {
        return createThenFail(new RemoteServiceException.OutcomeUnknown("read timed out after sending the create", null));
    }

    /** The next create creates the task and then throws {@code e} (a 2xx cut short, a gateway page after processing …). */
    public FakeImageEditing createThenFail(RuntimeException e) {
        afterCreateFailures.add(e);
        return this;
    }

    /** New tasks are missing from the task list until they are this old (a lagging list). */
    public FakeImageEditing listLag(Duration lag) {
        this.listLag = lag;
        return this;
    }

    /** The next {@code n} task queries answer UNKNOWN whatever the task (an overloaded, lagging query). */
    public FakeImageEditing answerUnknown(int n) {
        this.unknownAnswers = n;
        return this;
    }

    /** Whether ended tasks repeat their prompt ({@code orig_prompt}); wan2.7 answers do not. */
    public FakeImageEditing echoPrompt(boolean echo) {
        this.echoPrompt = echo;
        return this;
    }

    /** Another client of the same account creates a task (not in any journal of ours), now. */
    public synchronized String createForeign(EditRequest request, String apiKeyId) {
        String id = "foreign-" + (++counter);
        Task t = new Task(id, request, clock.instant(), outcome, nextLength());
        t.apiKeyId = apiKeyId;
        tasks.put(id, t);
        return id;
    }

    /** How long the task being created runs: {@code duration} and its share of {@code spread}. */
    private Duration nextLength() {
        double share = (counter * 0.6180339887498949) % 1.0;
        return duration.plusNanos(Math.round(spread.toNanos() * share));
    }

    /** The number of tasks created for requests with this prompt. */
    public synchronized long createdWithPrompt(String prompt) {
        return tasks.values().stream().filter(t -> t.request.prompt().equals(prompt)).count();
    }

    public FakeImageEditing failNextFetch(RuntimeException e) {
        fetchFailures.add(e);
        return this;
    }

    /** Entries per page of {@link #listTaskPage} (50 by default, like the adapter). */
    public FakeImageEditing pageSize(int entries) {
        this.pageSize = entries;
        return this;
    }

    /** The next task-list page fails with {@code e}. */
    public FakeImageEditing failNextListPage(RuntimeException e) {
        listFailures.add(e);
        return this;
    }

    /** Every call in order: "submit", "fetch:ID", "cancel:ID", "list". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** How many tasks were really created. */
    public synchronized int created() {
        return tasks.size();
    }

    /** The most tasks of one model that were PENDING or RUNNING at once (seen at each create). */
    public synchronized int maxActive() {
        return maxActive;
    }

    /** The most creates sent within any one-second window. */
    public synchronized int maxCreatesPerSecond() {
        return maxInAnySecond(createTimes);
    }

    /** The most task queries made within any one-second window. */
    public synchronized int maxFetchesPerSecond() {
        return maxInAnySecond(fetchTimes);
    }

    /** The most task queries and task-list pages together within any one-second window (one budget). */
    public synchronized int maxTaskCallsPerSecond() {
        List<Instant> all = new ArrayList<>(fetchTimes);
        all.addAll(listTimes);
        all.sort(null);
        return maxInAnySecond(all);
    }

    private static int maxInAnySecond(List<Instant> fetchTimes) {
        int best = 0;
        for (int i = 0, j = 0; i < fetchTimes.size(); i++) {
            while (fetchTimes.get(i).minusSeconds(1).compareTo(fetchTimes.get(j)) >= 0) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }

    public synchronized long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    /** The requests of every create call, as the adapter was given them (inputs as they go on the wire). */
    public synchronized List<EditRequest> sentRequests() {
        return List.copyOf(sent);
    }

    /** The requests of every preview, as the adapter was given them. */
    public synchronized List<EditRequest> previewedRequests() {
        return List.copyOf(previewed);
    }

    /** A prepared create: the request and where it goes. */
    private record Prepared(EditRequest request, SubmitMode mode, Optional<String> endpoint) implements PreparedCreate {
    }

    @Override
    public PreparedCreate prepare(EditRequest request, SubmitMode mode, Optional<String> endpoint) {
        return new Prepared(request, mode, endpoint);
    }

    private volatile Optional<String> endpoint = Optional.empty();

    /** The endpoint new jobs go to, as if configured (empty: the region's own host). */
    public FakeImageEditing endpoint(Optional<String> endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    @Override
    public Optional<String> endpoint() {
        return endpoint;
    }

    /** Prepares and creates at once, for tests that drive the fake directly. */
    public Submission submit(EditRequest request, SubmitMode mode) {
        return create(prepare(request, mode, Optional.empty()));
    }

    @Override
    public synchronized Submission create(PreparedCreate prepared) {
        EditRequest request = prepared.request();
        SubmitMode mode = prepared.mode();
        calls.add("submit");
        createTimes.add(clock.instant());
        sent.add(request);
        if (!submitFailures.isEmpty()) {
            throw submitFailures.poll();
        }
        String id = "task-" + (++counter);
        Task t = new Task(id, request, clock.instant(), outcome, nextLength());
        tasks.put(id, t);
        int active = (int) tasks.values().stream().filter(x -> x.request.model().id().equals(request.model().id()))
                .filter(x -> status(x) == RemoteStatus.PENDING || status(x) == RemoteStatus.RUNNING).count();
        maxActive = Math.max(maxActive, active);
        RemoteTaskRef ref = new RemoteTaskRef(id, request.region(), Optional.empty());
        if (!afterCreateFailures.isEmpty()) {
            throw afterCreateFailures.poll();
        }
        if (mode == SubmitMode.SYNC) {
            t.created = t.created.minus(t.length);
            return new Submission(ref, RemoteStatus.SUCCEEDED, Optional.of(snapshot(t)), "req-" + id);
        }
        return new Submission(ref, RemoteStatus.PENDING, Optional.empty(), "req-" + id);
    }

    @Override
    public synchronized TaskSnapshot fetch(RemoteTaskRef ref) {
        calls.add("fetch:" + ref.taskId());
        fetchTimes.add(clock.instant());
        if (!queryTime.isZero() && clock instanceof ManualClock manual) {
            manual.advance(queryTime);
        }
        if (!fetchFailures.isEmpty()) {
            throw fetchFailures.poll();
        }
        Task t = tasks.get(ref.taskId());
        if (unknownAnswers > 0) {
            unknownAnswers--;
            return TaskSnapshot.of(ref.taskId(), RemoteStatus.UNKNOWN);
        }
        if (t == null || clock.instant().isAfter(t.created.plus(t.length).plus(Duration.ofHours(24)))) {
            return TaskSnapshot.of(ref.taskId(), RemoteStatus.UNKNOWN);
        }
        return snapshot(t);
    }

    @Override
    public synchronized void cancel(RemoteTaskRef ref) {
        calls.add("cancel:" + ref.taskId());
        Task t = tasks.get(ref.taskId());
        if (t == null || status(t) != RemoteStatus.PENDING) {
            throw new RemoteServiceException.Rejected("Failed to cancel the task, please confirm if the task is in PENDING status.",
                    "UnsupportedOperation", "req-cancel", 400);
        }
        t.canceled = true;
    }

    /** Pages of {@link #pageSize} entries, in creation order, like the service's list. */
    @Override
    public synchronized TaskPage listTaskPage(TaskSearch search, int page) {
        calls.add("list");
        listTimes.add(clock.instant());
        if (!listFailures.isEmpty()) {
            throw listFailures.poll();
        }
        List<RemoteTaskSummary> all = tasks.values().stream()
                .filter(t -> t.request.model().id().equals(search.model()))
                .filter(t -> !t.created.isBefore(search.from()) && !t.created.isAfter(search.to()))
                .filter(t -> listLag.isZero() || !clock.instant().isBefore(t.created.plus(listLag)))
                .map(t -> new RemoteTaskSummary(t.id, t.request.model().id(), status(t), t.created, Optional.of(t.apiKeyId)))
                .filter(t -> search.status().map(s -> s == t.status()).orElse(true))
                .toList();
        int from = Math.min((page - 1) * pageSize, all.size());
        return new TaskPage(all.subList(from, Math.min(from + pageSize, all.size())), page,
                (all.size() + pageSize - 1) / pageSize);
    }

    @Override
    public synchronized RequestPreview preview(EditRequest request, SubmitMode mode) {
        previewed.add(request);
        return new RequestPreview("POST", "https://fake/api/v1/" + request.model().id(), Map.of("Authorization", "Bearer ****"),
                "{\"model\":\"" + request.model().id() + "\"}");
    }

    private RemoteStatus status(Task t) {
        if (t.canceled) {
            return RemoteStatus.CANCELED;
        }
        Instant now = clock.instant();
        if (now.isBefore(t.created.plus(queue))) {
            return RemoteStatus.PENDING;
        }
        if (now.isBefore(t.created.plus(t.length))) {
            return RemoteStatus.RUNNING;
        }
        return switch (t.outcome) {
            case SUCCEED, PARTIAL -> RemoteStatus.SUCCEEDED;
            case FAIL -> RemoteStatus.FAILED;
            case CANCELED_BY_SERVICE -> RemoteStatus.CANCELED;
        };
    }

    private TaskSnapshot snapshot(Task t) {
        RemoteStatus s = status(t);
        Instant end = t.created.plus(t.length);
        if (s != RemoteStatus.SUCCEEDED) {
            return new TaskSnapshot(t.id, s, Optional.of(t.created),
                    s == RemoteStatus.PENDING ? Optional.empty() : Optional.of(t.created.plus(queue)),
                    s == RemoteStatus.FAILED ? Optional.of(end) : Optional.empty(), List.of(), Optional.empty(),
                    s == RemoteStatus.FAILED ? Optional.of("InternalError.Algo") : Optional.empty(),
                    s == RemoteStatus.FAILED ? Optional.of("algorithm failed") : Optional.empty());
        }
        int n = t.request.output().n();
        Function<Integer, RemoteResult> result = i -> t.outcome == Outcome.PARTIAL && i == n - 1 && n > 1
                ? RemoteResult.failure(i, "InternalError.Timeout", "An internal timeout error has occured during execution")
                : RemoteResult.success(i, URI.create("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/" + t.id + "/" + i + ".png"),
                "extended: " + t.request.prompt());
        List<RemoteResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(result.apply(i));
        }
        int ok = (int) results.stream().filter(RemoteResult::succeeded).count();
        return new TaskSnapshot(t.id, s, Optional.of(t.created), Optional.of(t.created.plus(queue)), Optional.of(end), results,
                Optional.of(Usage.images(ok)), Optional.empty(), Optional.empty(),
                new TaskSnapshot.RequestEcho(echoPrompt ? Optional.of(t.request.prompt()) : Optional.empty(),
                        java.util.OptionalInt.of(n), Optional.empty()));
    }

    private static final class Task {
        final String id;
        final EditRequest request;
        Instant created;
        final Outcome outcome;
        boolean canceled;
        String apiKeyId = "key-ours";
        /** From its creation to its end. */
        final Duration length;

        Task(String id, EditRequest request, Instant created, Outcome outcome, Duration length) {
            this.id = id;
            this.request = request;
            this.created = created;
            this.outcome = outcome;
            this.length = length;
        }
    }
}
