package dev.wanedit.adapter.storage.oss;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small OSS written for the tests, on 127.0.0.1 with path-style addressing (what the SDK uses
 * for an IP endpoint): PutObject, InitiateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload, GetObject (with {@code Range}), HeadObject, DeleteObject, and presigned
 * GET. Every request must carry a valid V1 signature (the SDK's default):
 * {@code Authorization: OSS id:base64(hmac-sha1)} over VERB, Content-MD5, Content-Type, Date, the
 * sorted {@code x-oss-} headers and the canonical resource {@code /bucket/key?subresources}; or,
 * presigned, {@code OSSAccessKeyId}, {@code Expires} and {@code Signature} in the query with
 * Expires in the Date position. Content-MD5 is checked against the body,
 * {@code x-oss-forbid-overwrite} is honoured, and CRC-64 is returned as OSS does. Written from the
 * OSS API reference, not from the SDK's code.
 *
 * <p>It behaves like OSS where the tests need it: with {@link #onlyBuckets} other buckets answer
 * 404 {@code NoSuchBucket}; an unknown access key id answers 403 {@code InvalidAccessKeyId}, a bad
 * signature 403 {@code SignatureDoesNotMatch}; errors to a HEAD have no body (as in HTTP), and carry
 * the error XML base64-encoded in {@code x-oss-err} as OSS does unless {@link #errorHeaderOnHead}
 * is switched off (older OSS-compatible servers); {@link #userMetadataOnHead} off answers HEAD
 * without {@code x-oss-meta-*} (some OSS-compatible servers); {@link #fail} injects an answer
 * (403 with or without a body, 5xx, ...) for the next requests matching a method and key, after
 * the signature check, so that "5xx then success" and "the sidecar PUT failed" can be staged. It
 * is public for the end-to-end tests of bootstrap, which run it in the test JVM and point the real
 * jar at it with {@code OSS_ENDPOINT}.
 */
public final class FakeOssServer implements AutoCloseable {

    /** One HTTP request as received, with whether its signature was valid. */
    public record Received(String method, String path, String query, Map<String, String> headers, boolean signatureValid,
                           boolean presigned) {

        /** The {@code Range} header, or null. */
        public String range() {
            return headers.get("range");
        }
    }

    /** An injected answer for the next {@code times} requests of {@code method} whose key matches {@code key}. */
    private record Failure(String method, Pattern key, int status, String code, boolean body, AtomicInteger remaining) {
    }

    private record StoredObject(byte[] data, Map<String, String> headers, String etag, Instant modified) {
    }

    private static final class Upload {
        final String bucket;
        final String key;
        final Map<String, String> headers;
        final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();

        Upload(String bucket, String key, Map<String, String> headers) {
            this.bucket = bucket;
            this.key = key;
            this.headers = headers;
        }
    }

    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US);
    private static final Set<String> SUBRESOURCES = Set.of("acl", "uploads", "uploadId", "partNumber", "security-token",
            "response-content-type", "response-content-language", "response-expires", "response-cache-control",
            "response-content-disposition", "response-content-encoding", "x-oss-process", "append", "position",
            "delete", "tagging", "objectMeta", "symlink", "restore", "versionId", "location", "cors", "website");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, String> secrets;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private volatile Set<String> buckets;
    private volatile boolean errorHeaderOnHead = true;
    private volatile boolean userMetadataOnHead = true;
    private volatile boolean failPartUploads;

    /** A server on 127.0.0.1 that knows these access key ids and their secrets; every bucket exists. */
    public FakeOssServer(Map<String, String> accessKeySecrets) throws IOException {
        this.secrets = Map.copyOf(accessKeySecrets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Forgets the requests received so far. */
    public void clearReceived() {
        received.clear();
    }

    /** Keys of the stored objects in a bucket, sorted. */
    public List<String> keys(String bucket) {
        return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/")).map(k -> k.substring(bucket.length() + 1))
                .sorted().toList();
    }

    public byte[] object(String bucket, String key) {
        StoredObject o = objects.get(bucket + "/" + key);
        return o == null ? null : o.data;
    }

    public Map<String, String> objectHeaders(String bucket, String key) {
        return objects.get(bucket + "/" + key).headers;
    }

    /** Puts an object directly, as if a user had uploaded it with another tool. */
    public void seed(String bucket, String key, byte[] data, String contentType) {
        objects.put(bucket + "/" + key, new StoredObject(data, Map.of("content-type", contentType), etag(data), Instant.now()));
    }

    /** Removes an object directly, as if a user had deleted it with another tool. */
    public void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    /** Only these buckets exist from now on; requests for any other answer 404 NoSuchBucket. */
    public void onlyBuckets(String... names) {
        this.buckets = Set.of(names);
    }

    /** Whether an error answer to a HEAD carries the error XML in {@code x-oss-err} (as OSS does; default on). */
    public void errorHeaderOnHead(boolean on) {
        this.errorHeaderOnHead = on;
    }

    /** Whether HEAD answers carry the object's {@code x-oss-meta-*} headers (default on; off like some OSS-compatible servers). */
    public void userMetadataOnHead(boolean on) {
        this.userMetadataOnHead = on;
    }

    /**
     * The next {@code times} requests of {@code method} (GET, HEAD, PUT, POST, DELETE) whose key
     * matches {@code keyRegex} are answered {@code status} with the OSS error {@code code}, with an
     * XML body, or none when {@code body} is false (a HEAD never has one); checked after the
     * signature, so a wrong secret is still refused as such.
     */
    public void fail(String method, String keyRegex, int times, int status, String code, boolean body) {
        failures.add(new Failure(method, Pattern.compile(keyRegex), status, code, body, new AtomicInteger(times)));
    }

    /** Forgets every injected failure and bucket restriction. */
    public void reset() {
        failures.clear();
        buckets = null;
        errorHeaderOnHead = true;
        userMetadataOnHead = true;
        failPartUploads = false;
    }

    int openUploads() {
        return uploads.size();
    }

    void failPartUploads(boolean fail) {
        this.failPartUploads = fail;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            Map<String, String> query = parseQuery(rawQuery);
            Map<String, String> headers = lower(ex.getRequestHeaders());
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^/([^/]+)/(.+)$").matcher(path);
            if (!m.matches()) {
                error(ex, 400, "InvalidArgument", "path-style /bucket/key expected, got " + path, method);
                return;
            }
            String bucket = m.group(1);
            String key = m.group(2);

            boolean presigned = query.containsKey("Signature");
            String problem = presigned ? checkPresigned(method, bucket, key, query, headers)
                    : checkAuthorization(method, bucket, key, query, headers);
            received.add(new Received(method, path, rawQuery, headers, problem == null, presigned));
            if (problem != null) {
                String code = problem.startsWith("Request has expired") ? "AccessDenied"
                        : problem.startsWith("unknown access key id") ? "InvalidAccessKeyId"
                        : problem.startsWith("RequestTimeTooSkewed") ? "RequestTimeTooSkewed" : "SignatureDoesNotMatch";
                error(ex, 403, code, problem, method);
                return;
            }
            Set<String> known = buckets;
            if (known != null && !known.contains(bucket)) {
                error(ex, 404, "NoSuchBucket", "The specified bucket does not exist.", method);
                return;
            }
            for (Failure f : failures) {
                if (f.method.equals(method) && f.key.matcher(key).matches() && f.remaining.getAndDecrement() > 0) {
                    if (f.body) {
                        error(ex, f.status, f.code, "injected by the test", method);
                    } else {
                        respond(ex, f.status, null, -1);
                    }
                    return;
                }
            }
            if (headers.containsKey("content-md5")) {
                String actual = Base64.getEncoder().encodeToString(md5(body));
                if (!actual.equals(headers.get("content-md5"))) {
                    error(ex, 400, "InvalidDigest", "The Content-MD5 you specified is not valid.", method);
                    return;
                }
            }
            route(ex, method, bucket, key, query, headers, body);
        } catch (RuntimeException e) {
            error(ex, 500, "InternalError", e.toString(), ex.getRequestMethod());
        }
    }

    private void route(HttpExchange ex, String method, String bucket, String key, Map<String, String> q,
                       Map<String, String> h, byte[] body) throws IOException {
        String id = bucket + "/" + key;
        switch (method) {
            case "PUT":
                if (q.containsKey("uploadId")) {
                    uploadPart(ex, q, body);
                } else {
                    putObject(ex, id, h, body);
                }
                return;
            case "POST":
                if (q.containsKey("uploads")) {
                    initiate(ex, bucket, key, h);
                } else if (q.containsKey("uploadId")) {
                    complete(ex, id, q.get("uploadId"), h, body);
                } else {
                    error(ex, 400, "InvalidArgument", "unsupported POST", method);
                }
                return;
            case "GET":
            case "HEAD": {
                StoredObject o = objects.get(id);
                if (o == null) {
                    error(ex, 404, "NoSuchKey", "The specified key does not exist.", method);
                    return;
                }
                Headers out = ex.getResponseHeaders();
                boolean head = method.equals("HEAD");
                o.headers.forEach((k, v) -> {
                    if (!(head && !userMetadataOnHead && k.startsWith("x-oss-meta-"))) {
                        out.set(k, v);
                    }
                });
                out.set("ETag", o.etag);
                out.set("Last-Modified", RFC1123.format(ZonedDateTime.ofInstant(o.modified, ZoneOffset.UTC)));
                out.set("x-oss-object-type", "Normal");
                out.set("Accept-Ranges", "bytes");
                Matcher range = h.containsKey("range") ? Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(h.get("range")) : null;
                if (!head && range != null && range.matches() && Long.parseLong(range.group(1)) < o.data.length) {
                    // A valid range: 206 with just those bytes (OSS ignores an invalid range and answers 200 with all).
                    int from = Integer.parseInt(range.group(1));
                    int to = range.group(2).isEmpty() ? o.data.length - 1
                            : (int) Math.min(Long.parseLong(range.group(2)), o.data.length - 1L);
                    byte[] part = java.util.Arrays.copyOfRange(o.data, from, to + 1);
                    out.set("Content-Range", "bytes " + from + "-" + to + "/" + o.data.length);
                    respond(ex, 206, part, part.length);
                    return;
                }
                out.set("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(o.data)));
                respond(ex, 200, head ? null : o.data, o.data.length);
                return;
            }
            case "DELETE":
                if (q.containsKey("uploadId")) {
                    if (uploads.remove(q.get("uploadId")) == null) {
                        error(ex, 404, "NoSuchUpload", "The specified upload does not exist.", method);
                        return;
                    }
                } else {
                    objects.remove(id);
                }
                respond(ex, 204, null, -1);
                return;
            default:
                error(ex, 405, "MethodNotAllowed", method, method);
        }
    }

    private void putObject(HttpExchange ex, String id, Map<String, String> h, byte[] body) throws IOException {
        StoredObject o = new StoredObject(body, objectHeaders(h), etag(body), Instant.now());
        if (forbidsOverwrite(h)) {
            if (objects.putIfAbsent(id, o) != null) {
                error(ex, 409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", "PUT");
                return;
            }
        } else {
            objects.put(id, o);
        }
        ex.getResponseHeaders().set("ETag", o.etag);
        ex.getResponseHeaders().set("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(body)));
        respond(ex, 200, null, -1);
    }

    private void initiate(HttpExchange ex, String bucket, String key, Map<String, String> h) throws IOException {
        String uploadId = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        uploads.put(uploadId, new Upload(bucket, key, h));
        xml(ex, 200, "<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>" + esc(key) + "</Key><UploadId>"
                + uploadId + "</UploadId></InitiateMultipartUploadResult>");
    }

    private void uploadPart(HttpExchange ex, Map<String, String> q, byte[] body) throws IOException {
        Upload u = uploads.get(q.get("uploadId"));
        if (u == null) {
            error(ex, 404, "NoSuchUpload", "The specified upload does not exist.", "PUT");
            return;
        }
        if (failPartUploads) {
            error(ex, 400, "InvalidArgument", "part uploads are switched off in this test", "PUT");
            return;
        }
        u.parts.put(Integer.parseInt(q.get("partNumber")), body);
        ex.getResponseHeaders().set("ETag", etag(body));
        ex.getResponseHeaders().set("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(body)));
        respond(ex, 200, null, -1);
    }

    private void complete(HttpExchange ex, String id, String uploadId, Map<String, String> h, byte[] body) throws IOException {
        Upload u = uploads.get(uploadId);
        if (u == null) {
            error(ex, 404, "NoSuchUpload", "The specified upload does not exist.", "POST");
            return;
        }
        String xml = new String(body, StandardCharsets.UTF_8);
        Matcher p = Pattern.compile("<Part>\\s*<PartNumber>(\\d+)</PartNumber>\\s*<ETag>([^<]+)</ETag>\\s*</Part>").matcher(xml);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        int last = 0;
        while (p.find()) {
            int n = Integer.parseInt(p.group(1));
            String etag = p.group(2).replace("&quot;", "\"");
            byte[] part = u.parts.get(n);
            if (n <= last || part == null || !etag(part).equals(etag)) {
                error(ex, 400, "InvalidPart", "part " + n + " is missing, out of order or has another ETag", "POST");
                return;
            }
            all.writeBytes(part);
            last = n;
        }
        if (last == 0) {
            error(ex, 400, "MalformedXML", "no parts", "POST");
            return;
        }
        byte[] data = all.toByteArray();
        String etag = "\"" + HexFormat.of().formatHex(md5(data)).toUpperCase(Locale.ROOT) + "-" + last + "\"";
        StoredObject o = new StoredObject(data, objectHeaders(u.headers), etag, Instant.now());
        if (forbidsOverwrite(h) || forbidsOverwrite(u.headers)) {
            if (objects.putIfAbsent(id, o) != null) {
                error(ex, 409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", "POST");
                return;
            }
        } else {
            objects.put(id, o);
        }
        uploads.remove(uploadId);
        ex.getResponseHeaders().set("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(data)));
        xml(ex, 200, "<CompleteMultipartUploadResult><Location>" + endpoint() + "/" + esc(id) + "</Location><Bucket>" + u.bucket
                + "</Bucket><Key>" + esc(u.key) + "</Key><ETag>" + esc(etag) + "</ETag></CompleteMultipartUploadResult>");
    }

    // ---- signatures ----

    private String checkAuthorization(String method, String bucket, String key, Map<String, String> q, Map<String, String> h) {
        String auth = h.get("authorization");
        if (auth == null || !auth.startsWith("OSS ")) {
            return "missing or non-V1 Authorization header: " + auth;
        }
        int colon = auth.lastIndexOf(':');
        String accessKeyId = auth.substring(4, colon);
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            return "unknown access key id " + accessKeyId;
        }
        String date = h.get("date");
        if (date == null) {
            return "missing Date header";
        }
        Instant sent = ZonedDateTime.parse(date, RFC1123).toInstant();
        if (Math.abs(sent.getEpochSecond() - Instant.now().getEpochSecond()) > 15 * 60) {
            return "RequestTimeTooSkewed: " + date;
        }
        String expected = sign(secret, stringToSign(method, h.getOrDefault("content-md5", ""), h.getOrDefault("content-type", ""),
                date, h, bucket, key, q));
        return expected.equals(auth.substring(colon + 1)) ? null : "The request signature we calculated does not match";
    }

    private String checkPresigned(String method, String bucket, String key, Map<String, String> q, Map<String, String> h) {
        String secret = secrets.get(q.get("OSSAccessKeyId"));
        if (secret == null) {
            return "unknown access key id " + q.get("OSSAccessKeyId");
        }
        String expires = q.get("Expires");
        if (expires == null || Long.parseLong(expires) < Instant.now().getEpochSecond()) {
            return "Request has expired: Expires " + expires;
        }
        String expected = sign(secret, stringToSign(method, "", "", expires, Map.of(), bucket, key, q));
        return expected.equals(q.get("Signature")) ? null : "The request signature we calculated does not match";
    }

    static String stringToSign(String method, String md5, String type, String date, Map<String, String> h, String bucket,
                               String key, Map<String, String> q) {
        StringBuilder s = new StringBuilder().append(method).append('\n').append(md5).append('\n').append(type).append('\n')
                .append(date).append('\n');
        new TreeMap<>(h).forEach((k, v) -> {
            if (k.startsWith("x-oss-")) {
                s.append(k).append(':').append(v.trim()).append('\n');
            }
        });
        s.append('/').append(bucket).append('/').append(key);
        char sep = '?';
        for (Map.Entry<String, String> e : new TreeMap<>(q).entrySet()) {
            if (SUBRESOURCES.contains(e.getKey())) {
                s.append(sep).append(e.getKey());
                if (e.getValue() != null && !e.getValue().isEmpty()) {
                    s.append('=').append(e.getValue());
                }
                sep = '&';
            }
        }
        return s.toString();
    }

    static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ----

    private static boolean forbidsOverwrite(Map<String, String> h) {
        return "true".equalsIgnoreCase(h.getOrDefault("x-oss-forbid-overwrite", "false"));
    }

    private static Map<String, String> objectHeaders(Map<String, String> h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("x-oss-meta-") || k.equals("content-type")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static Map<String, String> lower(Headers headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        return out;
    }

    private void xml(HttpExchange ex, int status, String xml) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        byte[] b = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
        respond(ex, status, b, b.length);
    }

    private void error(HttpExchange ex, int status, String code, String message, String method) throws IOException {
        String requestId = UUID.randomUUID().toString();
        ex.getResponseHeaders().set("x-oss-request-id", requestId);
        String xml = "<Error><Code>" + code + "</Code><Message>" + esc(message) + "</Message><RequestId>" + requestId
                + "</RequestId><HostId>127.0.0.1</HostId></Error>";
        if ("HEAD".equals(method)) {
            if (errorHeaderOnHead) { // OSS puts the error of a bodiless answer in a header
                ex.getResponseHeaders().set("x-oss-err", Base64.getEncoder().encodeToString(
                        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8)));
            }
            respond(ex, status, null, -1);
            return;
        }
        xml(ex, status, xml);
    }

    private static void respond(HttpExchange ex, int status, byte[] body, long length) throws IOException {
        if (!ex.getResponseHeaders().containsKey("x-oss-request-id")) {
            ex.getResponseHeaders().set("x-oss-request-id", UUID.randomUUID().toString());
        }
        ex.getResponseHeaders().set("Date", RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (body == null) {
            if (length > 0) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String etag(byte[] b) {
        return "\"" + HexFormat.of().formatHex(md5(b)).toUpperCase(Locale.ROOT) + "\"";
    }

    private static final long[] CRC_TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xC96C5795D7870F42L : c >>> 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    /** CRC-64/ECMA-182 as OSS computes it (reflected, initial and final value all ones). */
    static long crc64(byte[] b) {
        long crc = ~0L;
        for (byte x : b) {
            crc = CRC_TABLE[(int) ((crc ^ x) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
