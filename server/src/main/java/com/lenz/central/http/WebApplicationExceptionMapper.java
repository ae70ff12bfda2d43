package com.lenz.central.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey's own errors (unknown route, wrong method, unsupported media type, ...) in our envelope,
 * keeping headers such as {@code Allow}.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500) {
            String id = UnexpectedErrorMapper.newErrorId();
            LOG.error("error {}: {}", id, e.toString(), e);
            return UnexpectedErrorMapper.internalError(id);
        }
        Response.ResponseBuilder out = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error(ErrorMessages.forStatus(status), detail(e, status)));
        if (original != null) {
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> out.header(name, v));
                }
            });
        }
        return out.build();
    }

    private String detail(WebApplicationException e, int status) {
        String route = (request == null ? "" : request.getMethod() + " ")
                + (uriInfo == null ? "" : "/" + uriInfo.getPath());
        if (e instanceof NotFoundException) {
            return "no such route: " + route;
        }
        if (e instanceof NotAllowedException) {
            return "method not allowed on " + (uriInfo == null ? "this route" : "/" + uriInfo.getPath());
        }
        if (status == 415) {
            return "Content-Type must be application/json";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? ErrorMessages.forStatus(status) : message;
    }
}
