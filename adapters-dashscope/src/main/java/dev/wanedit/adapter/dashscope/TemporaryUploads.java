package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wanedit.adapter.dashscope.dto.UploadPolicyResponse;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SDKs' temporary upload of local files (protocol §3.3): one upload certificate per request
 * ({@code GET /uploads?action=getPolicy&model=}), a multipart form POST per file to the returned OSS
 * host (no DashScope key), and {@code oss://} + key as the file's URL. Completed uploads are cached
 * by content digest, model, region and API base for {@code uploadValidity}, so a reference image
 * shared by many jobs is uploaded once. Object keys carry the digest, so two files with the same
 * name never collide.
 */
final class TemporaryUploads {

    /** What makes an upload reusable: the same bytes, for the same model, in the same region and endpoint. */
    record CacheKey(String sha256, String model, Region region, String apiBase) {
    }

    private final DashScopeApi api;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final boolean plainHttpUploadHost;
    private final Cache<CacheKey, String> cache;

    TemporaryUploads(DashScopeApi api, HttpClient http, ObjectMapper json, DashScopeSettings settings) {
        this.api = api;
        this.http = http;
        this.json = json;
        this.timeout = settings.uploadTimeout();
        // An OSS host on plain http is only acceptable when the caller chose an endpoint (an emulator).
        this.plainHttpUploadHost = settings.endpoint().isPresent();
        Clock clock = settings.clock();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.uploadValidity())
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .maximumSize(10_000)
                .build();
    }

    /** A completed upload of these bytes, if one is still valid. */
    Optional<String> cached(CacheKey key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    /** Starts the uploads of one request; the certificate is fetched on the first upload only. */
    Session session(URI apiBase, Region region, String model, Map<String, Object> authHeaders) {
        return new Session(apiBase, region, model, authHeaders);
    }

    /** The hex SHA-256 of a file. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw unreadable(file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static RemoteServiceException unreadable(Path file, IOException e) {
        return new RemoteServiceException.Rejected("cannot read input file " + file.getFileName() + ": "
                + e.getClass().getSimpleName(), "LocalFileUnreadable", "", 0);
    }

    /** The object name part of a key: the digest prefix and an ASCII-only file name (no Chinese in URLs, §1.2). */
    static String objectName(String sha256, Path file) {
        return objectName(sha256, file, null);
    }

    /**
     * As above, with the extension of the real format (the content's, read by the inspector): a JPEG
     * named {@code photo.png} is stored as {@code …-photo.jpg}, so nothing downstream takes the name's
     * word for the type.
     */
    static String objectName(String sha256, Path file, ImageFormat format) {
        Path n = file.getFileName();
        String name = n == null ? "image" : n.toString();
        if (format != null && !ImageFormat.fromFileName(name).equals(java.util.Optional.of(format))) {
            int dot = name.lastIndexOf('.');
            boolean imageExtension = dot > 0 && ImageFormat.fromFileName(name).isPresent();
            name = (imageExtension ? name.substring(0, dot) : name) + "." + format.fileExtension();
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '_' || c == '.')) {
            safe = "image";
        }
        return sha256.substring(0, 16) + "-" + safe;
    }

    /** The uploads of one request. Not thread-safe; one per submit. */
    final class Session {
        private final URI apiBase;
        private final Region region;
        private final String model;
        private final Map<String, Object> authHeaders;
        private UploadPolicyResponse.Policy policy;

        private Session(URI apiBase, Region region, String model, Map<String, Object> authHeaders) {
            this.apiBase = apiBase;
            this.region = region;
            this.model = model;
            this.authHeaders = authHeaders;
        }

        /** Uploads a local file (or reuses a valid earlier upload of the same bytes) and returns its oss:// URL. */
        String upload(Path file, Optional<String> knownSha256, ImageFormat format) {
            String sha = knownSha256.orElseGet(() -> sha256(file));
            return cache.get(new CacheKey(sha, model, region, apiBase.toString()), k -> send(file, sha, format));
        }

        private UploadPolicyResponse.Policy policy() {
            if (policy == null) {
                UploadPolicyResponse reply;
                try {
                    reply = Calls.run(Calls.Kind.OTHER, "getting an upload certificate",
                            () -> api.getUploadPolicy(apiBase, authHeaders, model));
                } catch (RemoteServiceException.Unavailable e) {
                    // say which call: the certificate for the upload, not the edit itself (nothing was created)
                    throw new RemoteServiceException.Unavailable("getting an upload certificate for the local input "
                            + "files failed, so nothing was created: " + e.getMessage(), e.code(), e.requestId(),
                            e.httpStatus(), e, e.retryAfter());
                }
                if (reply == null || reply.data() == null || reply.data().uploadHost() == null
                        || reply.data().uploadDir() == null) {
                    throw new RemoteServiceException.Unavailable("the upload certificate reply had no upload host",
                            "", reply == null ? "" : nz(reply.requestId()), 200, null);
                }
                policy = reply.data();
            }
            return policy;
        }

        /**
         * Uploads one file. A refusal that a fresh certificate or a second try may cure (OSS 403:
         * an expired or stale policy or signature; 408, 429, 5xx; no answer) is tried once more with
         * a new certificate, hence a new object key, so an upload that did land the first time never
         * collides with itself. What still fails is an upload error naming the file and what OSS said:
         * {@link RemoteServiceException.Unavailable} (nothing was created; try again later), or
         * {@link RemoteServiceException.Rejected} for a form OSS will never take (400, 409, 413...).
         * Never {@code Unauthorized}: the upload carries no DashScope key. This is the adapter's one
         * retry (the application owns the others): it does not repeat a DashScope call but replaces a
         * certificate the adapter itself fetched, at the cost of one more certificate request.
         */
        private String send(Path file, String sha, ImageFormat format) {
            Attempt first = attempt(file, sha, format);
            if (first.key != null) {
                return "oss://" + first.key;
            }
            if (!first.mayPassOnRetry()) {
                throw first.failure(file, false);
            }
            policy = null; // a fresh certificate: a new upload_dir, signature and expiry
            Attempt second = attempt(file, sha, format);
            if (second.key != null) {
                return "oss://" + second.key;
            }
            throw second.failure(file, true);
        }

        /** One upload try: the key on success, else what went wrong. */
        private final class Attempt {
            final String key;
            final int status;
            final DashScopeErrors.ErrorInfo info;
            final IOException io;

            Attempt(String key, int status, DashScopeErrors.ErrorInfo info, IOException io) {
                this.key = key;
                this.status = status;
                this.info = info;
                this.io = io;
            }

            boolean mayPassOnRetry() {
                return io != null || status == 403 || status == 408 || status == 429 || status >= 500;
            }

            RemoteServiceException failure(Path file, boolean retried) {
                String name = String.valueOf(file.getFileName());
                String again = retried ? " (tried twice, the second time with a fresh upload certificate)" : "";
                if (io != null) {
                    return new RemoteServiceException.Unavailable("uploading " + name + " to DashScope's temporary "
                            + "storage failed" + again + ": " + Calls.describe(io) + "; nothing was created", "", "", 0, io);
                }
                StringBuilder said = new StringBuilder("OSS answered HTTP ").append(status);
                if (!info.code().isEmpty()) {
                    said.append(' ').append(info.code());
                }
                if (!info.message().isEmpty()) {
                    said.append(": ").append(info.message());
                }
                String text = "uploading " + name + " to DashScope's temporary storage was refused" + again + ": " + said
                        + "; nothing was created";
                if (mayPassOnRetry()) {
                    return new RemoteServiceException.Unavailable(text + ", so trying again later may work", info.code(),
                            info.requestId(), status, null);
                }
                return new RemoteServiceException.Rejected(text, info.code(), info.requestId(), status);
            }
        }

        private Attempt attempt(Path file, String sha, ImageFormat format) {
            UploadPolicyResponse.Policy p = policy();
            URI host = uploadHost(p.uploadHost());
            String key = stripSlashes(p.uploadDir()) + "/" + objectName(sha, file, format);
            Map<String, String> fields = new LinkedHashMap<>(); // JAVA and PY order (protocol §3.3)
            fields.put("OSSAccessKeyId", nz(p.ossAccessKeyId()));
            fields.put("Signature", nz(p.signature()));
            fields.put("policy", nz(p.policy()));
            fields.put("key", key);
            fields.put("x-oss-object-acl", nz(p.xOssObjectAcl()));
            fields.put("x-oss-forbid-overwrite", nz(p.xOssForbidOverwrite()));
            fields.put("success_action_status", "200");
            fields.put("x-oss-content-type", format == null ? "application/octet-stream" : format.mimeType());
            String boundary = "----wanedit" + UUID.randomUUID().toString().replace("-", "");
            StringBuilder head = new StringBuilder();
            fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                    .append(value).append("\r\n"));
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(objectName(sha, file, format))
                    .append("\"\r\n")
                    .append("Content-Type: ").append(format == null ? "application/octet-stream" : format.mimeType())
                    .append("\r\n\r\n");
            String tail = "\r\n--" + boundary + "--\r\n";
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(host)
                        .timeout(timeout)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.concat(
                                HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                                HttpRequest.BodyPublishers.ofFile(file),
                                HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8))))
                        .build();
            } catch (IOException e) {
                throw unreadable(file, e);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return new Attempt(null, 0, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteServiceException.Unavailable("uploading " + file.getFileName() + " was interrupted",
                        "", "", 0, e);
            }
            int status = response.statusCode();
            if (status != 200 && status != 204) {
                return new Attempt(null, status, DashScopeErrors.parse(json, response.body(),
                        response.headers().firstValue("x-oss-request-id").orElse(null)), null);
            }
            return new Attempt(key, status, null, null);
        }

        private URI uploadHost(String text) {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || (scheme.equals("http") && plainHttpUploadHost))) {
                throw new RemoteServiceException.Unavailable("the upload certificate names an upload host that is not "
                        + "https: " + uri.getHost(), "", "", 200, null);
            }
            return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
        }
    }

    private static String stripSlashes(String s) {
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        return t;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
