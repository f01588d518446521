package dev.wanedit.adapter.storage.oss;

import com.aliyun.oss.ClientErrorCode;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.InvalidCredentialsException;
import java.util.Locale;
import java.util.Set;

/**
 * What an OSS failure means for a person, in one place: the setting to check (the access key id,
 * the secret, the bucket, the endpoint's region, the clock) instead of the SDK's bare error code,
 * and whether trying again later can help. The store, the preflight, the input reader and the
 * presigner all explain their failures with it; no SDK type leaves this package.
 */
final class OssErrors {

    /** What went wrong, by what a person does about it. */
    enum Kind {
        /** The credentials are missing, unknown or do not sign correctly: fix OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. */
        CREDENTIALS,
        /** The credentials are valid but may not do this, or the bucket is in another region. */
        PERMISSION,
        /** The bucket does not exist at this endpoint. */
        NO_BUCKET,
        /** The object does not exist. */
        NO_OBJECT,
        /** This machine's clock is too far off. */
        CLOCK,
        /** OSS could not be reached, or answered with a server error: try again later. */
        UNAVAILABLE,
        /** Anything else OSS refused. */
        REFUSED
    }

    /** An explained failure: its kind and a message naming the setting to check. */
    record Explained(Kind kind, String message) {

        /** True when the same request may work later without changing any setting. */
        boolean isTransient() {
            return kind == Kind.UNAVAILABLE;
        }
    }

    private static final Set<String> SERVER_ERRORS = Set.of("InternalError", "ServiceUnavailable", "RequestTimeout",
            "SlowDown", "ServerBusy");

    private OssErrors() {
    }

    /**
     * Explains {@code e} for a request about {@code bucket} (and {@code key}, when there is one)
     * sent to {@code endpoint}.
     */
    static Explained explain(RuntimeException e, String endpoint, String bucket, String key) {
        if (e instanceof InvalidCredentialsException) {
            return new Explained(Kind.CREDENTIALS, "no OSS credentials: " + OssClientFactory.CREDENTIALS_HINT);
        }
        if (e instanceof OSSException o) {
            return explain(o, endpoint, bucket, key);
        }
        if (e instanceof ClientException c) {
            String code = c.getErrorCode() == null ? "" : c.getErrorCode();
            if (ClientErrorCode.UNKNOWN_HOST.equals(code)) {
                return new Explained(Kind.UNAVAILABLE, "cannot resolve the host of OSS_ENDPOINT " + endpoint + " (" + c.getErrorMessage()
                        + "): check OSS_ENDPOINT, e.g. https://oss-cn-beijing.aliyuncs.com for a bucket in Beijing, and the network");
            }
            return new Explained(Kind.UNAVAILABLE, "cannot reach OSS at OSS_ENDPOINT " + endpoint + " ("
                    + (c.getErrorMessage() == null ? code : c.getErrorMessage()) + "): check OSS_ENDPOINT and the network");
        }
        return new Explained(Kind.REFUSED, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static Explained explain(OSSException o, String endpoint, String bucket, String key) {
        String code = o.getErrorCode() == null ? "" : o.getErrorCode();
        String said = said(o);
        String where = "bucket " + bucket;
        switch (code) {
            case "SignatureDoesNotMatch":
                return new Explained(Kind.CREDENTIALS, "OSS refused the signature: check OSS_ACCESS_KEY_SECRET (it must be the "
                        + "secret of OSS_ACCESS_KEY_ID)" + said);
            case "InvalidAccessKeyId":
                return new Explained(Kind.CREDENTIALS, "OSS does not know the access key id: check OSS_ACCESS_KEY_ID" + said);
            case "SecurityTokenExpired":
            case "InvalidSecurityToken":
                return new Explained(Kind.CREDENTIALS, "OSS refused the security token: renew OSS_SESSION_TOKEN (with its "
                        + "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET)" + said);
            case "AccessForbidden": // a 403 without a body (the answer to a HEAD): OSS gave no reason
                return new Explained(Kind.CREDENTIALS, "OSS refused the request to " + where + " without saying why (403): check "
                        + "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, that they may use " + where + ", and that OSS_ENDPOINT "
                        + endpoint + " is the bucket's region" + said);
            case "AccessDenied":
                return new Explained(Kind.PERMISSION, "OSS denied access to " + where + ": the credentials (OSS_ACCESS_KEY_ID) "
                        + "may not " + (key == null ? "write in it" : "use " + key + " in it") + ", or the bucket is in another "
                        + "region than OSS_ENDPOINT " + endpoint + said);
            case "NoSuchBucket":
                return new Explained(Kind.NO_BUCKET, where + " does not exist at OSS_ENDPOINT " + endpoint + ": check the bucket "
                        + "name and that OSS_ENDPOINT is the endpoint of the bucket's region" + said);
            case "NoSuchKey":
                return new Explained(Kind.NO_OBJECT, "no object " + (key == null ? "" : key + " ") + "in " + where
                        + " (or no such bucket at OSS_ENDPOINT " + endpoint + ")" + said);
            case "RequestTimeTooSkewed":
                return new Explained(Kind.CLOCK, "OSS refused the request's time: this machine's clock is more than 15 minutes "
                        + "off; set it right (NTP)" + said);
            case "InvalidResponse":
                return new Explained(Kind.REFUSED, "OSS answered with an error but no readable reason" + said);
            default:
                if (SERVER_ERRORS.contains(code) || code.toLowerCase(Locale.ROOT).contains("internal")) {
                    return new Explained(Kind.UNAVAILABLE, "OSS had a server error (" + code + "); try again later" + said);
                }
                return new Explained(Kind.REFUSED, "OSS refused the request to " + where + ": " + code
                        + (o.getErrorMessage() == null || o.getErrorMessage().equals(code) ? "" : " " + o.getErrorMessage())
                        + requestId(o));
        }
    }

    /** What OSS said, when it said more than its code, and the request id. */
    private static String said(OSSException o) {
        String m = o.getErrorMessage();
        boolean useful = m != null && !m.isBlank() && !m.equals(o.getErrorCode()) && !m.equals("Not Found")
                && !m.startsWith("Failed to parse");
        return (useful ? " (OSS said: " + m.strip() + ")" : "") + requestId(o);
    }

    private static String requestId(OSSException o) {
        String id = o.getRequestId();
        return id == null || id.isBlank() || id.equalsIgnoreCase("unknown") ? "" : " [OSS request " + id + "]";
    }
}
