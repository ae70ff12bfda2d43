package com.lenz.central.auth;

import java.security.Principal;

/** The authenticated caller of a request, from a verified access token of a live session. */
public record UserPrincipal(String id, String username, String displayName, Role role, String sessionId)
        implements Principal {

    @Override
    public String getName() {
        return username;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
