package dev.wanedit.adapter.storage.oss;

/** OSS could not be reached or refused a request that is not a result store (presigning); carries no SDK type. */
public class OssAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OssAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
