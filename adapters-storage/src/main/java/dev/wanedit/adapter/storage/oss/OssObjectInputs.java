package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.InvalidCredentialsException;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adapter: {@link OwnBucketInputs} through the official SDK, with the credentials and endpoint
 * wanedit is configured with. Facts: a HEAD for the size, then ranged GETs of the first 64 KiB
 * blocks for the headers (one, nearly always); a mask is read whole (masks are small) so that its
 * tones can be counted. URLs: presigned GETs (V1: {@code Expires}, {@code OSSAccessKeyId},
 * {@code Signature}; with STS credentials also {@code security-token}). Facts are remembered per
 * object for the process, so a batch that names one object on many lines reads it once.
 */
final class OssObjectInputs implements OwnBucketInputs {

    /** A mask above this is inspected from its headers only (its tones are not counted). */
    static final long MASK_READ_LIMIT = 32L * 1024 * 1024;
    private static final int REMEMBERED = 4096;

    private final OSS client;
    private final String endpoint;
    private final Clock clock;
    private final ImageInspector inspector;
    private final Map<String, ImageFacts> seen = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImageFacts> eldest) {
            return size() > REMEMBERED;
        }
    };

    OssObjectInputs(OSS client, String endpoint, Clock clock, ImageInspector inspector) {
        this.client = client;
        this.endpoint = endpoint;
        this.clock = clock;
        this.inspector = inspector;
    }

    @Override
    public ImageFacts inspect(ImageInput.OssImage object, boolean mask) {
        String id = (mask ? "mask " : "image ") + object.uri();
        synchronized (seen) {
            ImageFacts known = seen.get(id);
            if (known != null) {
                return known;
            }
        }
        ImageFacts facts = read(object, mask);
        synchronized (seen) {
            seen.put(id, facts);
        }
        return facts;
    }

    private ImageFacts read(ImageInput.OssImage object, boolean mask) {
        String label = object.uri();
        try {
            ObjectMetadata head = client.getObjectMetadata(object.bucket(), object.key());
            long size = head.getContentLength();
            if (size <= 0) {
                throw new UnreadableImage(label, "the object is empty (0 bytes)");
            }
            if (mask && size <= MASK_READ_LIMIT) {
                byte[] all;
                try (OSSObject o = client.getObject(object.bucket(), object.key()); InputStream in = o.getObjectContent()) {
                    all = in.readAllBytes();
                }
                return inspector.inspectMask(all, label);
            }
            return ImageInspectors.fromHeaders((from, length) -> range(object, from, length), size, label);
        } catch (OSSException | ClientException | InvalidCredentialsException e) {
            throw new UnreadableImage(label, "cannot be read: " + OssErrors.explain(e, endpoint, object.bucket(), object.key())
                    .message());
        } catch (IOException e) {
            throw new UnreadableImage(label, "cannot be read: " + e.getMessage());
        }
    }

    /** One ranged GET; a server that ignores the range (200 with everything) is read only as far as asked. */
    private byte[] range(ImageInput.OssImage object, long from, int length) throws IOException {
        GetObjectRequest get = new GetObjectRequest(object.bucket(), object.key());
        get.setRange(from, from + length - 1);
        try (OSSObject o = client.getObject(get); InputStream in = o.getObjectContent()) {
            String contentRange = (String) o.getObjectMetadata().getRawMetadata().get("Content-Range");
            if (from > 0 && contentRange == null) {
                in.skipNBytes(from); // the whole object came back: skip to the range asked for
            }
            return in.readNBytes(length);
        }
    }

    @Override
    public URI signedUrl(ImageInput.OssImage object, Duration lifetime) {
        Date expires = new Date(clock.millis() + lifetime.toMillis());
        try {
            return client.generatePresignedUrl(object.bucket(), object.key(), expires).toURI();
        } catch (OSSException | ClientException | InvalidCredentialsException e) {
            throw new UnreadableImage(object.uri(), "no URL can be signed for it: "
                    + OssErrors.explain(e, endpoint, object.bucket(), object.key()).message());
        } catch (URISyntaxException e) {
            throw new UnreadableImage(object.uri(), "its signed URL is not a valid URI (" + e.getReason() + ")");
        }
    }
}
