package dev.wanedit.application.service;

import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.time.Duration;

/**
 * Inputs in the user's own bucket, as the service receives them: a signed URL made just before
 * the create is prepared (so a job resumed days later gets a fresh one), in place of the
 * {@code oss://} reference that the journal and the sidecars keep. DashScope's own temporary
 * uploads ({@code oss://dashscope-instant/...}) are sent as they are.
 */
final class SignedInputs {

    /**
     * How long a signed input URL lives. The service fetches an input when it starts on the task,
     * and a task may wait in the queue until it expires: the service keeps tasks and their results
     * for 24 hours (ASYNC), so the URL lives that long. (With temporary STS credentials the URL
     * dies with the token, possibly earlier.)
     */
    static final Duration LIFETIME = Duration.ofHours(24);

    private SignedInputs() {
    }

    /** The request as it is sent: each own-bucket object by a URL signed for {@link #LIFETIME}. */
    static EditRequest forSending(EditRequest request, OwnBucketInputs inputs) {
        return request.withInputsAs(in -> ownBucket(in)
                ? new ImageInput.RemoteImage(inputs.signedUrl((ImageInput.OssImage) in, LIFETIME), in.facts()) : in);
    }

    /** The request as {@code validate} shows it: the signed URLs with their signature and key id masked. */
    static EditRequest forPreview(EditRequest request, OwnBucketInputs inputs) {
        return request.withInputsAs(in -> ownBucket(in) ? new ImageInput.RemoteImage(URI.create(Redaction.redact(
                inputs.signedUrl((ImageInput.OssImage) in, LIFETIME).toString())), in.facts()) : in);
    }

    static boolean ownBucket(ImageInput in) {
        return in instanceof ImageInput.OssImage o && !o.isServiceTemporary();
    }
}
