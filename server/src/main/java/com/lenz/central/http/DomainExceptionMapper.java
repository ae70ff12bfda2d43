package com.lenz.central.http;

import com.lenz.central.core.DomainException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** The one place where a domain failure becomes an HTTP status: the error envelope, and Retry-After when known. */
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Override
    public Response toResponse(DomainException e) {
        return respond(e);
    }

    public static Response respond(DomainException e) {
        Response.ResponseBuilder response = Response.status(status(e.kind()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error(e.summary(), e.error()));
        e.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    public static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case THROTTLED -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }
}
