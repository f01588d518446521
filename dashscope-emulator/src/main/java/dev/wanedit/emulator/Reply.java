package dev.wanedit.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the router sends back for one request. */
final class Reply {
    static final String JSON = "application/json;charset=UTF-8";
    static final String XML = "application/xml";
    static final String HTML = "text/html";

    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** Drop the connection instead of answering. */
    boolean reset;
    /** Wait this long (real time, cut short by close) before answering. */
    Duration stall;
    /** The error code, for the journal's 429 counters. */
    String errorCode;
    /** Announce this Content-Length although the body is shorter, then close the connection; -1 for the body's own length. */
    long declaredLength = -1;
    /** Leave out the x-request-id header (a gateway's page does not carry the service's request id). */
    boolean noRequestId;

    Reply(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static Reply json(int status, String json) {
        return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply reset() {
        Reply r = new Reply(0, null, new byte[0]);
        r.reset = true;
        return r;
    }

    /** The page nginx (the gateway in front of the service) sends for 502, 503 and 504. */
    static Reply gatewayPage(int status) {
        String title;
        switch (status) {
            case 502:
                title = "502 Bad Gateway";
                break;
            case 503:
                title = "503 Service Temporarily Unavailable";
                break;
            case 504:
                title = "504 Gateway Time-out";
                break;
            default:
                throw new IllegalArgumentException("not a gateway status: " + status);
        }
        String page = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        Reply r = new Reply(status, HTML, page.getBytes(StandardCharsets.US_ASCII));
        r.noRequestId = true;
        return r;
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The same reply with only the first {@code keep} bytes of its body (and, if asked, the whole length announced). */
    Reply truncated(int keep, boolean announceWhole) {
        Reply r = copyWith(Arrays.copyOf(body, Math.max(0, Math.min(keep, body.length))));
        if (announceWhole && r.body.length < body.length) {
            r.declaredLength = body.length;
        }
        return r;
    }

    /**
     * The same reply with a body of as many bytes (at least 16) that are neither JSON nor an image:
     * the bytes flipped, starting with a gzip magic number no JSON or PNG parser accepts.
     */
    Reply garbled() {
        byte[] g = new byte[Math.max(16, body.length)];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) ((i < body.length ? body[i] : i) ^ 0x5A);
        }
        g[0] = 0x1f;
        g[1] = (byte) 0x8b;
        return copyWith(g);
    }

    private Reply copyWith(byte[] newBody) {
        Reply r = new Reply(status, contentType, newBody);
        r.headers.putAll(headers);
        r.errorCode = errorCode;
        r.noRequestId = noRequestId;
        return r;
    }

    /** Where a create reply's body is cut: inside {@code task_status}, or just after the task id's closing quote; -1 if neither is there. */
    int createCut(Fault.Cut cut) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (cut == Fault.Cut.BEFORE_TASK_ID) {
            String key = "\"task_status\":\"";
            int i = text.indexOf(key);
            return i < 0 ? -1 : utf8Length(text.substring(0, i + key.length() + 3));
        }
        if (cut == Fault.Cut.AFTER_TASK_ID) {
            String key = "\"task_id\":\"";
            int i = text.indexOf(key);
            int end = i < 0 ? -1 : text.indexOf('"', i + key.length());
            return end < 0 ? -1 : utf8Length(text.substring(0, end + 1));
        }
        return -1;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
