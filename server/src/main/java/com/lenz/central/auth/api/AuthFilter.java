package com.lenz.central.auth.api;

import com.lenz.central.auth.AdminOnly;
import com.lenz.central.auth.AnyRole;
import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.auth.core.AuthService;
import com.lenz.central.http.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.annotation.Annotation;
import java.security.Principal;
import java.util.Set;

/**
 * Closed by default: every resource method needs {@code Authorization: Bearer <access token>} unless it
 * is marked {@link PublicEndpoint}. Viewers may only read (and make the {@link AnyRole} writes); other
 * writes and {@link AdminOnly} reads need the admin role (403 otherwise).
 */
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AuthService auth;
    private final boolean adminOnly;
    private final boolean anyRole;

    AuthFilter(AuthService auth, boolean adminOnly, boolean anyRole) {
        this.auth = auth;
        this.adminOnly = adminOnly;
        this.anyRole = anyRole;
    }

    /** Decides once per resource method, at start, whether it is public and whether reads need admin. */
    public static class Feature implements DynamicFeature {
        private final AuthService auth;

        public Feature(AuthService auth) {
            this.auth = auth;
        }

        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            if (!isMarked(resource, PublicEndpoint.class)) {
                context.register(new AuthFilter(auth, isMarked(resource, AdminOnly.class),
                        isMarked(resource, AnyRole.class)));
            }
        }

        private static boolean isMarked(ResourceInfo resource, Class<? extends Annotation> annotation) {
            return resource.getResourceMethod().isAnnotationPresent(annotation)
                    || resource.getResourceClass().isAnnotationPresent(annotation);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("missing Authorization: Bearer <token> header");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.unauthorized("Authorization header must be 'Bearer <token>'");
        }
        UserPrincipal user = auth.authenticate(header.substring(7).trim());
        boolean needsAdmin = adminOnly || (!anyRole && !READ_METHODS.contains(request.getMethod()));
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
}
