package com.lenz.central.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.lenz.central.version.ServerVersion;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * The OpenAPI 3 document of the API: swagger-core reads the resource classes Jersey actually serves (so routes
 * added anywhere appear without editing a document), then {@link ApiConventions} adds what the code says in
 * its own way: the envelope, the error envelope and which routes take a bearer token.
 */
public final class OpenApiDocument {

    static {
        ModelConverters.getInstance().addConverter(new JsonBodyConverter());
    }

    private OpenApiDocument() {
    }

    public static OpenAPI build(ResourceModel model) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (Resource resource : model.getRootResources()) {
            collect(resource, classes);
        }
        OpenAPI base = new OpenAPI().info(new Info().title("Lenz Central API").version(ServerVersion.full())
                .description("CES monitoring and replication, workflows, users and credentials. Every answer is an"
                        + " envelope: {\"ok\": true, \"message\", ...payload} or {\"ok\": false, \"message\", \"error\"}."));
        Reader reader = new Reader(new SwaggerConfiguration().openAPI(base).readAllResources(true).sortOutput(true));
        OpenAPI openApi = reader.read(classes);
        ApiConventions.apply(openApi, model);
        return openApi;
    }

    public static String json(ResourceModel model) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(build(model));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Resource resource, Set<Class<?>> classes) {
        for (ResourceMethod method : resource.getAllMethods()) {
            classes.add(method.getInvocable().getHandler().getHandlerClass());
        }
        resource.getChildResources().forEach(child -> collect(child, classes));
    }
}
