package dev.wanedit.application.port.out;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.time.Duration;

/**
 * Outgoing port: input images that are objects in the user's own bucket
 * ({@code oss://bucket/key} for any bucket but DashScope's temporary one, see
 * {@link ImageInput.OssImage#isServiceTemporary()}). The service cannot read them, so the
 * application reads their facts here before anything is sent (the same rules then apply as to a
 * local file) and sends a short-lived signed URL in their place; the journal and the sidecars keep
 * the {@code oss://} reference, never the URL.
 */
public interface OwnBucketInputs {

    /**
     * Reads the object's facts without downloading it: size (and type) from its headers, format,
     * dimensions and alpha from its first bytes; a mask is read whole, so that its tones can be
     * counted.
     *
     * @throws UnreadableImage naming the object and why it cannot be used (no such object or
     *     bucket, refused credentials, not an image, no OSS settings)
     */
    ImageFacts inspect(ImageInput.OssImage object, boolean mask);

    /**
     * A signed https GET URL of the object that the service can fetch for {@code lifetime}. The URL
     * is a credential for that long: it is sent to the service and never printed, logged or
     * journaled.
     *
     * @throws UnreadableImage when no URL can be signed (no credentials)
     */
    URI signedUrl(ImageInput.OssImage object, Duration lifetime);

    /** Without OSS settings: every object in the user's own bucket is refused, saying what to set. */
    static OwnBucketInputs unconfigured() {
        return new OwnBucketInputs() {
            @Override
            public ImageFacts inspect(ImageInput.OssImage object, boolean mask) {
                throw refusal(object);
            }

            @Override
            public URI signedUrl(ImageInput.OssImage object, Duration lifetime) {
                throw refusal(object);
            }

            private UnreadableImage refusal(ImageInput.OssImage object) {
                return new UnreadableImage(object.uri(), "is an object in your own OSS bucket, which DashScope cannot read "
                        + "(it resolves only its own temporary oss://" + ImageInput.OssImage.SERVICE_TEMPORARY_BUCKET
                        + "/... uploads); set OSS_ENDPOINT (the endpoint of the bucket's region, e.g. "
                        + "https://oss-cn-beijing.aliyuncs.com) with OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, and "
                        + "wanedit reads it and sends the service a signed URL");
            }
        };
    }
}
