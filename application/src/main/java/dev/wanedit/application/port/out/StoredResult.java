package dev.wanedit.application.port.out;

import java.util.Optional;

/** Where a result image went: its location (path or URL), digest and size, and its sidecar if written apart. */
public record StoredResult(String location, String sha256, long bytes, Optional<String> sidecar) {
}
