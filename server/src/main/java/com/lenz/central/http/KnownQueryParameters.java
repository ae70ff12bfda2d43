package com.lenz.central.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query parameter the endpoint does not declare is a 400 naming it: {@code ?status=success} on a list
 * that has no such filter must not silently answer everything. Each resource method's {@code @QueryParam}s
 * are what it knows; checked on every GET and on every other method that declares any (so
 * {@code ?wiat=false} on execute is caught too). Methods or classes marked {@link AnyQueryParameters}
 * (webhooks, whose query is data) are never checked. Runs after authentication: who may not call an
 * endpoint learns nothing of its parameters.
 */
public final class KnownQueryParameters implements DynamicFeature {

    private static final int MAX_NAMED = 10;
    private static final int MAX_NAME_LENGTH = 100;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null || !type.getPackageName().startsWith("com.lenz.central")
                || type.isAnnotationPresent(AnyQueryParameters.class) || method.isAnnotationPresent(AnyQueryParameters.class)) {
            return;
        }
        Set<String> known = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    known.add(q.value());
                }
            }
        }
        if (method.isAnnotationPresent(GET.class) || !known.isEmpty()) {
            context.register(new Check(Set.copyOf(known)));
        }
    }

    @Priority(Priorities.USER)
    static final class Check implements ContainerRequestFilter {
        private final Set<String> known;

        Check(Set<String> known) {
            this.known = known;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Set<String> unknown = new TreeSet<>(request.getUriInfo().getQueryParameters().keySet());
            unknown.removeAll(known);
            if (unknown.isEmpty()) {
                return;
            }
            List<String> named = unknown.stream().limit(MAX_NAMED)
                    .map(n -> n.length() > MAX_NAME_LENGTH ? n.substring(0, MAX_NAME_LENGTH) + "..." : n).toList();
            String list = String.join(", ", named) + (unknown.size() > MAX_NAMED ? ", ..." : "");
            String takes = known.isEmpty() ? "this endpoint takes no query parameters"
                    : "this endpoint takes " + String.join(", ", new TreeSet<>(known));
            throw ApiException.badRequest((unknown.size() == 1 ? "unknown query parameter: " : "unknown query parameters: ")
                    + list + " (" + takes + ")");
        }
    }
}
