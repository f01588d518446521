package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.RateLimited;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.Unauthorized;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an error reply (DashScope JSON {@code code}/{@code message}/{@code request_id}, OSS XML, or
 * any other text such as a gateway's HTML page) and maps it to the port's exception family
 * (protocol §4). Codes decide first, the HTTP status second. Messages are kept as data but never
 * compared; anything that looks like an API key is blanked out of them.
 */
final class DashScopeErrors {

    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private static final Pattern XML_REQUEST_ID = Pattern.compile("<RequestId>([^<]*)</RequestId>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final int MAX_MESSAGE = 300;

    private DashScopeErrors() {
    }

    /** What an error body said. */
    record ErrorInfo(String code, String message, String requestId) {
    }

    /** Parses an error body of any kind; never throws. */
    static ErrorInfo parse(ObjectMapper json, byte[] body, String headerRequestId) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        String code = "";
        String message = "";
        String requestId = "";
        if (text.startsWith("{")) {
            try {
                JsonNode node = json.readTree(text);
                code = node.path("code").asText("");
                message = node.path("message").asText("");
                requestId = node.path("request_id").asText("");
                if (code.isEmpty() && node.path("output").isObject()) {
                    code = node.path("output").path("code").asText("");
                    message = node.path("output").path("message").asText("");
                }
            } catch (java.io.IOException e) {
                message = excerpt(text);
            }
        } else if (text.startsWith("<?xml") || text.startsWith("<Error")) {
            code = group(XML_CODE, text);
            message = group(XML_MESSAGE, text);
            requestId = group(XML_REQUEST_ID, text);
        } else {
            message = excerpt(text);
        }
        if (requestId.isEmpty() && headerRequestId != null) {
            requestId = headerRequestId;
        }
        return new ErrorInfo(code, redact(message), requestId);
    }

    /** Maps a reply to the port family. */
    static RemoteServiceException map(int status, ErrorInfo info, Optional<Duration> retryAfter) {
        String code = info.code();
        String text = describe(status, info);
        switch (category(status, code)) {
            case RATE_LIMITED:
                return new RateLimited(text, code, info.requestId(), retryAfter);
            case UNAUTHORIZED:
                return new Unauthorized(text, code, info.requestId(), status);
            case REJECTED:
                return new Rejected(text, code, info.requestId(), status);
            case UNAVAILABLE:
            default:
                return new Unavailable(text, code, info.requestId(), status, null, retryAfter);
        }
    }

    enum Category { REJECTED, UNAUTHORIZED, RATE_LIMITED, UNAVAILABLE }

    /** The category of a code and status (protocol §4.2). */
    static Category category(int status, String code) {
        String c = code == null ? "" : code;
        if (c.startsWith("Throttling") || c.equals("LimitRequests")) {
            return Category.RATE_LIMITED;
        }
        if (c.equals("InvalidApiKey") || c.startsWith("AccessDenied") || c.endsWith(".AccessDenied")
                || c.equals("Arrearage") || c.endsWith("BillOverdue") || c.equals("CommodityNotPurchased")
                || c.equals("AllocationQuota.FreeTierOnly")) {
            return Category.UNAUTHORIZED;
        }
        if (c.startsWith("InvalidParameter") || c.equals("DataInspectionFailed") || c.equals("IPInfringementSuspect")
                || c.startsWith("BadRequest") || c.equals("InvalidURL") || c.equals("UnsupportedOperation")
                || c.equals("ModelNotFound") || c.equals("WorkSpaceNotFound")) {
            return Category.REJECTED;
        }
        if (c.startsWith("InternalError") || c.equals("SystemError") || c.equals("ModelServiceFailed")
                || c.equals("ModelUnavailable") || c.equals("RequestTimeOut")) {
            return Category.UNAVAILABLE;
        }
        if (status == 429) {
            return Category.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return Category.UNAUTHORIZED;
        }
        if (status == 408 || status >= 500 || status < 400) {
            return Category.UNAVAILABLE;
        }
        return Category.REJECTED;
    }

    /** Parses {@code Retry-After}: delta seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    static String redact(String message) {
        return message == null ? "" : Redaction.redact(message);
    }

    private static String describe(int status, ErrorInfo info) {
        StringBuilder b = new StringBuilder("DashScope answered HTTP ").append(status);
        if (!info.code().isEmpty()) {
            b.append(' ').append(info.code());
        }
        if (!info.message().isEmpty()) {
            b.append(": ").append(info.message());
        }
        if (!info.requestId().isEmpty()) {
            b.append(" (request id ").append(info.requestId()).append(')');
        }
        return b.toString();
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1).trim() : "";
    }

    private static String excerpt(String text) {
        String plain = TAGS.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").trim();
        return plain.length() > MAX_MESSAGE ? plain.substring(0, MAX_MESSAGE) + "…" : plain;
    }
}
