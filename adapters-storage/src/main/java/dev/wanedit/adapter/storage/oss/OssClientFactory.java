package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.EnvironmentVariableCredentialsProvider;

/**
 * Creates the one OSS client of a wanedit process. Bootstrap owns it: it calls
 * {@link #create(OssSettings)} in {@code main}, hands the client to {@code OssStorageModule}, and
 * calls {@code client.shutdown()} when {@code main} exits (the client holds a connection pool).
 * Requests are signed with the SDK's default signature (V1 in 3.18.1).
 */
public final class OssClientFactory {

    static final String CREDENTIALS_HINT = "set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET in the environment";

    private OssClientFactory() {
    }

    /** Credentials from {@code OSS_ACCESS_KEY_ID} / {@code OSS_ACCESS_KEY_SECRET} (and {@code OSS_SESSION_TOKEN}), read per request. */
    public static OSS create(OssSettings settings) {
        return create(settings.endpoint(), new EnvironmentVariableCredentialsProvider());
    }

    /** The same for an endpoint alone (inputs from the user's own bucket, with results stored locally). */
    public static OSS create(String endpoint) {
        return create(endpoint, new EnvironmentVariableCredentialsProvider());
    }

    /** With any SDK credentials provider (a profile, an instance role, STS); never from the command line. */
    public static OSS create(OssSettings settings, CredentialsProvider credentials) {
        return create(settings.endpoint(), credentials);
    }

    /** An endpoint with any SDK credentials provider. */
    public static OSS create(String endpoint, CredentialsProvider credentials) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout(60_000);
        conf.setMaxErrorRetry(3); // the SDK retries only what is safe to repeat: 5xx and I/O errors on idempotent uploads
        return new OSSClientBuilder().build(endpoint, credentials, conf);
    }
}
