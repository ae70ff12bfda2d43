package com.lenz.central.workflow.trigger.core;

import com.lenz.central.core.DomainException;
import com.lenz.central.http.ApiException;
import java.util.Optional;

/**
 * Why the engine refused to start a run, as a {@link DomainException.Kind}: background triggers decide
 * from the kind (skip, or try again later), never from an HTTP status.
 */
final class StartRefusal {

    private StartRefusal() {
    }

    /** The kind behind {@code e}, or empty when {@code e} is not a refusal the engine names. */
    static Optional<DomainException.Kind> kindOf(RuntimeException e) {
        Optional<DomainException> domain = DomainException.causeOf(e);
        if (domain.isPresent()) {
            return Optional.of(domain.get().kind());
        }
        // Transitional: ExecutionService.start still throws ApiException (503 busy or stopping, 404 gone)
        // until the engine moves to DomainException; then this branch and the import go.
        return ApiException.causeOf(e).map(api -> switch (api.status()) {
            case 404 -> DomainException.Kind.NOT_FOUND;
            case 503 -> DomainException.Kind.UNAVAILABLE;
            case 409 -> DomainException.Kind.CONFLICT;
            default -> DomainException.Kind.INVALID;
        });
    }

    /** The refusal's text for a log line. */
    static String describe(RuntimeException e) {
        return DomainException.causeOf(e).map(DomainException::error)
                .or(() -> ApiException.causeOf(e).map(ApiException::error))
                .orElse(String.valueOf(e.getMessage()));
    }
}
