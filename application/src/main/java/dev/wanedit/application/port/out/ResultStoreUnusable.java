package dev.wanedit.application.port.out;

/**
 * The result store cannot be used, found before anything was paid for
 * ({@link ResultStore#preflight}): the bucket does not exist, the credentials are refused, the
 * endpoint cannot be reached, the folder cannot be written or has no room. The message names the
 * bucket or folder and the likely cause. Nothing was created.
 */
public class ResultStoreUnusable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String where;
    private final boolean mayPassLater;

    /**
     * @param where the folder or {@code oss://bucket/prefix} checked
     * @param mayPassLater true when the same settings may work later (an endpoint that cannot be
     *     reached, a server error); false when a setting or the place itself must be fixed
     */
    public ResultStoreUnusable(String where, String message, boolean mayPassLater, Throwable cause) {
        super(message, cause);
        this.where = where;
        this.mayPassLater = mayPassLater;
    }

    public String where() {
        return where;
    }

    public boolean mayPassLater() {
        return mayPassLater;
    }
}
