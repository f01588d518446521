package dev.wanedit.application.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * The one family of remote problems that crosses the outgoing ports. Adapters translate their
 * vendor exceptions (HTTP, I/O, SDK) into exactly one of these; the service's code, message and
 * request id are kept as data (messages are never compared exactly).
 */
public abstract sealed class RemoteServiceException extends RuntimeException
        permits RemoteServiceException.Rejected, RemoteServiceException.Unauthorized,
        RemoteServiceException.RateLimited, RemoteServiceException.Unavailable,
        RemoteServiceException.OutcomeUnknown, RemoteServiceException.ResultExpired {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String requestId;
    private final int httpStatus;

    protected RemoteServiceException(String message, String code, String requestId, int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code == null ? "" : code;
        this.requestId = requestId == null ? "" : requestId;
        this.httpStatus = httpStatus;
    }

    /** The service's error code, e.g. {@code InvalidParameter}; empty when there was none. */
    public String code() {
        return code;
    }

    /** The service's request id, for support tickets; empty when unknown. */
    public String requestId() {
        return requestId;
    }

    /** The HTTP status, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the service asked to wait before trying again; only a throttled call says. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** {@code CODE: message}, or the message alone when the service gave no code. */
    public String summary() {
        return code.isEmpty() ? getMessage() : code + ": " + getMessage();
    }

    /** The request was refused for its content or parameters; sending it again will not help. */
    public static final class Rejected extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public Rejected(String message, String code, String requestId, int httpStatus) {
            super(message, code, requestId, httpStatus, null);
        }
    }

    /** The key is missing, invalid, for the other region, or the account may not use the model. */
    public static final class Unauthorized extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String message, String code, String requestId, int httpStatus) {
            super(message, code, requestId, httpStatus, null);
        }
    }

    /** Throttled (HTTP 429); nothing was created. {@link #retryAfter()} when the service said when to come back. */
    public static final class RateLimited extends RemoteServiceException {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Duration> retryAfter;

        public RateLimited(String message, String code, String requestId, Optional<Duration> retryAfter) {
            super(message, code, requestId, 429, null);
            this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /**
     * The service could not be reached or failed (5xx, timeout, connection refused). For a create
     * call this type means the task was certainly not created; see {@link OutcomeUnknown}.
     */
    public static final class Unavailable extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, String code, String requestId, int httpStatus, Throwable cause) {
            super(message, code, requestId, httpStatus, cause);
        }
    }

    /**
     * A create call was sent but no answer came back (timeout or reset after sending): the task may
     * or may not exist. Never resend blindly; reconcile through the task list first.
     */
    public static final class OutcomeUnknown extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public OutcomeUnknown(String message, Throwable cause) {
            super(message, "", "", 0, cause);
        }
    }

    /** A result URL has expired (HTTP 403 from the result host, or past its {@code Expires}). */
    public static final class ResultExpired extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public ResultExpired(String message, int httpStatus) {
            super(message, "ResultExpired", "", httpStatus, null);
        }
    }
}
