package com.lenz.central.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.http.ApiException;
import com.lenz.central.http.Envelope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/token")
    @PublicEndpoint
    public Map<String, Object> login(LoginRequest body) {
        if (body == null || body.userAccess() == null || body.userAccess().isBlank()) {
            throw ApiException.badRequest("user_access is required");
        }
        if (body.password() == null || body.password().isEmpty()) {
            throw ApiException.badRequest("password is required");
        }
        return tokens("login successful", auth.login(body.userAccess().trim(), body.password()));
    }

    @POST
    @Path("/refresh")
    @PublicEndpoint
    public Map<String, Object> refresh(RefreshRequest body) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw ApiException.badRequest("refresh_token is required");
        }
        return tokens("token refreshed", auth.refresh(body.refreshToken().trim()));
    }

    /** Ends the caller's session; a refresh token in the body (optional) is revoked too. */
    @POST
    @Path("/logout")
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
