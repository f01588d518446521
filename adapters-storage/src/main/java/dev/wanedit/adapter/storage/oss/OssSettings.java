package dev.wanedit.adapter.storage.oss;

import java.time.Duration;

/**
 * Where results go in OSS and how: the endpoint ({@code https://oss-cn-beijing.aliyuncs.com}),
 * the bucket, a key prefix ({@code wanedit/} by default; empty for the bucket root), the size above
 * which a result is uploaded in parts (also the part size; OSS needs at least 100 KiB per part),
 * and how long presigned GET URLs live. Credentials are not settings: they come from a
 * credentials provider (see {@link OssClientFactory}).
 */
public record OssSettings(String endpoint, String bucket, String prefix, long multipartThresholdBytes, Duration presignTtl) {

    /** OSS refuses parts below 100 KiB (except the last). */
    public static final long MIN_PART_BYTES = 100 * 1024;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 8L * 1024 * 1024;
    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofHours(1);

    public OssSettings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("oss endpoint must not be blank");
        }
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("oss bucket \"" + bucket + "\" is not a valid bucket name");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (multipartThresholdBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("oss multipart threshold must be at least " + MIN_PART_BYTES + " bytes");
        }
        if (presignTtl == null || presignTtl.isNegative() || presignTtl.isZero() || presignTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("oss presign TTL must be above zero and at most 7 days");
        }
    }

    public static OssSettings of(String endpoint, String bucket) {
        return new OssSettings(endpoint, bucket, "wanedit/", DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PRESIGN_TTL);
    }
}
