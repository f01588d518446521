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
    Endpoint endpoint,
    int status,
    String requestId,
    List<String> faults) {

  /** The first value of a header (name case-insensitive), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
