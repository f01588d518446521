package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.adapter.dashscope.dto.CreateTaskRequest;
import dev.wanedit.adapter.dashscope.dto.TaskListResponse;
import dev.wanedit.adapter.dashscope.dto.TaskResponse;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown;
import dev.wanedit.application.port.out.RemoteServiceException.Unauthorized;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.WireFamily;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Adapter: the DashScope image-edit API over HTTP (Feign + Jackson), every endpoint, region and model. */
final class DashScopeImageEditing implements ImageEditingService {

    static final String BEIJING_BASE = "https://dashscope.aliyuncs.com/api/v1";
    static final String SINGAPORE_BASE = "https://dashscope-intl.aliyuncs.com/api/v1";

    static final String IMAGE_SYNTHESIS = DashScopeApi.IMAGE_SYNTHESIS;
    static final String IMAGE_GENERATION = DashScopeApi.IMAGE_GENERATION;
    static final String MULTIMODAL_GENERATION = DashScopeApi.MULTIMODAL_GENERATION;

    private static final int LIST_PAGE_SIZE = 50;

    private final DashScopeSettings settings;
    private final ObjectMapper json;
    /** The Feign client and the upload helper are built on the first call that sends something: a preview sends nothing. */
    private final Once<Wired> wired;

    /** What only a call to the service needs. */
    private record Wired(DashScopeApi api, TemporaryUploads uploads) {
    }

    /** Everything wired from settings alone; the HTTP client is asked for on the first call to the service. */
    static DashScopeImageEditing create(DashScopeSettings settings, java.util.function.Supplier<java.net.http.HttpClient> http) {
        ObjectMapper json = DashScopeClients.objectMapper();
        return new DashScopeImageEditing(settings, json, () -> {
            java.net.http.HttpClient client = http.get();
            DashScopeApi api = DashScopeClients.api(settings, json, client);
            return new Wired(api, new TemporaryUploads(api, client, json, settings));
        });
    }

    /** The same with an HTTP client at hand. */
    static DashScopeImageEditing create(DashScopeSettings settings, java.net.http.HttpClient http) {
        return create(settings, () -> http);
    }

    private DashScopeImageEditing(DashScopeSettings settings, ObjectMapper json, java.util.function.Supplier<Wired> wiring) {
        this.settings = settings;
        this.json = json;
        this.wired = new Once<>(wiring);
    }

    private DashScopeApi api() {
        return wired.get().api();
    }

    private TemporaryUploads uploads() {
        return wired.get().uploads();
    }

    /** A value made once, on first use, by any thread. */
    private static final class Once<T> {
        private final java.util.function.Supplier<T> make;
        private volatile T value;

        Once(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = make.get();
                    }
                    v = value;
                }
            }
            return v;
        }

        Optional<T> ifMade() {
            return Optional.ofNullable(value);
        }
    }

    // ---------------------------------------------------------------- port

    /** A create made ready to send: where, with which headers, and the body. */
    private record Prepared(EditRequest request, SubmitMode mode, Optional<String> endpoint, Route route, URI base,
                            Map<String, Object> headers, String body) implements PreparedCreate {

        @Override
        public String toString() { // never the headers: they hold the key
            return "PreparedCreate[" + request.model().id() + " " + route + " to " + base + "]";
        }
    }

    @Override
    public PreparedCreate prepare(EditRequest request, SubmitMode mode, Optional<String> endpoint) {
        Region region = request.region();
        String key = requireKey(region);
        URI base = apiBase(region, endpoint);
        Route route = route(request, mode);
        TemporaryUploads.Session session = uploads().session(base, region, request.model().id(), authHeaders(key));
        Wire wire = wire(request, session, false);
        return new Prepared(request, mode, endpoint, route, base, createHeaders(key, route.async, wire.oss), wire.body);
    }

    @Override
    public Submission create(PreparedCreate create) {
        if (!(create instanceof Prepared p)) {
            throw new IllegalArgumentException("not a create prepared by this adapter: " + create);
        }
        Region region = p.request().region();
        String key = requireKey(region);
        String what = "creating a " + p.request().model().id() + " task";
        TaskResponse reply = withHints(region, key, () -> Calls.run(Calls.Kind.CREATE, what, () -> switch (p.route()) {
            case IMAGE_SYNTHESIS -> api().createImageSynthesis(p.base(), p.headers(), p.body());
            case IMAGE_GENERATION -> api().createImageGeneration(p.base(), p.headers(), p.body());
            case MULTIMODAL_GENERATION -> api().generate(p.base(), DashScopeClients.options(settings, settings.syncReadTimeout()),
                    p.headers(), p.body());
        }));
        if (reply == null) {
            throw new OutcomeUnknown(what + ": the service answered 2xx with an empty body; the task may exist",
                    CreateDoubt.Cause.UNREADABLE_ANSWER, 200, null);
        }
        String requestId = reply.requestId() == null ? "" : reply.requestId();
        if (p.route().async) {
            Optional<String> taskId = reply.output() == null ? Optional.empty()
                    : DashScopeMapper.nonBlank(reply.output().taskId());
            if (taskId.isEmpty()) {
                throw new OutcomeUnknown(what + ": the service answered 2xx without a task id (request id " + requestId
                        + "); it took the task", CreateDoubt.Cause.UNREADABLE_ANSWER, 200, null);
            }
            TaskSnapshot first = DashScopeMapper.snapshot(reply, taskId.get());
            RemoteStatus status = first.status() == RemoteStatus.RUNNING ? RemoteStatus.RUNNING : RemoteStatus.PENDING;
            return new Submission(new RemoteTaskRef(taskId.get(), region, p.endpoint()), status, Optional.empty(), requestId);
        }
        // A synchronous call has no task id of its own; the request id stands in for it (see report).
        String id = reply.output() != null && DashScopeMapper.nonBlank(reply.output().taskId()).isPresent()
                ? reply.output().taskId()
                : (requestId.isEmpty() ? "sync-" + UUID.randomUUID() : requestId);
        TaskSnapshot snapshot = DashScopeMapper.snapshot(reply, id);
        if (snapshot.status() != RemoteStatus.SUCCEEDED && snapshot.status() != RemoteStatus.FAILED
                && snapshot.status() != RemoteStatus.CANCELED) {
            throw new OutcomeUnknown(what + ": the synchronous call answered 2xx without a final result (request id "
                    + requestId + ")", CreateDoubt.Cause.UNREADABLE_ANSWER, 200, null);
        }
        return new Submission(new RemoteTaskRef(id, region, p.endpoint()), snapshot.status(), Optional.of(snapshot),
                requestId);
    }

    /** Prepares and sends a create to the configured endpoint at once (tests and tools). */
    Submission submit(EditRequest request, SubmitMode mode) {
        return create(prepare(request, mode, endpoint()));
    }

    @Override
    public Optional<String> endpoint() {
        return settings.endpoint().map(DashScopeImageEditing::normalEndpoint);
    }

    /** An endpoint as jobs record it: without trailing slashes or the {@code /api/v1} suffix. */
    static String normalEndpoint(URI endpoint) {
        String e = endpoint.toString().trim();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e.endsWith("/api/v1") ? e.substring(0, e.length() - "/api/v1".length()) : e;
    }

    @Override
    public TaskSnapshot fetch(RemoteTaskRef task) {
        String key = requireKey(task.region());
        URI base = apiBase(task.region(), task.endpoint());
        TaskResponse reply = withHints(task.region(), key, () -> Calls.run(Calls.Kind.OTHER,
                "querying task " + task.taskId(), () -> api().getTask(base, authHeaders(key), task.taskId())));
        if (reply == null) {
            throw new RemoteServiceException.Unavailable("querying task " + task.taskId() + ": empty reply", "", "", 200,
                    null);
        }
        return DashScopeMapper.snapshot(reply, task.taskId());
    }

    @Override
    public void cancel(RemoteTaskRef task) {
        String key = requireKey(task.region());
        URI base = apiBase(task.region(), task.endpoint());
        withHints(task.region(), key, () -> Calls.run(Calls.Kind.OTHER, "cancelling task " + task.taskId(),
                () -> api().cancelTask(base, authHeaders(key), task.taskId())));
    }

    @Override
    public TaskPage listTaskPage(TaskSearch search, int page) {
        if (Duration.between(search.from(), search.to()).compareTo(TaskSearch.MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("one task-list call spans at most " + TaskSearch.MAX_WINDOW.toHours() + " h");
        }
        String key = requireKey(search.region());
        URI base = apiBase(search.region(), search.endpoint());
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("start_time", DashScopeMapper.listTime(search.from()));
        query.put("end_time", DashScopeMapper.listTime(search.to()));
        query.put("model_name", search.model());
        search.status().ifPresent(s -> query.put("status", s.name()));
        query.put("page_no", page);
        query.put("page_size", LIST_PAGE_SIZE);
        TaskListResponse reply = withHints(search.region(), key, () -> Calls.run(Calls.Kind.OTHER, "listing tasks",
                () -> api().listTasks(base, authHeaders(key), query)));
        if (reply == null || reply.data() == null) {
            return new TaskPage(List.of(), page, 0);
        }
        List<RemoteTaskSummary> tasks = new ArrayList<>();
        reply.data().forEach(item -> DashScopeMapper.summary(item).ifPresent(tasks::add));
        return new TaskPage(tasks, page, reply.totalPage() == null ? page : reply.totalPage());
    }

    @Override
    public RequestPreview preview(EditRequest request, SubmitMode mode) {
        Region region = request.region();
        Route route = route(request, mode);
        Wire wire = wire(request, null, true);
        Optional<String> key = settings.apiKeys().forRegion(region);
        Map<String, Object> headers = createHeaders(key.map(k -> "****").orElse("<no key configured>"), route.async,
                wire.oss);
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((k, v) -> shown.put(k, String.valueOf(v)));
        return new RequestPreview("POST", apiBase(region, endpoint()) + route.path, shown, wire.body);
    }

    // ---------------------------------------------------------------- routing and headers

    /** The three create endpoints. */
    enum Route {
        IMAGE_SYNTHESIS(DashScopeImageEditing.IMAGE_SYNTHESIS, true),
        IMAGE_GENERATION(DashScopeImageEditing.IMAGE_GENERATION, true),
        MULTIMODAL_GENERATION(DashScopeImageEditing.MULTIMODAL_GENERATION, false);

        final String path;
        final boolean async;

        Route(String path, boolean async) {
            this.path = path;
            this.async = async;
        }
    }

    static Route route(EditRequest request, SubmitMode mode) {
        if (request.model().wireFamily() == WireFamily.MESSAGES) {
            return mode == SubmitMode.SYNC ? Route.MULTIMODAL_GENERATION : Route.IMAGE_GENERATION;
        }
        if (mode == SubmitMode.SYNC) { // the application refuses this before any call (ModelSpec.synchronousCallViolation)
            throw new IllegalArgumentException(request.model().id() + " has no synchronous call");
        }
        return Route.IMAGE_SYNTHESIS;
    }

    /**
     * The API base of a region's own host, or of an endpoint: a job's or task's (empty meaning the
     * region's own host). The configured endpoint applies only to new jobs; a job always goes where
     * it was meant for.
     */
    URI apiBase(Region region, Optional<String> endpoint) {
        Optional<String> override = endpoint;
        if (override.filter(dev.wanedit.domain.job.EditJob.UNKNOWN_ENDPOINT::equals).isPresent()) {
            throw new RemoteServiceException.Unavailable("this job was journaled by an older wanedit that did not record "
                    + "where it was to be sent; nothing is sent until you say where: wanedit resume --endpoint URL --retarget "
                    + "(or without --endpoint for the region's own host)", "EndpointUnknown", "", 0, null);
        }
        if (override.isPresent() && !override.get().trim().matches("(?i)^https?://.*")) {
            // a job of another provider (--provider local records its folder's file: URL): never a DashScope call
            throw new RemoteServiceException.Unavailable("this job was made for " + override.get().trim() + ", which is "
                    + "not a DashScope endpoint: it belongs to another provider; use the --provider it was created with",
                    "EndpointNotDashScope", "", 0, null);
        }
        if (override.isPresent()) {
            String e = override.get().trim();
            while (e.endsWith("/")) {
                e = e.substring(0, e.length() - 1);
            }
            return URI.create(e.endsWith("/api/v1") ? e : e + "/api/v1");
        }
        return URI.create(region == Region.SINGAPORE ? SINGAPORE_BASE : BEIJING_BASE);
    }

    private String requireKey(Region region) {
        return settings.apiKeys().forRegion(region).orElseThrow(() -> new Unauthorized(
                "no DashScope API key is configured for region " + region.id(), "NoApiKey", "", 0));
    }

    static Map<String, Object> authHeaders(String key) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + key);
        return h;
    }

    /** Create headers: bearer key, JSON, async only on async creates, OSS resolution only with oss:// inputs. */
    static Map<String, Object> createHeaders(String key, boolean async, boolean oss) {
        Map<String, Object> h = authHeaders(key);
        h.put("Content-Type", "application/json");
        if (async) {
            h.put("X-DashScope-Async", "enable");
        }
        if (oss) {
            h.put("X-DashScope-OssResourceResolve", "enable");
        }
        return h;
    }

    /** Adds the region explanation to a 401: keys are bound to one region (seed 000, protocol §3). */
    private <T> T withHints(Region region, String key, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (Unauthorized e) {
            if (e.httpStatus() != 401) {
                throw e;
            }
            Region other = region == Region.BEIJING ? Region.SINGAPORE : Region.BEIJING;
            boolean sameAsOther = settings.apiKeys().forRegion(other).map(key::equals).orElse(false);
            String hint = sameAsOther
                    ? "; the same key is configured for " + region.id() + " and " + other.id()
                    + ", but keys are bound to one region: use the " + region.id() + " key here"
                    : "; API keys are bound to one region: a " + other.id() + " key is rejected by the " + region.id()
                    + " endpoint, so check that the region matches the key";
            throw new Unauthorized(e.getMessage() + hint, e.code(), e.requestId(), e.httpStatus());
        }
    }

    // ---------------------------------------------------------------- inputs and body

    /** A create body and whether any input is an oss:// object. */
    record Wire(String body, boolean oss) {
    }

    private Wire wire(EditRequest request, TemporaryUploads.Session session, boolean preview) {
        boolean[] oss = {false};
        List<String> images = new ArrayList<>();
        for (ImageInput in : request.images()) {
            images.add(wireValue(request, in, false, session, preview, oss));
        }
        Optional<String> mask = request.mask().map(m -> wireValue(request, m, true, session, preview, oss));
        CreateTaskRequest body = DashScopeMapper.createBody(request, images, mask);
        try {
            return new Wire(json.writeValueAsString(body), oss[0]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
    }

    private String wireValue(EditRequest request, ImageInput in, boolean isMask, TemporaryUploads.Session session,
                             boolean preview, boolean[] oss) {
        if (in instanceof ImageInput.RemoteImage remote) {
            return remote.url().toString();
        }
        if (in instanceof ImageInput.OssImage object) {
            oss[0] = true;
            return object.uri();
        }
        if (in instanceof ImageInput.InlineImage inline) {
            // sent with the type of its content, whatever the data URI declared (the domain warned about a difference)
            String uri = inline.dataUri();
            String real = "data:" + inline.knownFacts().format().mimeType() + ";base64," + uri.substring(uri.indexOf(',') + 1);
            return preview ? abbreviate(real) : real;
        }
        ImageInput.LocalImage local = (ImageInput.LocalImage) in;
        ImageFacts facts = local.knownFacts();
        if (mustUpload(request, facts, isMask)) {
            oss[0] = true;
            if (preview) {
                // nothing was uploaded (so nothing is cached) before the upload helper exists
                Optional<String> cached = wired.ifMade().flatMap(w -> facts.sha256().flatMap(sha -> w.uploads().cached(
                        new TemporaryUploads.CacheKey(sha, request.model().id(), request.region(),
                                apiBase(request.region(), endpoint()).toString()))));
                return cached.orElse("oss://<upload of " + local.label() + ">");
            }
            return session.upload(local.path(), facts.sha256(), facts.format());
        }
        String prefix = "data:" + facts.format().mimeType() + ";base64,";
        if (preview) {
            return prefix + "<" + facts.bytes() + " bytes>";
        }
        try {
            return prefix + Base64.getEncoder().encodeToString(Files.readAllBytes(local.path()));
        } catch (IOException e) {
            throw TemporaryUploads.unreadable(local.path(), e);
        }
    }

    /**
     * Large files, every file when forced, and wanx2.1 masks (IE-API: the mask must be a URL, Base64 is
     * not supported; protocol §1.4) go through the temporary upload; the rest is inlined.
     */
    private boolean mustUpload(EditRequest request, ImageFacts facts, boolean isMask) {
        return settings.forceUpload() || facts.bytes() > settings.inlineMaxBytes()
                || (isMask && request.model().wireFamily() == WireFamily.FUNCTION);
    }

    static String abbreviate(String dataUri) {
        int comma = dataUri.indexOf(',');
        if (comma < 0) {
            return dataUri;
        }
        int encoded = dataUri.length() - comma - 1;
        return dataUri.substring(0, comma + 1) + "<" + (encoded / 4 * 3) + " bytes>";
    }
}
