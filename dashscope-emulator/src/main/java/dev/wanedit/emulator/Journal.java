package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the emulator received: every request (with the API key masked) and counters that tests
 * assert on, such as how many tasks one request body created.
 *
 * <pre>{@code
 * assertThat(emu.journal().tasksCreatedFor(body)).isEqualTo(1);   // the create ran exactly once
 * assertThat(emu.journal().requests("GET", "/api/v1/tasks/")).hasSize(3);
 * assertThat(emu.journal().throttled()).isZero();
 * }</pre>
 */
public final class Journal {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final int capacity;
    private final Map<String, AtomicInteger> createsPerBody = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queriesPerTask = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttledPerCode = new ConcurrentHashMap<>();
    private final AtomicInteger tasksCreated = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private final Deque<CreatedTask> created = new ArrayDeque<>();
    private final Map<Endpoint, Map<String, Integer>> throttledPerEndpoint = new EnumMap<>(Endpoint.class);
    private final Map<String, Window> windows = new TreeMap<>();
    private final Map<Endpoint, Integer> received = new EnumMap<>(Endpoint.class);

    /**
     * One task the emulator created (async or sync), kept even after the task itself has expired.
     *
     * @param taskId the task id
     * @param model the model id
     * @param prompt the prompt as used (wan2.5 truncates long ones), or the text of a wan2.7 message
     * @param n the {@code n} asked for (the model's default when absent)
     * @param createdAt the emulator-clock instant of creation
     * @param apiKeyId the id of the API key it came from, as the task list reports it (never the key)
     * @param apiKeyMasked the key it came from, masked to its last four characters ({@code ****abcd})
     * @param endpoint the create endpoint
     * @param requestId the {@code request_id} of the create
     * @param sync whether it was a synchronous call (not a task a client can query)
     * @param faults the ids of the fault rules that fired on the create
     */
    public record CreatedTask(String taskId, String model, String prompt, int n, Instant createdAt, String apiKeyId,
            String apiKeyMasked, Endpoint endpoint, String requestId, boolean sync, List<String> faults) {}

    /** The busiest second of one group of requests, by the wall clock. */
    private static final class Window {
        final Deque<Long> stamps = new ArrayDeque<>();
        int busiest;
        long total;

        void add(long nanos) {
            while (!stamps.isEmpty() && stamps.peekFirst() <= nanos - 1_000_000_000L) {
                stamps.removeFirst();
            }
            stamps.addLast(nanos);
            total++;
            busiest = Math.max(busiest, stamps.size());
        }
    }

    Journal(int capacity) {
        this.capacity = capacity;
    }

    /** Every request received so far (the newest {@code journalCapacity}, default 10,000), oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests with this method (case-insensitive) whose path starts with {@code pathPrefix}. */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.method().equalsIgnoreCase(method) && r.path().startsWith(pathPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The requests to one endpoint. */
    public List<RecordedRequest> requests(Endpoint endpoint) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.endpoint() == endpoint) {
                out.add(r);
            }
        }
        return out;
    }

    /** How many tasks were created in total (async and sync). */
    public int tasksCreated() {
        return tasksCreated.get();
    }

    /**
     * How many tasks were created from a body equal to {@code jsonBody} once normalized (parsed, keys
     * sorted). A client that never re-sends a create shows 1 here.
     */
    public int tasksCreatedFor(String jsonBody) {
        AtomicInteger n = createsPerBody.get(normalize(jsonBody));
        return n == null ? 0 : n.get();
    }

    /** Tasks created per normalized request body. */
    public Map<String, Integer> tasksCreatedPerBody() {
        Map<String, Integer> out = new LinkedHashMap<>();
        createsPerBody.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** How many times {@code GET /tasks/{taskId}} was received for this id (counted even when refused). */
    public int taskQueries(String taskId) {
        AtomicInteger n = queriesPerTask.get(taskId);
        return n == null ? 0 : n.get();
    }

    /** How many 429 replies were sent, whatever their code (limits and injected faults alike). */
    public int throttled() {
        return throttledPerCode.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** How many 429 replies carried this code, e.g. {@code Throttling.RateQuota}. */
    public int throttled(String code) {
        AtomicInteger n = throttledPerCode.get(code);
        return n == null ? 0 : n.get();
    }

    /** Successful form uploads of temporary files. */
    public int uploads() {
        return uploads.get();
    }

    /** Bytes of the {@code file} field of successful uploads. */
    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    /** Successful result-image downloads. */
    public int downloads() {
        return downloads.get();
    }

    /** Bytes served by successful result-image downloads. */
    public long downloadedBytes() {
        return downloadedBytes.get();
    }

    /** Every task created so far (the newest {@code journalCapacity}), oldest first. */
    public List<CreatedTask> createdTasks() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }

    /** How many 429 replies an endpoint sent, whatever their code. */
    public int throttled(Endpoint endpoint) {
        synchronized (throttledPerEndpoint) {
            Map<String, Integer> m = throttledPerEndpoint.get(endpoint);
            return m == null ? 0 : m.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** 429 replies per endpoint and code. */
    public Map<Endpoint, Map<String, Integer>> throttledPerEndpoint() {
        synchronized (throttledPerEndpoint) {
            Map<Endpoint, Map<String, Integer>> out = new EnumMap<>(Endpoint.class);
            throttledPerEndpoint.forEach((k, v) -> out.put(k, Map.copyOf(v)));
            return out;
        }
    }

    /** How many requests each endpoint received (refused and faulted ones included). */
    public Map<Endpoint, Integer> requestsPerEndpoint() {
        synchronized (windows) {
            Map<Endpoint, Integer> out = new EnumMap<>(Endpoint.class);
            out.putAll(received);
            return out;
        }
    }

    /**
     * The most requests received within one second (a sliding window of the wall clock, not the
     * emulator clock) per group: {@code create:<model>} for the creates of each model, {@code tasks}
     * for task queries, lists and cancels together (the per-account 20 QPS), and {@code upload},
     * {@code policy}, {@code download}.
     */
    public Map<String, Integer> busiestSecond() {
        synchronized (windows) {
            Map<String, Integer> out = new LinkedHashMap<>();
            windows.forEach((k, w) -> out.put(k, w.busiest));
            return out;
        }
    }

    /** Forgets every request and counter. */
    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
        synchronized (created) {
            created.clear();
        }
        synchronized (throttledPerEndpoint) {
            throttledPerEndpoint.clear();
        }
        synchronized (windows) {
            windows.clear();
            received.clear();
        }
        createsPerBody.clear();
        queriesPerTask.clear();
        throttledPerCode.clear();
        tasksCreated.set(0);
        uploads.set(0);
        uploadedBytes.set(0);
        downloads.set(0);
        downloadedBytes.set(0);
    }

    void record(RecordedRequest r) {
        synchronized (requests) {
            requests.addLast(r);
            while (requests.size() > capacity) {
                requests.removeFirst();
            }
        }
    }

    void recordThrottle(Endpoint endpoint, String code) {
        throttledPerCode.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
        synchronized (throttledPerEndpoint) {
            throttledPerEndpoint.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(code, 1, Integer::sum);
        }
    }

    /** Counts a request as it arrives, for {@link #busiestSecond()}; {@code model} only for creates. */
    void recordArrival(Endpoint endpoint, String model, long nanos) {
        String group;
        switch (endpoint) {
            case TASK_QUERY:
            case TASK_LIST:
            case TASK_CANCEL:
                group = "tasks";
                break;
            case OTHER:
                group = null;
                break;
            default:
                group = endpoint.isCreate() ? "create:" + (model == null ? "?" : model) : endpoint.ruleName();
                break;
        }
        synchronized (windows) {
            received.merge(endpoint, 1, Integer::sum);
            if (group != null) {
                windows.computeIfAbsent(group, k -> new Window()).add(nanos);
            }
        }
    }

    void recordCreate(String canonicalBody, CreatedTask task) {
        // the task first, the counts after: whoever sees a count also finds its task in created()
        synchronized (created) {
            created.addLast(task);
            while (created.size() > capacity) {
                created.removeFirst();
            }
        }
        createsPerBody.computeIfAbsent(canonicalBody, k -> new AtomicInteger()).incrementAndGet();
        tasksCreated.incrementAndGet();
    }

    void recordTaskQuery(String taskId) {
        queriesPerTask.computeIfAbsent(taskId, k -> new AtomicInteger()).incrementAndGet();
    }

    void recordUpload(long bytes) {
        uploads.incrementAndGet();
        uploadedBytes.addAndGet(bytes);
    }

    void recordDownload(long bytes) {
        downloads.incrementAndGet();
        downloadedBytes.addAndGet(bytes);
    }

    /** The canonical text of a JSON body: parsed and re-written with object keys sorted. */
    public static String normalize(String jsonBody) {
        try {
            return canonical(CANONICAL.readTree(jsonBody));
        } catch (IOException e) {
            return jsonBody.strip();
        }
    }

    static String canonical(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Form fields whose values are credentials: masked in the journal like the API key. */
    private static final java.util.Set<String> SECRET_FIELDS = java.util.Set.of("signature", "ossaccesskeyid",
            "x-oss-security-token", "accesskeyid", "accesskeysecret", "x-oss-signature", "x-oss-credential");
    private static final int FORM_TEXT_LIMIT = 200;

    /**
     * A {@code multipart/form-data} body summarised part by part: names, file name, content type and
     * size; field values with credentials masked and long ones shortened; never a file's bytes. Empty
     * for any other body; a form that cannot be parsed is one part named {@code (malformed)}.
     */
    static List<RecordedRequest.FormPart> summarizeForm(String contentType, byte[] body) {
        if (contentType == null || !lower(contentType).startsWith("multipart/form-data")) {
            return List.of();
        }
        Map<String, OssUploads.Part> parts;
        try {
            parts = OssUploads.parse(contentType, body);
        } catch (OssUploads.OssError e) {
            return List.of(new RecordedRequest.FormPart("(malformed)", null, null, body.length, e.getMessage()));
        }
        List<RecordedRequest.FormPart> out = new ArrayList<>();
        for (OssUploads.Part p : parts.values()) {
            String value = null;
            if (p.filename() == null) {
                String text = p.text();
                if (isSecretField(p.name())) {
                    value = maskSecret(text);
                } else if (text.length() > FORM_TEXT_LIMIT) {
                    value = text.substring(0, FORM_TEXT_LIMIT) + "…(" + text.length() + " chars)";
                } else {
                    value = text;
                }
            }
            out.add(new RecordedRequest.FormPart(p.name(), p.filename(), p.contentType(), p.data().length, value));
        }
        return List.copyOf(out);
    }

    static boolean isSecretField(String name) {
        return name != null && SECRET_FIELDS.contains(lower(name));
    }

    /** A credential reduced to {@code ****} and, when it is long enough not to give itself away, its last 4 characters. */
    static String maskSecret(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return "****" + (v.length() > 8 ? v.substring(v.length() - 4) : "");
    }

    /** A raw query string with the values of credential parameters ({@code Signature}, {@code OSSAccessKeyId}) masked. */
    static String maskQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        String[] pairs = rawQuery.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            if (eq > 0 && isSecretField(java.net.URLDecoder.decode(pairs[i].substring(0, eq), java.nio.charset.StandardCharsets.UTF_8))) {
                String value = java.net.URLDecoder.decode(pairs[i].substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                String masked = maskSecret(value);
                pairs[i] = pairs[i].substring(0, eq + 1) + "****"
                        + java.net.URLEncoder.encode(masked.substring(4), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return String.join("&", pairs);
    }

    /** Masks an Authorization header value: keeps the scheme and the last 4 characters. */
    static String maskAuthorization(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        String scheme = "";
        String token = v;
        int sp = v.indexOf(' ');
        if (sp > 0) {
            scheme = v.substring(0, sp + 1);
            token = v.substring(sp + 1).trim();
        }
        String tail = token.length() > 8 ? token.substring(token.length() - 4) : "";
        return scheme + "****" + tail;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
