package dev.wanedit.emulator;

import java.util.UUID;

/**
 * The request rules of the fault registry, applied to one request: before processing (an error, a
 * page, a dropped connection or a delay instead of the real reply) or after it (the real reply mangled).
 */
final class RequestFaults {
    private final DashScopeEmulator emu;

    RequestFaults(DashScopeEmulator emu) {
        this.emu = emu;
    }

    /** What the fault rules match a request on. */
    Faults.Target target(Call c, String model, String prompt) {
        return new Faults.Target(c.endpoint(), model, prompt, c.method(), c.path(), c.requestId());
    }

    /** Whether processing this endpoint changes the emulator's state (a task, a cancel, a stored file). */
    private static boolean hasSideEffects(Endpoint e) {
        return e.isCreate() || e == Endpoint.TASK_CANCEL || e == Endpoint.OSS_UPLOAD;
    }

    /**
     * Consumes the first request rule that matches. A fault that acts before processing gives the
     * reply to send instead (null after a delay, to go on); one that acts after processing is kept
     * for {@link #applyAfter} (so are truncated and garbled bodies of endpoints without side effects:
     * they mangle the real reply).
     */
    Reply requestFault(Call c, String model, String prompt) {
        Faults.Rule rule = emu.faults().takeRequestFault(target(c, model, prompt));
        if (rule == null) {
            return null;
        }
        c.fired.add(rule.id());
        Fault f = rule.fault();
        boolean mangle = f.kind() == Fault.Kind.TRUNCATED || f.kind() == Fault.Kind.GARBLED;
        if (f.isAfterProcessing() || (mangle && !hasSideEffects(c.endpoint()))) {
            c.after = f;
            return null;
        }
        switch (f.kind()) {
            case DELAY:
                emu.pause(f.duration());
                return null;
            case UNKNOWN:
                c.answerUnknown = true; // answered by the query itself
                return null;
            case MALFORMED_JSON:
                return Reply.json(200, "{\"request_id\":\"" + c.requestId() + "\",\"output\":{\"task_id\":\"");
            default:
                // nothing is processed: an error, a page or a dropped connection instead of the reply, or a
                // cut or garbled body of the reply the request would have had, without its effect
                return applyFault(c, f, c.endpoint().isCreate()
                        ? Replies.ok(Replies.createReply(UUID.randomUUID().toString(), c.requestId())) : Replies.ok(Replies.requestIdOnly(c)));
        }
    }


    /** {@link #requestFault(Call, String, String)} for a request about one task (null if there is none). */
    Reply requestFault(Call c, Task task) {
        return task == null ? requestFault(c, null, null) : requestFault(c, task.spec.model().id, task.spec.prompt());
    }

    /** Applies the after-processing fault of this request, if any, to its real reply. */
    Reply applyAfter(Call c, Reply reply) {
        if (c.after == null || reply.reset) {
            return reply;
        }
        return applyFault(c, c.after, reply);
    }

    private Reply applyFault(Call c, Fault f, Reply reply) {
        switch (f.kind()) {
            case ERROR:
            case DOWNLOAD_FORBIDDEN:
                return faultError(c, f);
            case GATEWAY:
                return Reply.gatewayPage(f.status());
            case RESET:
            case CREATE_THEN_RESET:
                return Reply.reset();
            case DELAY:
            case CREATE_THEN_STALL:
                reply.stall = f.duration();
                return reply;
            case TRUNCATED: {
                int keep;
                if (f.cutBytes() >= 0) {
                    keep = f.cutBytes();
                } else {
                    Fault.Cut cut = f.cut() != null ? f.cut() : c.endpoint().isCreate() ? Fault.Cut.BEFORE_TASK_ID : Fault.Cut.HALF;
                    keep = cut == Fault.Cut.HALF ? -1 : reply.createCut(cut);
                    if (keep < 0) {
                        keep = reply.body.length / 2;
                    }
                }
                return reply.truncated(keep, f.declaresFullLength());
            }
            case GARBLED:
                return reply.garbled();
            default:
                return reply;
        }
    }

    /** An injected error: DashScope JSON, or OSS XML on upload and download endpoints; with its Retry-After. */
    private static Reply faultError(Call c, Fault f) {
        Reply r = c.endpoint().isOss() ? Replies.ossError(c, f.status(), f.code(), f.message()) : Replies.error(c, f.status(), f.code(), f.message());
        if (f.retryAfter() != null) {
            r.header("Retry-After", Long.toString(Math.max(1, f.retryAfter().toSeconds())));
        }
        return r;
    }
}
