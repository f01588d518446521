package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.InvalidCredentialsException;
import dev.wanedit.domain.request.ImageInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Date;

/** Adapter: presigned GET URLs for objects in OSS. */
final class OssPresigner implements OssInputResolver {

    private final OSS client;
    private final OssSettings settings;
    private final Clock clock;

    OssPresigner(OSS client, OssSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public URI resolve(ImageInput.OssImage image) {
        Date expires = new Date(clock.millis() + settings.presignTtl().toMillis());
        try {
            return client.generatePresignedUrl(image.bucket(), image.key(), expires).toURI();
        } catch (OSSException | ClientException | InvalidCredentialsException e) {
            throw new OssAccessException("cannot presign " + image.uri() + ": "
                    + OssErrors.explain(e, settings.endpoint(), image.bucket(), image.key()).message(), e);
        } catch (URISyntaxException e) {
            throw new OssAccessException("the presigned URL of " + image.uri() + " is not a valid URI", e);
        }
    }
}
