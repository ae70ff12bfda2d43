package com.lenz.central.http;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body that is not the JSON we expect: 400 {@code "invalid request"} naming the field and the
 * expected type, or where the JSON breaks. Never echoes Jackson's internals or the body itself.
 */
public class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorMapper.class);

    @Override
    public Response toResponse(JsonProcessingException e) {
        java.util.Optional<ApiException> wrapped = ApiException.causeOf(e);
        if (wrapped.isPresent()) {
            return ApiExceptionMapper.respond(wrapped.get());
        }
        java.util.Optional<com.lenz.central.core.DomainException> domain = com.lenz.central.core.DomainException.causeOf(e);
        if (domain.isPresent()) {
            return DomainExceptionMapper.respond(domain.get());
        }
        if (e instanceof JsonGenerationException) {
            // Our own response failed to serialize: a bug, not the client's fault.
            String id = UnexpectedErrorMapper.newErrorId();
            LOG.error("error {}: response serialization failed", id, e);
            return UnexpectedErrorMapper.internalError(id);
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error("invalid request", describe(e))).build();
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof PropertyBindingException pbe) {
            return "unknown field '" + path(pbe) + "'";
        }
        if (e instanceof MismatchedInputException mie) {
            String field = path(mie);
            if (field.isEmpty()) {
                return mie.getTargetType() == null
                        ? "request body is missing or empty"
                        : "request body must be a JSON " + typeName(mie.getTargetType());
            }
            return "field '" + field + "' must be " + article(typeName(mie.getTargetType()));
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return "field '" + path(jme) + "' is invalid";
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String reason = e.getOriginalMessage();
        if (reason != null) {
            // Keep Jackson's first sentence only; the rest names internal classes.
            int cut = reason.indexOf('\n');
            reason = cut > 0 ? reason.substring(0, cut) : reason;
            if (reason.length() > 160) {
                reason = reason.substring(0, 160) + "...";
            }
        }
        return "malformed JSON" + where + (reason == null ? "" : ": " + reason);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase()).collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "object";
        }
        return "value";
    }

    private static String article(String type) {
        if (type.startsWith("one of")) {
            return type;
        }
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }
}
