package com.lenz.central.http;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/** Bean Validation failures on a request: 400 naming each field. */
public class ValidationErrorMapper implements ExceptionMapper<ValidationException> {

    @Override
    public Response toResponse(ValidationException e) {
        String error = e.getMessage();
        if (e instanceof ConstraintViolationException cve && !cve.getConstraintViolations().isEmpty()) {
            error = cve.getConstraintViolations().stream()
                    .map(ValidationErrorMapper::describe)
                    .sorted()
                    .collect(Collectors.joining("; "));
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error("invalid request", error)).build();
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return (dot >= 0 ? path.substring(dot + 1) : path) + " " + v.getMessage();
    }
}
