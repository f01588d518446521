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
        RemoteServiceException.OutcomeUnknown, RemoteServiceException.ResultExpired, RemoteServiceException.DownloadDenied {

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
     * The service could not be reached or failed (5xx, timeout, connection refused, an unreadable
     * answer to a query). For a create call this type means the call was certainly not sent; see
     * {@link OutcomeUnknown}. {@link #retryAfter()} when a 503 said when to come back.
     */
    public static final class Unavailable extends RemoteServiceException {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Duration> retryAfter;

        public Unavailable(String message, String code, String requestId, int httpStatus, Throwable cause) {
            this(message, code, requestId, httpStatus, cause, Optional.empty());
        }

        public Unavailable(String message, String code, String requestId, int httpStatus, Throwable cause,
                           Optional<Duration> retryAfter) {
            super(message, code, requestId, httpStatus, cause);
            this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /**
     * A create call may have reached the service but its outcome is unknown: no answer, a reset
     * after sending, a 5xx or a gateway page, or a 2xx whose body could not be read ({@link #cause}
     * says which). Never resend blindly: the application searches the task list first, and never
     * resends after a 2xx.
     */
    public static final class OutcomeUnknown extends RemoteServiceException {
        private static final long serialVersionUID = 1L;
        private final dev.wanedit.domain.job.CreateDoubt.Cause doubt;

        public OutcomeUnknown(String message, dev.wanedit.domain.job.CreateDoubt.Cause doubt, int httpStatus, Throwable cause) {
            super(message, "", "", httpStatus, cause);
            this.doubt = doubt == null ? dev.wanedit.domain.job.CreateDoubt.Cause.NO_ANSWER : doubt;
        }

        /** An unanswered create (a timeout, a reset after sending). */
        public OutcomeUnknown(String message, Throwable cause) {
            this(message, dev.wanedit.domain.job.CreateDoubt.Cause.NO_ANSWER, 0, cause);
        }

        /** Why the outcome is unknown. */
        public dev.wanedit.domain.job.CreateDoubt.Cause doubt() {
            return doubt;
        }
    }

    /**
     * The result host refused a download (HTTP 403, 404, 410) of a URL that is not past its
     * {@code Expires}: a signature refused early, a CDN hiccup, an object not replicated yet. The
     * task can be asked again for its URLs; only past the URL's expiry is the result lost.
     */
    public static final class DownloadDenied extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public DownloadDenied(String message, int httpStatus) {
            super(message, "DownloadDenied", "", httpStatus, null);
        }
    }

    /** A result URL is past its {@code Expires} (known without a call): the result can no longer be fetched. */
    public static final class ResultExpired extends RemoteServiceException {
        private static final long serialVersionUID = 1L;

        public ResultExpired(String message, int httpStatus) {
            super(message, "ResultExpired", "", httpStatus, null);
        }
    }
}
