package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.OSS;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.time.Clock;

/**
 * Turns {@code oss://bucket/key} into a presigned GET URL the service can fetch, so users can edit
 * images that already live in their bucket; the same works for a result stored by the OSS store
 * ({@code OssImage.parse(storedResult.location())}). The URL carries a signature, not the secret,
 * and expires after {@link OssSettings#presignTtl()}.
 */
public interface OssInputResolver {

    /** @throws OssAccessException if the URL cannot be signed (no credentials) */
    URI resolve(ImageInput.OssImage image);

    /** The presigning resolver on the given client; the client stays owned by the caller. */
    static OssInputResolver presigning(OSS client, OssSettings settings, Clock clock) {
        return new OssPresigner(client, settings, clock);
    }
}
