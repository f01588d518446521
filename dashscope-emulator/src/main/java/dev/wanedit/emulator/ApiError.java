package dev.wanedit.emulator;

/** A request-level error reply: HTTP status plus the DashScope {@code code} and {@code message}. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError invalid(String message) {
        return new ApiError(400, "InvalidParameter", message);
    }

    static ApiError badUrl(String detail) {
        return new ApiError(400, "InvalidParameter", "url error, please check url！ " + detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
