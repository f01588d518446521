package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the emulator received, as the journal keeps it.
 *
 * @param at the emulator-clock instant it arrived
 * @param method HTTP method
 * @param path the path, without the query
 * @param query the raw query string, or "" when there is none
 * @param headers request headers with lower-case names; {@code authorization} is masked
 * @param bodySize body size in bytes
 * @param json the body parsed as JSON, or null when it is not JSON
 * @param form a {@code multipart/form-data} body (the OSS upload form) summarised part by part,
 *     never its raw bytes; empty for any other body
 * @param endpoint which endpoint it addressed
 * @param status the HTTP status answered, or 0 when the connection was dropped
 * @param requestId the {@code request_id} answered, or null
 * @param faults the ids of the fault rules that fired on this request (see {@link Faults.Rule#id()})
 */
public record RecordedRequest(
        Instant at,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        long bodySize,
        JsonNode json,
        List<FormPart> form,
        Endpoint endpoint,
        int status,
        String requestId,
        List<String> faults) {

    /**
     * One part of a multipart form as the journal keeps it.
     *
     * @param name the field name
     * @param filename the file name of a file part, or null
     * @param contentType the part's own {@code Content-Type}, or null
     * @param bytes the size of the part's content
     * @param value the text of a field (long ones shortened; {@code Signature}, {@code OSSAccessKeyId}
     *     and other credentials masked like the API key); null for a file part, whose bytes are not kept
     */
    public record FormPart(String name, String filename, String contentType, long bytes, String value) {}

    /** The part of {@link #form()} with this field name (case-insensitive), or null. */
    public FormPart formPart(String name) {
        for (FormPart p : form) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
