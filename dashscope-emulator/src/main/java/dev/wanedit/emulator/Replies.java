package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The bodies every endpoint handler answers with: DashScope JSON, its error document, and OSS XML errors. */
final class Replies {
    private Replies() {}

    /** 200 with a JSON body. */
    static Reply ok(ObjectNode body) {
        return Reply.json(200, body.toString());
    }

    /** The DashScope error document {@code {request_id, code, message}}; the code is kept for the 429 counters. */
    static Reply error(Call c, int status, String code, String message) {
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("request_id", c.requestId());
        out.put("code", code);
        out.put("message", message);
        Reply r = Reply.json(status, out.toString());
        r.errorCode = code;
        return r;
    }

    /** An OSS XML error, as uploads and downloads answer. */
    static Reply ossError(Call c, int status, String code, String message) {
        Reply r = new Reply(status, Reply.XML, OssUploads.xmlError(code == null ? "Error" : code, message, c.requestId())
                .getBytes(StandardCharsets.UTF_8));
        r.errorCode = code;
        r.header("x-oss-request-id", c.requestId());
        return r;
    }

    /** A create's answer: the task, PENDING. */
    static ObjectNode createReply(String taskId, String requestId) {
        ObjectNode out = Router.JSON.createObjectNode();
        ObjectNode output = out.putObject("output");
        output.put("task_status", "PENDING");
        output.put("task_id", taskId);
        out.put("request_id", requestId);
        return out;
    }

    /** A body with the request id alone. */
    static ObjectNode requestIdOnly(Call c) {
        ObjectNode out = Router.JSON.createObjectNode();
        out.put("request_id", c.requestId());
        return out;
    }
}
