package dev.wanedit.adapter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The studio's door: a request passes only when it carries the token in its path (compared in
 * constant time), names this server in {@code Host} (DNS rebinding: a page of another site that
 * made its name resolve to 127.0.0.1 still sends its own name), and, when a browser says where it
 * comes from ({@code Origin}, {@code Sec-Fetch-Site}), comes from the studio's own pages. There
 * are no CORS answers, so other sites' scripts can never read a reply.
 */
final class Guard {

    private final byte[] prefix;
    private final Set<String> hosts;
    private final Set<String> origins;

    /**
     * @param token the random token every request's path starts with ({@code /t/TOKEN/})
     * @param port the port the studio listens on
     */
    Guard(String token, int port) {
        this.prefix = ("/t/" + token + "/").getBytes(StandardCharsets.US_ASCII);
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
    }

    /** The path after {@code /t/TOKEN/}, or null when the request must be refused. */
    String admit(String method, String rawPath, List<String> host, List<String> origin, List<String> fetchSite) {
        if (host == null || host.size() != 1 || !hosts.contains(host.get(0).toLowerCase(Locale.ROOT))) {
            return null;
        }
        if (origin != null && !origin.isEmpty() && (origin.size() != 1 || !origins.contains(origin.get(0)))) {
            return null;
        }
        if (fetchSite != null && !fetchSite.isEmpty()) {
            String site = fetchSite.get(0);
            if (!site.equals("same-origin") && !site.equals("none")) {
                return null;
            }
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            return null; // no OPTIONS (CORS preflight), no PUT, no DELETE
        }
        byte[] path = rawPath.getBytes(StandardCharsets.UTF_8);
        if (path.length < prefix.length) {
            MessageDigest.isEqual(prefix, prefix); // same work for short paths
            return null;
        }
        byte[] given = java.util.Arrays.copyOf(path, prefix.length);
        if (!MessageDigest.isEqual(given, prefix)) {
            return null;
        }
        return rawPath.substring(prefix.length);
    }
}
