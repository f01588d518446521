package dev.wanedit.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One injectable misbehaviour. Create with the static factories and register with
 * {@link Faults#on(Endpoint...)}; for example
 * {@code emulator.faults().on(Endpoint.TASK_QUERY).times(2).inject(Fault.serviceUnavailable())}.
 * The same faults are reachable as rule text ({@link Faults#add(String)}, {@code wanedit emulator
 * --fault}, {@code POST /__emulator/faults}); {@link #spec()} gives a fault's rule keys.
 *
 * <p>Three families:
 *
 * <ul>
 *   <li>request faults, answered instead of the real reply. By default they act <em>before</em>
 *       the request is processed, so a create creates nothing: {@link #error}, {@link
 *       #internalError()}, {@link #serviceUnavailable()}, {@link #throttled()}, {@link
 *       #gatewayError(int)}, {@link #connectionReset()}, {@link #malformedJson()}, {@link
 *       #truncatedBody()}, {@link #garbledBody()}, {@link #delay}, {@link #dataInspectionFailed()},
 *       {@link #unknownStatus()} (task queries) and, on result downloads, {@link
 *       #downloadForbidden()}. {@link #afterProcessing()} turns most of them into "the request was
 *       processed (the task exists), then the answer was lost or mangled";
 *   <li>create faults that create the task first and then lose the reply: {@link
 *       #createThenReset()}, {@link #createThenStall}, {@link #createThenTruncated()}, {@link
 *       #createThenTruncatedAfterTaskId()}, {@link #createThenGarbled()}, {@link
 *       #createThenGatewayError(int)};
 *   <li>task outcomes, fixed at create time and seen when the task is queried or listed: {@link
 *       #taskFailed}, {@link #imagesTimeout}, {@link #imagesFailed}, {@link
 *       #outputInspectionFailed()}, {@link #unknownForQueries(int)}, {@link #listLag(Duration)},
 *       {@link #expireAfter(Duration)}. One create takes at most one outcome of each {@link
 *       #slot()}, so a lagging list and a failed task can be combined.
 * </ul>
 */
public final class Fault {

    /** What a fault does. */
    public enum Kind {
        ERROR, RESET, MALFORMED_JSON, DELAY, CREATE_THEN_RESET, CREATE_THEN_STALL, DOWNLOAD_FORBIDDEN,
        TASK_FAILED, IMAGES_TIMEOUT,
        /** An HTML error page of a gateway in front of the service (502, 503 or 504). */
        GATEWAY,
        /** The reply body cut short. */
        TRUNCATED,
        /** The reply body replaced by bytes that are neither JSON nor an image. */
        GARBLED,
        /** A task query answers 200 {@code UNKNOWN} whatever the task's state. */
        UNKNOWN,
        /** Outcome: some images of the task fail with a given code. */
        IMAGES_FAILED,
        /** Outcome: the task's next N queries answer {@code UNKNOWN}, then its real status. */
        TASK_UNKNOWN,
        /** Outcome: the task is missing from {@code GET /tasks} for a while after its creation. */
        LIST_LAG,
        /** Outcome: the task (and its result URLs) expire this long after creation, not after 24 h. */
        EXPIRE
    }

    /** Where a truncated body is cut. */
    public enum Cut {
        /** Inside the create reply's {@code task_status}, before the task id: {@code {"output":{"task_status":"PEN}. */
        BEFORE_TASK_ID,
        /** Just after the task id's closing quote: the id is readable, the JSON is not complete. */
        AFTER_TASK_ID,
        /** After half of the bytes. */
        HALF
    }

    static final String TIMEOUT_MESSAGE =
            "An internal timeout error has occured during execution, please try again later or contact service support.";
    static final String OUTPUT_INSPECTION_MESSAGE = "Output data may contain inappropriate content.";

    private final Kind kind;
    private final int status;
    private final String code;
    private final String message;
    private final Duration duration;
    private final Duration retryAfter;
    private final Set<Integer> indices;
    private final boolean after;
    private final Cut cut;
    private final int cutBytes;
    private final boolean fullLength;
    private final int queries;

    private Fault(Kind kind, int status, String code, String message, Duration duration, Duration retryAfter,
            Set<Integer> indices) {
        this(kind, status, code, message, duration, retryAfter, indices, false, null, -1, false, 0);
    }

    private Fault(Kind kind, int status, String code, String message, Duration duration, Duration retryAfter,
            Set<Integer> indices, boolean after, Cut cut, int cutBytes, boolean fullLength, int queries) {
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.message = message;
        this.duration = duration;
        this.retryAfter = retryAfter;
        this.indices = indices;
        this.after = after || kind == Kind.CREATE_THEN_RESET || kind == Kind.CREATE_THEN_STALL;
        this.cut = cut;
        this.cutBytes = cutBytes;
        this.fullLength = fullLength;
        this.queries = queries;
    }

    private Fault copy(boolean after, Cut cut, int cutBytes, boolean fullLength, Duration retryAfter) {
        return new Fault(kind, status, code, message, duration, retryAfter, indices, after, cut, cutBytes, fullLength, queries);
    }

    // ------------------------------------------------------------------ request faults

    /** Replies {@code status} with the DashScope error body {@code {request_id, code, message}} (OSS XML on downloads and uploads). */
    public static Fault error(int status, String code, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        return new Fault(Kind.ERROR, status, Objects.requireNonNull(code), Objects.requireNonNull(message), null, null, Set.of());
    }

    /** 500 {@code InternalError}. */
    public static Fault internalError() {
        return error(500, "InternalError", "An internal error has occured, please try again later or contact service support.");
    }

    /** 503 {@code ModelUnavailable}. */
    public static Fault serviceUnavailable() {
        return error(503, "ModelUnavailable", "Model is unavailable, please try again later.");
    }

    /** 429 {@code Throttling.RateQuota}; add a header with {@link #withRetryAfter}. */
    public static Fault throttled() {
        return error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
    }

    /** 400 {@code DataInspectionFailed}: the content check rejects the input; nothing is created. */
    public static Fault dataInspectionFailed() {
        return error(400, "DataInspectionFailed", "Input data may contain inappropriate content.");
    }

    /**
     * The HTML error page a gateway in front of the service sends (nginx style, {@code text/html}, no
     * {@code x-request-id}): 502 Bad Gateway, 503 Service Temporarily Unavailable or 504 Gateway
     * Time-out. Before processing: nothing is created.
     */
    public static Fault gatewayError(int status) {
        if (status != 502 && status != 503 && status != 504) {
            throw new IllegalArgumentException("a gateway page is 502, 503 or 504: " + status);
        }
        return new Fault(Kind.GATEWAY, status, null, null, null, null, Set.of());
    }

    /** Closes the connection without any reply; nothing is created. */
    public static Fault connectionReset() {
        return new Fault(Kind.RESET, 0, null, null, null, null, Set.of());
    }

    /** Replies 200 with a truncated, unparseable JSON body; nothing is created. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, null, null, null, null, Set.of());
    }

    /**
     * The reply body cut short: on a create {@link Cut#BEFORE_TASK_ID} (nothing is created unless
     * {@link #afterProcessing()}), elsewhere {@link Cut#HALF} of the real reply. The
     * {@code Content-Length} matches the bytes sent (the reply is complete but short) unless {@link
     * #declaringFullLength()}.
     */
    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED, 0, null, null, null, null, Set.of());
    }

    /**
     * The reply body replaced by as many bytes that are neither JSON nor an image (status and
     * headers kept); on a create nothing is created unless {@link #afterProcessing()}.
     */
    public static Fault garbledBody() {
        return new Fault(Kind.GARBLED, 0, null, null, null, null, Set.of());
    }

    /** Waits {@code delay} of real time (cut short when the emulator closes), then answers normally. */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, null, null, FaultChecks.requirePositive(delay), null, Set.of());
    }

    /** A task query answers 200 {@code UNKNOWN} (as for an id that never existed) whatever the task's state. */
    public static Fault unknownStatus() {
        return new Fault(Kind.UNKNOWN, 200, null, null, null, null, Set.of());
    }

    // ------------------------------------------------------------------ create, then lose the answer

    /** Creates the task (visible to GET /tasks) and then closes the connection without replying. */
    public static Fault createThenReset() {
        return new Fault(Kind.CREATE_THEN_RESET, 0, null, null, null, null, Set.of());
    }

    /**
     * Creates the task (visible to GET /tasks), then stalls for {@code stall} of real time (cut short
     * when the emulator closes) before replying normally, so a client's read timeout fires first.
     */
    public static Fault createThenStall(Duration stall) {
        return new Fault(Kind.CREATE_THEN_STALL, 0, null, null, FaultChecks.requirePositive(stall), null, Set.of());
    }

    /** Creates the task, then answers 200 with the body cut before the task id ({@code {"output":{"task_status":"PEN}). */
    public static Fault createThenTruncated() {
        return truncatedBody().cutAt(Cut.BEFORE_TASK_ID).afterProcessing();
    }

    /** Creates the task, then answers 200 with the body cut just after the task id (readable id, broken JSON). */
    public static Fault createThenTruncatedAfterTaskId() {
        return truncatedBody().cutAt(Cut.AFTER_TASK_ID).afterProcessing();
    }

    /** Creates the task, then answers 200 with a body that is not JSON. */
    public static Fault createThenGarbled() {
        return garbledBody().afterProcessing();
    }

    /** Creates the task, then answers a gateway's HTML error page (502, 503 or 504). */
    public static Fault createThenGatewayError(int status) {
        return gatewayError(status).afterProcessing();
    }

    // ------------------------------------------------------------------ downloads

    /** A result download answers 403 with an OSS XML error body, as an expired signed URL does. */
    public static Fault downloadForbidden() {
        return new Fault(Kind.DOWNLOAD_FORBIDDEN, 403, "AccessDenied", "Request has expired.", null, null, Set.of());
    }

    /** A download that announces the whole image's {@code Content-Length}, sends half and closes the connection. */
    public static Fault downloadTruncated() {
        return truncatedBody().declaringFullLength();
    }

    /** A download that sends half the image with a {@code Content-Length} of just that half: a complete-looking 200. */
    public static Fault downloadTruncatedLying() {
        return truncatedBody();
    }

    /** A download of as many bytes as the image, none of them a PNG. */
    public static Fault downloadGarbled() {
        return garbledBody();
    }

    // ------------------------------------------------------------------ outcomes

    /** The task is created normally and ends FAILED with {@code code} and {@code message}. */
    public static Fault taskFailed(String code, String message) {
        return new Fault(Kind.TASK_FAILED, 200, Objects.requireNonNull(code), Objects.requireNonNull(message), null, null, Set.of());
    }

    /**
     * The images at these 0-based indices fail with {@code InternalError.Timeout}; the others succeed
     * (partial success). If every image fails the task ends FAILED.
     */
    public static Fault imagesTimeout(int... indices) {
        return new Fault(Kind.IMAGES_TIMEOUT, 200, "InternalError.Timeout", TIMEOUT_MESSAGE, null, null, FaultChecks.indexSet(indices));
    }

    /** The images at these 0-based indices fail with {@code code}/{@code message} ({@code results[i].code}); the others succeed. */
    public static Fault imagesFailed(String code, String message, int... indices) {
        return new Fault(Kind.IMAGES_FAILED, 200, Objects.requireNonNull(code), Objects.requireNonNull(message), null, null,
                FaultChecks.indexSet(indices));
    }

    /** Content inspection rejects the output: the task ends FAILED with {@code DataInspectionFailed}. */
    public static Fault outputInspectionFailed() {
        return taskFailed("DataInspectionFailed", OUTPUT_INSPECTION_MESSAGE);
    }

    /** The task's next {@code queries} task queries answer 200 {@code UNKNOWN}; later ones its real status. */
    public static Fault unknownForQueries(int queries) {
        if (queries < 1) {
            throw new IllegalArgumentException("queries must be >= 1: " + queries);
        }
        return new Fault(Kind.TASK_UNKNOWN, 200, null, null, null, null, Set.of(), false, null, -1, false, queries);
    }

    /** The task is absent from {@code GET /tasks} until {@code lag} of emulator time after its creation. */
    public static Fault listLag(Duration lag) {
        return new Fault(Kind.LIST_LAG, 200, null, null, FaultChecks.requirePositive(lag), null, Set.of());
    }

    /** The task answers {@code UNKNOWN}, leaves the list and its result URLs die {@code after} its creation (emulator time). */
    public static Fault expireAfter(Duration after) {
        if (after == null || after.isNegative()) {
            throw new IllegalArgumentException("a duration must be >= 0: " + after);
        }
        return new Fault(Kind.EXPIRE, 200, null, null, after, null, Set.of());
    }

    // ------------------------------------------------------------------ modifiers

    /** This fault with a {@code Retry-After} header (whole seconds) on its error reply. */
    public Fault withRetryAfter(Duration retryAfter) {
        if (kind != Kind.ERROR) {
            throw new IllegalStateException("Retry-After only goes on an error reply");
        }
        return copy(after, cut, cutBytes, fullLength, FaultChecks.requirePositive(retryAfter));
    }

    /**
     * This fault applied after the request was processed: a create creates its task, a cancel
     * cancels, an upload stores the file; then the reply is replaced, mangled, delayed or lost. For
     * errors, gateway pages, resets, delays, truncated and garbled bodies.
     */
    public Fault afterProcessing() {
        switch (kind) {
            case ERROR:
            case GATEWAY:
            case RESET:
            case DELAY:
            case TRUNCATED:
            case GARBLED:
            case CREATE_THEN_RESET:
            case CREATE_THEN_STALL:
                return copy(true, cut, cutBytes, fullLength, retryAfter);
            default:
                throw new IllegalStateException(this + " cannot act after processing");
        }
    }

    /** Where a {@link #truncatedBody()} is cut. */
    public Fault cutAt(Cut where) {
        requireKind(Kind.TRUNCATED, "cutAt");
        return copy(after, Objects.requireNonNull(where), -1, fullLength, retryAfter);
    }

    /** Cuts a {@link #truncatedBody()} after {@code bytes} bytes (or the whole body, if shorter). */
    public Fault cutAtByte(int bytes) {
        requireKind(Kind.TRUNCATED, "cutAtByte");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        return copy(after, null, bytes, fullLength, retryAfter);
    }

    /** A {@link #truncatedBody()} that announces the whole body's {@code Content-Length}, then closes the connection early. */
    public Fault declaringFullLength() {
        requireKind(Kind.TRUNCATED, "declaringFullLength");
        return copy(after, cut, cutBytes, true, retryAfter);
    }

    private void requireKind(Kind k, String what) {
        if (kind != k) {
            throw new IllegalStateException(what + " only applies to " + k + ", not " + this);
        }
    }

    // ------------------------------------------------------------------ accessors

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The delay, stall, list lag or expiry time, for the kinds that have one. */
    public Duration duration() {
        return duration;
    }

    /** The Retry-After value, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The failing image indices, for {@link Kind#IMAGES_TIMEOUT} and {@link Kind#IMAGES_FAILED}. */
    public Set<Integer> indices() {
        return indices;
    }

    /** Whether it acts after the request was processed (the task of a create exists). */
    public boolean isAfterProcessing() {
        return after;
    }

    /** Where a truncated body is cut, or null for the default (or a byte count). */
    public Cut cut() {
        return cut;
    }

    /** The byte count a truncated body is cut at, or -1. */
    public int cutBytes() {
        return cutBytes;
    }

    /** Whether a truncated reply announces the whole body's length. */
    public boolean declaresFullLength() {
        return fullLength;
    }

    /** How many queries answer UNKNOWN, for {@link Kind#TASK_UNKNOWN}. */
    public int queries() {
        return queries;
    }

    /** Whether this fault only makes sense on a create endpoint. */
    boolean createOnly() {
        return kind == Kind.CREATE_THEN_RESET || kind == Kind.CREATE_THEN_STALL || isOutcome()
                || (kind == Kind.TRUNCATED && (cut == Cut.BEFORE_TASK_ID || cut == Cut.AFTER_TASK_ID));
    }

    /** Whether this fault decides a task's outcome rather than the reply. */
    boolean isOutcome() {
        return slot() != FaultSlot.REQUEST;
    }

    /** Which outcome it decides, or {@link FaultSlot#REQUEST} for a request fault. */
    FaultSlot slot() {
        return FaultSlot.of(kind);
    }

    /**
     * The rule keys of this fault, in the order of the rule grammar ({@code do=...} first); the same
     * keys {@code --fault} and {@code POST /__emulator/faults} take.
     */
    public Map<String, String> spec() {
        return FaultSpec.of(this);
    }

    @Override
    public String toString() {
        return FaultSpec.describe(this);
    }
}
