package dev.wanedit.bootstrap;

import dev.wanedit.adapter.storage.jobs.PostgresCredentials;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.adapter.storage.oss.OssSettings;
import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.bootstrap.ConfigSources.Setting;
import dev.wanedit.domain.request.HostKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of single settings, each adding a message that names the setting and the rule to
 * {@code problems}: endpoints, the journal's file or server, folders, paths, OSS.
 */
final class ConfigChecks {

    private ConfigChecks() {
    }

    /**
     * A PostgreSQL journal URL: {@code postgresql://host[:port]/database[?params]} (or
     * {@code jdbc:postgresql://...}), with no password in it (refused with a hint rather than masked:
     * a password in a setting ends up in shell history and process lists); user and password come
     * from the environment. The setting is quoted with any password masked.
     */
    static Optional<AppConfig.JournalServer> journalServer(Setting s, Map<String, String> env, List<String> problems) {
        try {
            PostgresTarget target = PostgresTarget.parse(s.value());
            return Optional.of(new AppConfig.JournalServer(target, PostgresCredentials.fromEnvironment(env, target)));
        } catch (IllegalArgumentException e) {
            String masked = s.value().trim().replaceAll("(?i)([?&](?:ssl)?password=)[^&#\\s]*", "$1***");
            problems.add(new Setting(masked, s.source()).quoted() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * An endpoint must be a plain http(s) base URL: a scheme, a host, an optional valid port and
     * path; no user info (wanedit authenticates with the key as a bearer header, and a password in a
     * URL ends up in shell history and process lists), no query and no fragment (they would be lost
     * or mangled when API paths are appended).
     */
    static Optional<URI> endpoint(Setting s, List<String> problems) {
        String text = s.value().trim();
        String example = "; e.g. http://127.0.0.1:8089 for an emulator or https://dashscope.aliyuncs.com";
        if (!text.matches("(?i)^[a-z][a-z0-9+.\\-]*://.*")) {
            problems.add(s.quoted() + ": has no scheme; it must start with http:// or https://" + example);
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(s.quoted() + ": is not a valid URL (" + Redaction.redact(e.getReason()) + " at index " + e.getIndex() + ")");
            return Optional.empty();
        }
        List<String> wrong = new ArrayList<>();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            wrong.add("its scheme is " + scheme + ":// but only http:// and https:// are supported");
        }
        if (uri.getRawUserInfo() != null) {
            wrong.add("it must not contain user info (user:password@): wanedit sends the API key as a bearer header, and a "
                    + "password in a URL leaks into shell history and logs");
        }
        if (uri.getHost() == null) {
            wrong.add(portProblem(uri).orElse("it has no valid host name (an ASCII name or IP address; write an "
                    + "international name in its xn-- form)"));
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
            wrong.add("port " + uri.getPort() + " is out of range (1 to 65535)");
        } else if (HostKind.of(uri.getHost()) == HostKind.INVALID) {
            wrong.add("host " + uri.getHost() + " is not a valid host name");
        }
        if (uri.getRawQuery() != null) {
            wrong.add("it must not have a query (?" + Redaction.redact(uri.getRawQuery()) + "); give the base URL only");
        }
        if (uri.getRawFragment() != null) {
            wrong.add("it must not have a fragment (#…); give the base URL only");
        }
        if (!wrong.isEmpty()) {
            problems.add(s.quoted() + ": " + String.join("; ", wrong));
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** {@code URI} leaves the host null for {@code host:99999999999}; say it is the port. */
    private static Optional<String> portProblem(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority != null && authority.matches(".*:[0-9]+$")) {
            return Optional.of("port " + authority.substring(authority.lastIndexOf(':') + 1) + " is out of range (1 to 65535)");
        }
        return Optional.empty();
    }

    /**
     * OSS settings: an endpoint alone lets inputs come from the user's own bucket; a bucket as well
     * stores results there.
     */
    static Optional<AppConfig.OssConfig> oss(ConfigSources sources, List<String> problems) {
        Setting bucket = sources.pick(null, null, "OSS_BUCKET", "oss.bucket");
        Setting ossEndpoint = sources.pick(null, null, "OSS_ENDPOINT", "oss.endpoint");
        if (bucket == null && ossEndpoint == null) {
            return Optional.empty();
        }
        if (ossEndpoint == null) {
            problems.add("OSS_BUCKET is set but OSS_ENDPOINT (or oss.endpoint in the config file) is not");
            return Optional.empty();
        }
        Setting prefix = sources.pick(null, null, "OSS_PREFIX", "oss.prefix");
        int before = problems.size();
        String e = ossEndpoint.value().trim();
        try {
            URI u = new URI(e.contains("://") ? e : "https://" + e);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getPort() == 0 || u.getPort() > 65535) {
                problems.add(ossEndpoint.quoted() + ": must be an OSS endpoint such as https://oss-cn-beijing.aliyuncs.com "
                        + "(http or https, a host, no user info, query or fragment); credentials come from "
                        + "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
            }
        } catch (URISyntaxException ex) {
            problems.add(ossEndpoint.quoted() + ": is not a valid URL (" + ex.getReason() + ")");
        }
        try {
            if (bucket != null) {
                OssSettings.of(e, bucket.value().trim());
            }
        } catch (IllegalArgumentException ex) {
            if (problems.size() == before) {
                problems.add(bucket.quoted() + ": " + ex.getMessage()
                        + " (3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit)");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new AppConfig.OssConfig(e, bucket == null ? null : bucket.value().trim(),
                prefix == null ? "wanedit/" : prefix.value()));
    }

    /**
     * The journal's file must not be a folder or a special file, and its folder must be a folder
     * wanedit can create or write in.
     */
    static void checkJournal(Path journal, Setting source, boolean underHome, List<String> problems) {
        if (Files.exists(journal) && RegularFiles.problem(journal).isPresent()) {
            problems.add(source.quoted() + ": the journal " + journal + " " + RegularFiles.problem(journal).get());
            return;
        }
        Path folder = journal.toAbsolutePath().getParent();
        if (folder != null) {
            checkFolder(folder, source, underHome ? "the job journal is kept in it" : "it holds the job journal", problems);
        }
    }

    /** A folder that exists and is writable, or that can be created under a writable folder. */
    static void checkFolder(Path folder, Setting source, String why, List<String> problems) {
        Path p = folder.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing exists, not even the root: let the adapter report it
        }
        if (!Files.isDirectory(existing)) {
            String what = existing.equals(p) ? "is" : "cannot be created: " + existing + " is";
            problems.add(source.quoted() + ": " + p + " " + what + " a file, not a folder (" + why + ")");
        } else if (!Files.isWritable(existing)) {
            String what = existing.equals(p) ? "is not writable" : "cannot be created: " + existing + " is not writable";
            problems.add(source.quoted() + ": " + p + " " + what + " (" + why + ")");
        }
    }

    /** A setting as a path, or null after naming it in {@code problems}. */
    static Path path(Setting s, List<String> problems) {
        try {
            return Path.of(s.value());
        } catch (InvalidPathException e) {
            problems.add(s.quoted() + ": is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }
}
