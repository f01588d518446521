package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import feign.FeignException;
import feign.RetryableException;
import feign.codec.DecodeException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Supplier;

/**
 * Runs one Feign call and translates whatever escapes it into the port family, so that no Feign
 * or I/O type crosses the port. The translation of an I/O failure depends on what the call was:
 * a create that may have reached the service is {@link OutcomeUnknown}, never {@link Unavailable}.
 */
final class Calls {

    /** What a call does, which decides how an I/O failure is reported. */
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
            if (kind == Kind.CREATE && mayHaveCreated(e.httpStatus(), e.code())) {
                throw new OutcomeUnknown(e.getMessage() + "; a gateway answered for the service, which may have created "
                        + "the task: reconcile through the task list before sending it again", e);
            }
            throw e;
        } catch (RetryableException e) {
            if (e.getCause() instanceof RemoteServiceException remote) {
                throw remote; // 429 or a 5xx GET whose retries ran out
            }
            throw io(kind, what, e.getCause() == null ? e : e.getCause());
        } catch (DecodeException e) {
            // A 2xx with a body we cannot read: for a create the task may well exist.
            if (kind == Kind.CREATE) {
                throw new OutcomeUnknown(what + ": the service answered but the reply could not be read; "
                        + "the task may have been created", e);
            }
            throw new Unavailable(what + ": unreadable reply from the service (" + e.getMessage() + ")", "", "",
                    e.status(), e);
        } catch (FeignException e) {
            if (kind == Kind.CREATE && (e.status() <= 0 || (e.status() >= 200 && e.status() < 300))) {
                // Reading the reply failed after the create was sent: the task may exist.
                throw new OutcomeUnknown(what + ": the service answered but the reply could not be read ("
                        + DashScopeErrors.redact(e.getMessage()) + "); the task may have been created", e);
            }
            throw new Unavailable(what + ": " + DashScopeErrors.redact(e.getMessage()), "", "", Math.max(e.status(), 0), e);
        }
    }

    /**
     * A 504, or a 5xx without a DashScope error code (a gateway's HTML page), means something in
     * front of the service gave up waiting; the service itself may have created the task.
     */
    static boolean mayHaveCreated(int status, String code) {
        return status == 504 || (status >= 500 && code.isEmpty());
    }

    /** Translates an I/O failure of a call. */
    static RemoteServiceException io(Kind kind, String what, Throwable cause) {
        String reason = describe(cause);
        if (kind == Kind.CREATE && !SafeRetryer.notSent(cause)) {
            return new OutcomeUnknown(what + " was sent but no answer came back (" + reason + "); the task may "
                    + "or may not exist: reconcile through the task list before sending it again", cause);
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
        return cause.getClass().getSimpleName() + (m == null ? "" : ": " + DashScopeErrors.redact(m));
    }
}
