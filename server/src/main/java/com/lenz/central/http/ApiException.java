package com.lenz.central.http;

/**
 * An error a client caused or should know about, answered as
 * {@code {"ok": false, "message": <message>, "error": <error>}} with {@link #status()}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String message, String error) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** 400 {@code "invalid request"}, with what exactly was wrong. */
    public static ApiException badRequest(String error) {
        return new ApiException(400, "invalid request", error);
    }

    public static ApiException unauthorized(String error) {
        return new ApiException(401, "unauthorized", error);
    }

    public static ApiException forbidden(String error) {
        return new ApiException(403, "forbidden", error);
    }

    public static ApiException notFound(String error) {
        return new ApiException(404, "not found", error);
    }

    public static ApiException conflict(String message, String error) {
        return new ApiException(409, message, error);
    }

    public static ApiException tooLarge(long limitBytes) {
        return new ApiException(413, "request entity too large",
                "request body exceeds the limit of " + limitBytes + " bytes");
    }

    /**
     * The ApiException behind {@code e}, if any: libraries that read the body (Jackson, Jersey) wrap what
     * our input stream throws, e.g. the 413 of {@link BodySizeLimitFilter}.
     */
    public static java.util.Optional<ApiException> causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return java.util.Optional.of(api);
            }
        }
        return java.util.Optional.empty();
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
