package com.lenz.central.http;

import java.util.Optional;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * A request body that broke while being read: truncated or badly chunked ({@code Early EOF}), or
 * declared {@code Content-Encoding: gzip} without being gzip. The client's fault, so a 400 saying
 * which, not a 500.
 */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static Optional<ApiException> causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                String reason = http.getReason() == null || http.getReason().isBlank() ? "malformed request"
                        : http.getReason();
                return Optional.of(new ApiException(http.getCode(), ErrorMessages.forStatus(http.getCode()),
                        "the request body could not be read: " + reason));
            }
            if (t instanceof ZipException) {
                return Optional.of(ApiException.badRequest("the request body is not valid gzip, as its Content-Encoding says"));
            }
        }
        return Optional.empty();
    }
}
