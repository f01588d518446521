package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.InvalidCredentialsException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.UploadPartRequest;
import dev.wanedit.adapter.storage.Digests;
import dev.wanedit.adapter.storage.local.ResultSidecar;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.ImageFacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: {@link ResultStore} in an OSS bucket through the official SDK.
 *
 * <p>Keys: {@code <prefix><job-id>/<index>.<ext>}, the sidecar as the companion object
 * {@code <key>.json}; the image also carries its sha256, job id, task id and index as object
 * metadata ({@code x-oss-meta-*}). Every upload sends Content-MD5 (per part for multipart), so OSS
 * refuses corrupted bytes, and {@code x-oss-forbid-overwrite: true}, so nothing is ever replaced,
 * even by a concurrent writer. The same bytes for the same job and index are a no-op (the
 * existing object's sha256 metadata matches, or, from a server that answers HEAD without
 * {@code x-oss-meta-*}, its ETag is the bytes' MD5), and a missing sidecar is written then;
 * different bytes go to {@code <index>-2.<ext>}.
 *
 * <p>An object appears in OSS only when PutObject or CompleteMultipartUpload succeeds, so a
 * reader never sees a partial image; a failed multipart upload is aborted. The content is
 * spooled to a local temp file first, because Content-MD5 must be known before the body is sent.
 */
final class OssResultStore implements ResultStore {

    private static final Logger LOG = LoggerFactory.getLogger(OssResultStore.class);
    static final String FORBID_OVERWRITE = "x-oss-forbid-overwrite";
    static final String META_SHA256 = "sha256";
    private static final int MAX_VARIANTS = 1000;

    private final OSS client;
    private final OssSettings settings;
    private final Clock clock;
    private final ImageInspector inspector;

    OssResultStore(OSS client, OssSettings settings, Clock clock, ImageInspector inspector) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.inspector = inspector;
    }

    @Override
    public StoredResult store(EditJob job, ResultImage image, InputStream content) {
        String what = "result " + image.index() + " of job " + job.id();
        Path spool = null;
        try {
            spool = Files.createTempFile("wanedit-oss-", ".spool");
            Spooled s = spool(content, spool);
            if (s.bytes == 0) {
                throw new ResultStoreException("cannot store " + what + ": the result is empty (0 bytes)", null);
            }
            Optional<ImageFacts> facts = facts(spool, s.sha256, what);
            String ext = facts.map(f -> f.format().fileExtension()).orElse("bin");
            String contentType = facts.map(f -> f.format().mimeType()).orElse("application/octet-stream");
            for (int variant = 1; variant <= MAX_VARIANTS; variant++) {
                String base = variant == 1 ? String.valueOf(image.index()) : image.index() + "-" + variant;
                String key = settings.prefix() + job.id().value() + "/" + base + "." + ext;
                Optional<Boolean> existing = holdsSameBytes(key, s);
                if (existing.isPresent()) {
                    if (existing.get()) {
                        if (!client.doesObjectExist(settings.bucket(), key + ".json")) {
                            putSidecar(key, job, image, s, facts);
                        }
                        return result(key, s);
                    }
                    continue;
                }
                ObjectMetadata meta = metadata(job, image, s, contentType);
                boolean created = s.bytes > settings.multipartThresholdBytes()
                        ? multipart(key, spool, s.bytes, meta) : put(key, spool, s, meta);
                if (!created) {
                    variant--; // another writer created the key since we looked: look again
                    continue;
                }
                if (variant > 1) {
                    LOG.warn("job {} result {}: oss://{}/{} holds different bytes; stored the new image as {}", job.id(),
                            image.index(), settings.bucket(), settings.prefix() + job.id().value() + "/" + image.index() + "." + ext, key);
                }
                putSidecar(key, job, image, s, facts);
                return result(key, s);
            }
            throw new ResultStoreException("cannot store " + what + ": more than " + MAX_VARIANTS + " different images for one index", null);
        } catch (OSSException | ClientException | InvalidCredentialsException e) {
            throw new ResultStoreException("cannot store " + what + " in " + place() + ": "
                    + OssErrors.explain(e, settings.endpoint(), settings.bucket(), null).message(), e);
        } catch (IOException e) {
            throw new ResultStoreException("cannot store " + what + ": " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    LOG.warn("cannot remove spool file {}: {}", spool, e.toString());
                }
            }
        }
    }

    private StoredResult result(String key, Spooled s) {
        String uri = "oss://" + settings.bucket() + "/" + key;
        return new StoredResult(uri, s.sha256, s.bytes, Optional.of(OssResultStores.sidecarOf(uri)));
    }

    /**
     * Whether the object under {@code key} holds these bytes; empty when there is no such object.
     * Its {@code x-oss-meta-sha256} says so; a server that answers HEAD without user metadata
     * (some OSS-compatible ones) is answered by the ETag, which for a simple upload is the hex MD5
     * of the bytes, and for a multipart one (an ETag with a part count) by downloading it.
     */
    private Optional<Boolean> holdsSameBytes(String key, Spooled s) throws IOException {
        ObjectMetadata m;
        try {
            m = client.getObjectMetadata(settings.bucket(), key);
        } catch (OSSException e) {
            if ("NoSuchKey".equals(e.getErrorCode()) || "404".equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
        // HTTP header names are case-insensitive; the SDK's user-metadata map matches only
        // lower-case "x-oss-meta-", so look in the raw headers as well.
        String sha = m.getUserMetadata().get(META_SHA256);
        if (sha == null) {
            sha = m.getRawMetadata().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("x-oss-meta-" + META_SHA256))
                    .map(e -> String.valueOf(e.getValue())).findFirst().orElse(null);
        }
        if (sha != null) {
            return Optional.of(sha.equalsIgnoreCase(s.sha256));
        }
        String etag = m.getETag() == null ? "" : m.getETag().replace("\"", "");
        if (!etag.isEmpty() && !etag.contains("-")) {
            return Optional.of(etag.equalsIgnoreCase(s.md5Hex()));
        }
        if (m.getContentLength() != s.bytes) {
            return Optional.of(false);
        }
        try (InputStream in = client.getObject(settings.bucket(), key).getObjectContent()) {
            return Optional.of(Digests.sha256Hex(in).equals(s.sha256));
        }
    }

    /**
     * Puts a small object, {@code <prefix>.wanedit-write-check}, the way results are put: the one
     * cheap request that proves the bucket exists at this endpoint and that the credentials may
     * write in it (a HEAD or a bucket query would need other permissions, and a 403 to a HEAD
     * carries no reason). It is overwritten by every check, so it never accumulates.
     */
    @Override
    public void preflight(Optional<String> destination, long expectedBytes) {
        byte[] note = "written by wanedit to check that results can be stored here; safe to delete\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType("text/plain");
        meta.setContentLength(note.length);
        meta.setContentMD5(Base64.getEncoder().encodeToString(Digests.of("MD5").digest(note)));
        try {
            client.putObject(new PutObjectRequest(settings.bucket(), settings.prefix() + WRITE_CHECK, new ByteArrayInputStream(note),
                    meta));
        } catch (OSSException | ClientException | InvalidCredentialsException e) {
            OssErrors.Explained why = OssErrors.explain(e, settings.endpoint(), settings.bucket(), null);
            throw new ResultStoreUnusable(place(), why.message(), why.isTransient(), e);
        }
    }

    /** The object a preflight writes, under the prefix. */
    static final String WRITE_CHECK = ".wanedit-write-check";

    private String place() {
        return "oss://" + settings.bucket() + "/" + settings.prefix();
    }

    private ObjectMetadata metadata(EditJob job, ResultImage image, Spooled s, String contentType) {
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType(contentType);
        meta.addUserMetadata(META_SHA256, s.sha256);
        meta.addUserMetadata("job-id", job.id().value());
        job.task().map(RemoteTaskRef::taskId).ifPresent(t -> meta.addUserMetadata("task-id", t));
        meta.addUserMetadata("index", String.valueOf(image.index()));
        meta.setHeader(FORBID_OVERWRITE, "true");
        return meta;
    }

    /** PutObject with Content-MD5; false if the key exists (forbid-overwrite). */
    private boolean put(String key, Path file, Spooled s, ObjectMetadata meta) throws IOException {
        meta.setContentLength(s.bytes);
        meta.setContentMD5(s.md5Base64);
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(new PutObjectRequest(settings.bucket(), key, in, meta));
            return true;
        } catch (OSSException e) {
            if ("FileAlreadyExists".equals(e.getErrorCode())) {
                return false;
            }
            throw e;
        }
    }

    /** Multipart upload, each part with its Content-MD5; aborted on any failure; false if the key exists. */
    private boolean multipart(String key, Path file, long size, ObjectMetadata meta) throws IOException {
        String uploadId = client.initiateMultipartUpload(new InitiateMultipartUploadRequest(settings.bucket(), key, meta))
                .getUploadId();
        boolean done = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long partSize = settings.multipartThresholdBytes();
            List<PartETag> etags = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                int len = (int) Math.min(partSize, size - offset);
                byte[] part = new byte[len];
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(part);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, offset + buf.position()) < 0) {
                        throw new IOException("spool file ended early");
                    }
                }
                UploadPartRequest up = new UploadPartRequest(settings.bucket(), key, uploadId, number,
                        new ByteArrayInputStream(part), len);
                up.setMd5Digest(Base64.getEncoder().encodeToString(Digests.of("MD5").digest(part)));
                etags.add(client.uploadPart(up).getPartETag());
            }
            CompleteMultipartUploadRequest complete = new CompleteMultipartUploadRequest(settings.bucket(), key, uploadId, etags);
            complete.addHeader(FORBID_OVERWRITE, "true");
            try {
                client.completeMultipartUpload(complete);
            } catch (OSSException e) {
                if ("FileAlreadyExists".equals(e.getErrorCode())) {
                    return false;
                }
                throw e;
            }
            done = true;
            return true;
        } finally {
            if (!done) {
                abort(key, uploadId);
            }
        }
    }

    private void abort(String key, String uploadId) {
        try {
            client.abortMultipartUpload(new AbortMultipartUploadRequest(settings.bucket(), key, uploadId));
        } catch (OSSException | ClientException e) {
            // OSS lifecycle rules remove stale parts; the image was never visible under its key.
            LOG.warn("cannot abort multipart upload {} of oss://{}/{}: {}", uploadId, settings.bucket(), key, e.getMessage());
        }
    }

    private void putSidecar(String key, EditJob job, ResultImage image, Spooled s, Optional<ImageFacts> facts) {
        byte[] json = ResultSidecar.json(job, image, s.sha256, s.bytes, facts, clock.instant());
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType("application/json");
        meta.setContentLength(json.length);
        meta.setContentMD5(Base64.getEncoder().encodeToString(Digests.of("MD5").digest(json)));
        // The sidecar belongs to the image just created under this key; replacing an orphan is right.
        client.putObject(new PutObjectRequest(settings.bucket(), key + ".json", new ByteArrayInputStream(json), meta));
    }

    private Optional<ImageFacts> facts(Path spool, String sha256, String what) {
        try {
            return Optional.of(inspector.inspect(spool, sha256)); // the headers only: the hash was taken while spooling
        } catch (UnreadableImage e) {
            LOG.warn("{} is not a readable image ({}); storing it as .bin", what, e.reason());
            return Optional.empty();
        }
    }

    private record Spooled(String sha256, String md5Base64, long bytes) {
        String md5Hex() {
            return java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(md5Base64));
        }
    }

    private static Spooled spool(InputStream content, Path file) throws IOException {
        MessageDigest sha = Digests.sha256();
        MessageDigest md5 = Digests.of("MD5");
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(ch)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = content.read(buf)) >= 0) {
                sha.update(buf, 0, n);
                md5.update(buf, 0, n);
                out.write(buf, 0, n);
                total += n;
            }
        }
        return new Spooled(Digests.hex(sha), Base64.getEncoder().encodeToString(md5.digest()), total);
    }
}
