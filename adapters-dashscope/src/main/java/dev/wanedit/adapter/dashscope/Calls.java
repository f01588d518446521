package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.domain.job.CreateDoubt;
import feign.FeignException;
import feign.RetryableException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Supplier;

/**
 * Runs one Feign call and translates whatever escapes it into the port family, so that no Feign
 * or I/O type crosses the port. For a create, what the answer means decides the type (design.md,
 * "Retries have one owner"):
 * <ul>
 *   <li>a 2xx whose body could not be read: {@link OutcomeUnknown} {@code UNREADABLE_ANSWER} — the
 *       service took the task;</li>
 *   <li>any 5xx (the service's own error or a gateway's page): {@link OutcomeUnknown}
 *       {@code GATEWAY_ERROR} — something may have created the task before failing;</li>
 *   <li>no answer (a timeout or a reset after sending): {@link OutcomeUnknown} {@code NO_ANSWER};</li>
 *   <li>a connection that could not be opened: {@link Unavailable} — nothing was sent;</li>
 *   <li>4xx and 429: as the error decoder maps them — nothing was created.</li>
 * </ul>
 * Messages say what happened in words, without parser or library internals.
 */
final class Calls {

    /** What a call does, which decides how a failure is reported. */
    enum Kind {
        /** A billable create (async or sync). */
        CREATE,
        /** Anything else: queries, lists, cancels, upload policies. */
        OTHER
    }

    private Calls() {
    }

    static <T> T run(Kind kind, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RemoteServiceException e) {
            if (kind == Kind.CREATE && e.httpStatus() >= 500) {
                throw new OutcomeUnknown(what + ": " + e.getMessage() + "; the service may have created the task before "
                        + "failing, so the task list is searched before it is sent again", CreateDoubt.Cause.GATEWAY_ERROR,
                        e.httpStatus(), e);
            }
            throw e;
        } catch (ReplyDecoder.Unreadable e) {
            if (kind == Kind.CREATE) {
                throw new OutcomeUnknown(what + ": the service answered " + e.getMessage()
                        + "; it took the task, which is searched for in the task list and never sent again",
                        CreateDoubt.Cause.UNREADABLE_ANSWER, e.status(), e);
            }
            throw new Unavailable(what + ": the service answered " + e.getMessage(), "", "", e.status(), e);
        } catch (RetryableException e) {
            if (e.getCause() instanceof RemoteServiceException remote) {
                throw remote;
            }
            throw io(kind, what, e.getCause() == null ? e : e.getCause());
        } catch (FeignException e) {
            if (kind == Kind.CREATE && (e.status() <= 0 || (e.status() >= 200 && e.status() < 300))) {
                throw new OutcomeUnknown(what + ": the service answered but the reply could not be read; the task may "
                        + "have been created", e.status() > 0 ? CreateDoubt.Cause.UNREADABLE_ANSWER : CreateDoubt.Cause.NO_ANSWER,
                        Math.max(e.status(), 0), e);
            }
            throw new Unavailable(what + ": " + DashScopeErrors.redact(e.getMessage()), "", "", Math.max(e.status(), 0), e);
        }
    }

    /** Translates an I/O failure of a call. */
    static RemoteServiceException io(Kind kind, String what, Throwable cause) {
        String reason = describe(cause);
        if (kind == Kind.CREATE && !SafeRetryer.notSent(cause)) {
            return new OutcomeUnknown(what + " was sent but no answer came back (" + reason + "); the task may "
                    + "or may not exist: the task list is searched before it is sent again", CreateDoubt.Cause.NO_ANSWER, 0,
                    cause);
        }
        return new Unavailable(what + " failed: " + reason, "", "", 0, cause);
    }

    static String describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out waiting for the answer";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String m = cause.getMessage();
        if (cause instanceof java.io.EOFException || (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("eof"))) {
            return "the connection closed before the answer was complete";
        }
        if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            return "the connection was reset";
        }
        return cause.getClass().getSimpleName() + (m == null ? "" : ": " + DashScopeErrors.redact(m));
    }
}
