package dev.wanedit.emulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One injectable misbehaviour. Create with the static factories and register with
 * {@link Faults#on(Endpoint...)}; for example
 * {@code emulator.faults().on(Endpoint.TASK_QUERY).times(2).inject(Fault.serviceUnavailable())}.
 *
 * <p>Three families:
 *
 * <ul>
 *   <li>request faults, answered instead of the real reply and before anything is created: {@link
 *       #error}, {@link #internalError()}, {@link #serviceUnavailable()}, {@link #throttled()},
 *       {@link #connectionReset()}, {@link #malformedJson()}, {@link #delay}, {@link
 *       #dataInspectionFailed()} and, on result downloads, {@link #downloadForbidden()};
 *   <li>create faults that create the task first and then lose the reply: {@link
 *       #createThenReset()}, {@link #createThenStall};
 *   <li>task outcomes, fixed at create time and seen when the task is queried: {@link #taskFailed},
 *       {@link #imagesTimeout}.
 * </ul>
 */
public final class Fault {

  /** What a fault does. */
  public enum Kind {
    ERROR, RESET, MALFORMED_JSON, DELAY, CREATE_THEN_RESET, CREATE_THEN_STALL, DOWNLOAD_FORBIDDEN,
    TASK_FAILED, IMAGES_TIMEOUT
  }

  private final Kind kind;
  private final int status;
  private final String code;
  private final String message;
  private final Duration duration;
  private final Duration retryAfter;
  private final Set<Integer> indices;

  private Fault(Kind kind, int status, String code, String message, Duration duration, Duration retryAfter,
      Set<Integer> indices) {
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.message = message;
    this.duration = duration;
    this.retryAfter = retryAfter;
    this.indices = indices;
  }

  /** Replies {@code status} with the DashScope error body {@code {request_id, code, message}}. */
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

  /** Closes the connection without any reply; nothing is created. */
  public static Fault connectionReset() {
    return new Fault(Kind.RESET, 0, null, null, null, null, Set.of());
  }

  /** Replies 200 with a truncated, unparseable JSON body; nothing is created. */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 200, null, null, null, null, Set.of());
  }

  /** Waits {@code delay} of real time (cut short when the emulator closes), then answers normally. */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, null, requirePositive(delay), null, Set.of());
  }

  /** Creates the task (visible to GET /tasks) and then closes the connection without replying. */
  public static Fault createThenReset() {
    return new Fault(Kind.CREATE_THEN_RESET, 0, null, null, null, null, Set.of());
  }

  /**
   * Creates the task (visible to GET /tasks), then stalls for {@code stall} of real time (cut short
   * when the emulator closes) before replying normally, so a client's read timeout fires first.
   */
  public static Fault createThenStall(Duration stall) {
    return new Fault(Kind.CREATE_THEN_STALL, 0, null, null, null, null, Set.of()).withDuration(requirePositive(stall));
  }

  /** A result download answers 403 with an OSS XML error body, as an expired signed URL does. */
  public static Fault downloadForbidden() {
    return new Fault(Kind.DOWNLOAD_FORBIDDEN, 403, "AccessDenied", "Request has expired.", null, null, Set.of());
  }

  /** The task is created normally and ends FAILED with {@code code} and {@code message}. */
  public static Fault taskFailed(String code, String message) {
    return new Fault(Kind.TASK_FAILED, 200, Objects.requireNonNull(code), Objects.requireNonNull(message), null, null, Set.of());
  }

  /**
   * The images at these 0-based indices fail with {@code InternalError.Timeout}; the others succeed
   * (partial success). If every image fails the task ends FAILED.
   */
  public static Fault imagesTimeout(int... indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("name at least one image index");
    }
    Set<Integer> set = new TreeSet<>();
    Arrays.stream(indices).forEach(i -> {
      if (i < 0) {
        throw new IllegalArgumentException("image indices are 0-based and non-negative: " + i);
      }
      set.add(i);
    });
    return new Fault(Kind.IMAGES_TIMEOUT, 200, "InternalError.Timeout",
        "An internal timeout error has occured during execution, please try again later or contact service support.",
        null, null, Set.copyOf(set));
  }

  /** This fault with a {@code Retry-After} header (whole seconds) on its error reply. */
  public Fault withRetryAfter(Duration retryAfter) {
    if (kind != Kind.ERROR) {
      throw new IllegalStateException("Retry-After only goes on an error reply");
    }
    return new Fault(kind, status, code, message, duration, requirePositive(retryAfter), indices);
  }

  private Fault withDuration(Duration d) {
    return new Fault(kind, status, code, message, d, retryAfter, indices);
  }

  private static Duration requirePositive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a positive duration is required: " + d);
    }
    return d;
  }

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

  /** The delay or stall, for {@link Kind#DELAY} and {@link Kind#CREATE_THEN_STALL}. */
  public Duration duration() {
    return duration;
  }

  /** The Retry-After value, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The failing image indices, for {@link Kind#IMAGES_TIMEOUT}. */
  public Set<Integer> indices() {
    return indices;
  }

  /** Whether this fault only makes sense on a create endpoint. */
  boolean createOnly() {
    return kind == Kind.CREATE_THEN_RESET || kind == Kind.CREATE_THEN_STALL || kind == Kind.TASK_FAILED
        || kind == Kind.IMAGES_TIMEOUT;
  }

  /** Whether this fault decides a task's outcome rather than the reply. */
  boolean isOutcome() {
    return kind == Kind.TASK_FAILED || kind == Kind.IMAGES_TIMEOUT;
  }

  @Override
  public String toString() {
    return "Fault." + kind + (code == null ? "" : "(" + status + " " + code + ")")
        + (duration == null ? "" : "(" + duration + ")") + (indices.isEmpty() ? "" : indices);
  }
}
