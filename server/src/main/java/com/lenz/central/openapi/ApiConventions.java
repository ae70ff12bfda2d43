package com.lenz.central.openapi;

import com.lenz.central.auth.AdminOnly;
import com.lenz.central.auth.AnyRole;
import com.lenz.central.auth.PublicEndpoint;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * What every route shares, told in the code by conventions swagger-core cannot see: answers are envelopes
 * (resources return maps), errors are the error envelope (from the exception mappers), and every route not
 * marked {@link PublicEndpoint} takes a bearer token (AuthFilter).
 */
final class ApiConventions {

    static final String ENVELOPE = "Envelope";
    static final String ERROR_ENVELOPE = "ErrorEnvelope";
    private static final String BEARER = "bearer";

    private ApiConventions() {
    }

    static void apply(OpenAPI openApi, ResourceModel model) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSchemas(ENVELOPE, envelope());
        components.addSchemas(ERROR_ENVELOPE, errorEnvelope());
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("access_token from POST /api/auth/token"));
        for (Resource resource : model.getRootResources()) {
            apply(openApi, resource, "");
        }
    }

    private static void apply(OpenAPI openApi, Resource resource, String parent) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            Operation operation = operation(openApi, path, method.getHttpMethod());
            if (operation != null) {
                apply(operation, method);
            }
        }
        for (Resource child : resource.getChildResources()) {
            apply(openApi, child, path);
        }
    }

    private static void apply(Operation operation, ResourceMethod method) {
        Method java = method.getInvocable().getDefinitionMethod();
        Class<?> type = method.getInvocable().getHandler().getHandlerClass();
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean documented = responses.keySet().stream().anyMatch(code -> code.startsWith("2"));
        if (!documented) {
            // swagger-core can only say "default: a map" of a resource returning Map or Response.
            responses.remove("default");
            responses.addApiResponse("200", response("success (some routes answer 201 or 202 with the same envelope)",
                    ENVELOPE));
        }
        if (isMarked(java, type, PublicEndpoint.class)) {
            operation.setSecurity(List.of()); // none
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
            responses.putIfAbsent("401", response("missing or invalid access token", ERROR_ENVELOPE));
            boolean adminOnly = isMarked(java, type, AdminOnly.class)
                    || !isMarked(java, type, AnyRole.class) && !List.of("GET", "HEAD").contains(method.getHttpMethod());
            if (adminOnly) {
                responses.putIfAbsent("403", response("this action needs the admin role", ERROR_ENVELOPE));
                operation.setDescription(addSentence(operation.getDescription(), "Needs the admin role."));
            }
        }
        responses.putIfAbsent("4XX", response("bad input, unknown id, wrong state, too large, not JSON", ERROR_ENVELOPE));
        responses.putIfAbsent("5XX", response("a dependency is down, or an unexpected error (answered with its log id)",
                ERROR_ENVELOPE));
    }

    private static String addSentence(String description, String sentence) {
        return description == null || description.isBlank() ? sentence : description + " " + sentence;
    }

    private static boolean isMarked(Method method, Class<?> type, Class<? extends Annotation> annotation) {
        return method.isAnnotationPresent(annotation) || type.isAnnotationPresent(annotation);
    }

    static Operation operation(OpenAPI openApi, String path, String httpMethod) {
        PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
        if (item == null) {
            return null;
        }
        Map<PathItem.HttpMethod, Operation> operations = item.readOperationsMap();
        return operations.get(PathItem.HttpMethod.valueOf(httpMethod.toUpperCase(Locale.ROOT)));
    }

    /** Jersey's path of a resource as OpenAPI writes it: leading slash, no regular expressions in templates. */
    static String join(String parent, String path) {
        String joined = (parent == null ? "" : parent) + "/" + (path == null ? "" : path);
        joined = joined.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static ApiResponse response(String description, String schema) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema envelope() {
        Schema schema = new ObjectSchema().description("A success: ok, message, then the route's payload keys")
                .addProperty("ok", new BooleanSchema()._enum(List.of(true)))
                .addProperty("message", new StringSchema())
                .required(List.of("ok", "message"));
        schema.setAdditionalProperties(true);
        return schema;
    }

    @SuppressWarnings("rawtypes")
    private static Schema errorEnvelope() {
        Schema schema = new ObjectSchema().description("A failure: ok false, a short message and what exactly was wrong")
                .addProperty("ok", new BooleanSchema()._enum(List.of(false)))
                .addProperty("message", new StringSchema().example("invalid request"))
                .addProperty("error", new StringSchema().example("name is required"))
                .required(List.of("ok", "message", "error"));
        schema.setAdditionalProperties(true); // a failed execution adds its data
        return schema;
    }
}
