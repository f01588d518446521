package dev.wanedit.adapter.storage.jobs;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a PostgreSQL journal is: host, port, database and connection parameters, parsed from
 * {@code postgresql://host[:port]/database[?params]} (also {@code postgres://} and
 * {@code jdbc:postgresql://}). A user name may be in the URL ({@code postgresql://user@host/db} or
 * {@code ?user=}); a password may not: it would end up in shell history, process lists and
 * messages, so it comes from the environment ({@link PostgresCredentials}). Nothing here holds a
 * secret, so {@link #toString()} may show everything.
 */
public record PostgresTarget(String host, int port, String database, Optional<String> user, Map<String, String> params) {

    public static final int DEFAULT_PORT = 5432;
    /** Parameters that would carry a secret or defeat the journal's own settings. */
    private static final List<String> REFUSED = List.of("password", "sslpassword");

    public PostgresTarget {
        params = Map.copyOf(params);
    }

    /** Whether a journal setting names PostgreSQL rather than a SQLite file. */
    public static boolean isPostgres(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("postgresql://") || s.startsWith("postgres://") || s.startsWith("jdbc:postgresql:");
    }

    /**
     * Parses a journal URL; every problem is listed in one {@link IllegalArgumentException}, whose
     * message never repeats a password that was given.
     */
    public static PostgresTarget parse(String setting) {
        String text = setting.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        String rest = lower.startsWith("jdbc:postgresql://") ? text.substring("jdbc:postgresql://".length())
                : lower.startsWith("postgresql://") ? text.substring("postgresql://".length())
                : lower.startsWith("postgres://") ? text.substring("postgres://".length()) : null;
        if (rest == null) {
            throw new IllegalArgumentException("must look like postgresql://host[:port]/database (also jdbc:postgresql://...)");
        }
        List<String> problems = new ArrayList<>();
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason().replaceAll(":[^@/]*@", ":***@")
                    + "); it must look like postgresql://host[:port]/database");
        }
        Optional<String> user = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                problems.add("it must not contain a password (user:password@): set WANEDIT_JOURNAL_PASSWORD (or PGPASSWORD) "
                        + "in the environment instead, so that it never reaches shell history, process lists or messages");
                userInfo = userInfo.substring(0, colon);
            }
            if (!userInfo.isEmpty()) {
                user = Optional.of(decode(userInfo));
            }
        }
        String host = uri.getHost();
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        java.util.regex.Matcher hugePort = java.util.regex.Pattern.compile(".*:([0-9]{6,}|[7-9][0-9]{4}|6[6-9][0-9]{3}|65[6-9][0-9]{2}"
                + "|655[4-9][0-9]|6553[6-9])$").matcher(authority);
        if (host == null && hugePort.matches()) {
            problems.add("port " + hugePort.group(1) + " is out of range (1 to 65535)");
        } else if (host == null || host.isBlank()) {
            problems.add("it has no host (postgresql://host[:port]/database)");
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
            problems.add("port " + uri.getPort() + " is out of range (1 to 65535)");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty()) {
            problems.add("it names no database (postgresql://host[:port]/database)");
        } else if (database.contains("/")) {
            problems.add("database \"" + database + "\" contains a slash");
        }
        if (uri.getRawFragment() != null) {
            problems.add("it must not have a fragment (#...)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (REFUSED.contains(k.toLowerCase(Locale.ROOT))) {
                    problems.add("it must not carry ?" + k + "=: set WANEDIT_JOURNAL_PASSWORD (or PGPASSWORD) in the environment "
                            + "instead");
                } else if (k.equalsIgnoreCase("user")) {
                    user = Optional.of(v);
                } else {
                    params.put(k, v);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PostgresTarget(host, port, database, user, params);
    }

    /** The JDBC URL, without user or password (both go in the connection properties). */
    String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(encode(database));
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = "&";
        }
        return b.toString();
    }

    /** {@code host:port/database}, for messages. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
