package com.lenz.central.http;

import com.lenz.central.db.DatabaseAvailability;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other mapper claimed. A database that cannot be reached, or went away under the request (it
 * was stopped, the connection was reset), is a 503 (the client may retry);
 * everything else is a bug: logged in full with an id, and the client sees only the id.
 */
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        java.util.Optional<ApiException> wrapped = ApiException.causeOf(e);
        if (wrapped.isPresent()) {
            return ApiExceptionMapper.respond(wrapped.get());
        }
        java.util.Optional<com.lenz.central.core.DomainException> domain = com.lenz.central.core.DomainException.causeOf(e);
        if (domain.isPresent()) {
            return DomainExceptionMapper.respond(domain.get());
        }
        java.util.Optional<ApiException> unreadable = UnreadableBody.causeOf(e);
        if (unreadable.isPresent()) {
            return ApiExceptionMapper.respond(unreadable.get());
        }
        if (NulCharacters.refusedByTheDatabase(e)) {
            return ApiExceptionMapper.respond(ApiException.badRequest(NulCharacters.IN_STORED_TEXT));
        }
        if (isDatabaseUnreachable(e)) {
            // Logged once per outage by the pool's watch (DatabaseAvailability), not once per request.
            LOG.debug("database unavailable: {}", rootMessage(e));
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Envelope.error("service unavailable", "the database is unavailable")).build();
        }
        String id = newErrorId();
        LOG.error("error {}: unexpected exception", id, e);
        return internalError(id);
    }

    static Response internalError(String id) {
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error("internal server error", "unexpected error, id " + id)).build();
    }

    static String newErrorId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static boolean isDatabaseUnreachable(Throwable e) {
        return DatabaseAvailability.isOutage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
