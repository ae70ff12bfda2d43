package com.lenz.central.auth.api;

import com.lenz.central.auth.AnyRole;
import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.auth.core.AuthService;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.Tarpit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/** {@code /api/auth}: login, refresh, logout. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record LoginRequest(@JsonProperty("user_access") String userAccess, @JsonProperty("password") String password) {
    }

    public record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    private final AuthService auth;
    private final Tarpit tarpit;

    public AuthResource(AuthService auth, Tarpit tarpit) {
        this.auth = auth;
        this.tarpit = tarpit;
    }

    /** Asynchronous only so that a throttled attempt (429) is answered after a pause without holding a thread. */
    @POST
    @Path("/token")
    @PublicEndpoint
    public void login(LoginRequest body, @Context HttpServletRequest request, @Suspended AsyncResponse async) {
        String clientAddress = request.getRemoteAddr();
        tarpit.answer(async, () -> {
            if (body == null || body.userAccess() == null || body.userAccess().isBlank()) {
                throw DomainException.invalid("user_access is required");
            }
            if (body.password() == null || body.password().isEmpty()) {
                throw DomainException.invalid("password is required");
            }
            return tokens("login successful", auth.login(body.userAccess().trim(), body.password(), clientAddress));
        });
    }

    @POST
    @Path("/refresh")
    @PublicEndpoint
    public Map<String, Object> refresh(RefreshRequest body) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw DomainException.invalid("refresh_token is required");
        }
        return tokens("token refreshed", auth.refresh(body.refreshToken().trim()));
    }

    /** Ends the caller's session; a refresh token in the body (optional) is revoked too. */
    @POST
    @Path("/logout")
    @AnyRole
    public Map<String, Object> logout(@Context SecurityContext security, RefreshRequest body) {
        auth.logout((UserPrincipal) security.getUserPrincipal(), body == null ? null : body.refreshToken());
        return Envelope.ok("logged out");
    }

    private static Map<String, Object> tokens(String message, AuthService.TokenPair pair) {
        Map<String, Object> out = Envelope.ok(message);
        out.put("access_token", pair.accessToken());
        out.put("refresh_token", pair.refreshToken());
        out.put("expires_at", pair.expiresAt());
        out.put("name", pair.user().name());
        out.put("role", pair.user().role());
        return out;
    }
}
