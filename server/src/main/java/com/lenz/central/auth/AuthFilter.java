package com.lenz.central.auth;

import com.lenz.central.http.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.AnnotatedElement;
import java.security.Principal;
import java.util.Set;

/**
 * Closed by default: every matched route needs {@code Authorization: Bearer <access token>} unless it
 * is marked {@link PublicEndpoint}. Viewers may only read; writes and {@link AdminOnly} reads need
 * the admin role (403 otherwise).
 */
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AuthService auth;

    @Context
    private ResourceInfo resourceInfo;

    public AuthFilter(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isMarked(PublicEndpoint.class)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("missing Authorization: Bearer <token> header");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.unauthorized("Authorization header must be 'Bearer <token>'");
        }
        UserPrincipal user = auth.authenticate(header.substring(7).trim());
        boolean needsAdmin = !READ_METHODS.contains(request.getMethod()) || isMarked(AdminOnly.class);
        if (needsAdmin && !user.isAdmin()) {
            throw ApiException.forbidden("this action needs the admin role");
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return user.role().wire().equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    private boolean isMarked(Class<? extends java.lang.annotation.Annotation> annotation) {
        if (resourceInfo == null) {
            return false;
        }
        return has(resourceInfo.getResourceMethod(), annotation) || has(resourceInfo.getResourceClass(), annotation);
    }

    private static boolean has(AnnotatedElement element, Class<? extends java.lang.annotation.Annotation> annotation) {
        return element != null && element.isAnnotationPresent(annotation);
    }
}
