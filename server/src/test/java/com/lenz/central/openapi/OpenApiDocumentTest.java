package com.lenz.central.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/openapi.json} is a valid OpenAPI 3 document, documents exactly the routes Jersey serves (read
 * from Jersey's own resource model in the running server), and real answers validate against its schemas.
 */
class OpenApiDocumentTest {

    private static TestServer server;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ApiClient.Response answer = server.anonymous().get("/api/openapi.json"); // no token
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        document = answer.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void isAValidOpenApi3Document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document.toString(), null, options);

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("Envelope", "ErrorEnvelope");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    @Test
    void documentsEveryRouteJerseyServesAndNoOther() throws Exception {
        Set<String> served = new TreeSet<>();
        ServletContainer jersey = (ServletContainer) server.environment().getJerseyServletContainer();
        ExtendedResourceContext context = jersey.getApplicationHandler().getInjectionManager()
                .getInstance(ExtendedResourceContext.class);
        for (Resource resource : context.getResourceModel().getRootResources()) {
            collect(resource, "", served);
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

        assertThat(documented).isEqualTo(served);
        assertThat(served).contains("GET /api/version", "GET /api/openapi.json", "POST /api/auth/token",
                "POST /api/workflows/{id}/execute", "POST /api/hooks/{workflow_id}");
    }

    @Test
    void documentsParametersBodiesAndWhoMayCall() {
        JsonNode execute = document.at("/paths/~1api~1workflows~1{id}~1execute/post");
        assertThat(execute.findValuesAsText("name")).contains("id", "wait");
        assertThat(execute.at("/requestBody").isMissingNode()).isFalse();
        assertThat(execute.at("/security/0/bearer").isArray()).isTrue();
        assertThat(execute.at("/responses/4XX/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/ErrorEnvelope");
        assertThat(document.at("/paths/~1api~1auth~1token/post/security").size()).isZero();
        assertThat(document.at("/paths/~1api~1auth~1token/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/LoginRequest");
        assertThat(document.at("/paths/~1api~1workflows/get/parameters").findValuesAsText("name"))
                .contains("page", "limit");
    }

    @Test
    void realAnswersValidateAgainstTheDocument() {
        ApiClient admin = server.admin();
        ApiClient anonymous = server.anonymous();
        assertValid("/api/ces/ping", "get", anonymous.get("/api/ces/ping"));
        assertValid("/api/version", "get", anonymous.get("/api/version"));
        assertValid("/api/workflows", "get", admin.get("/api/workflows"));
        assertValid("/api/users", "get", admin.get("/api/users"));
        assertValid("/api/auth/token", "post", anonymous.post("/api/auth/token",
                Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD)));
        // errors: no token, unknown id, bad input
        assertValid("/api/workflows", "get", anonymous.get("/api/workflows"));
        assertValid("/api/workflows/{id}", "get", admin.get("/api/workflows/no-such-workflow"));
        assertValid("/api/auth/token", "post", anonymous.post("/api/auth/token", Map.of("user_access", "admin")));
    }

    @Test
    void theSchemasRefuseAnswersOfTheWrongShape() {
        ApiClient.Response error = server.anonymous().get("/api/workflows");
        assertThat(error.status()).isEqualTo(401);
        assertThat(validate(schema("/api/workflows", "get", "200"), error.json())).isNotEmpty();
        ApiClient.Response version = server.anonymous().get("/api/version");
        ObjectNode withoutCommit = version.json().deepCopy();
        ((ObjectNode) withoutCommit.get("data")).remove("commit");
        assertThat(validate(schema("/api/version", "get", "200"), withoutCommit)).isNotEmpty();
    }

    private static void assertValid(String path, String method, ApiClient.Response answer) {
        JsonNode schema = schema(path, method, Integer.toString(answer.status()));
        assertThat(validate(schema, answer.json())).as(method + " " + path + " " + answer).isEmpty();
    }

    /** The schema of this status' answer: the exact code, else its class ({@code 4XX}), else {@code default}. */
    private static JsonNode schema(String path, String method, String status) {
        JsonNode responses = document.path("paths").path(path).path(method).path("responses");
        assertThat(responses.isObject()).as(method + " " + path + " is documented").isTrue();
        JsonNode response = responses.has(status) ? responses.get(status)
                : responses.has(status.charAt(0) + "XX") ? responses.get(status.charAt(0) + "XX") : responses.get("default");
        assertThat(response).as(method + " " + path + " documents " + status).isNotNull();
        return response.at("/content/application~1json/schema");
    }

    private static Set<ValidationMessage> validate(JsonNode schema, JsonNode body) {
        // The schema with the document's components beside it, so that its $refs resolve within one document.
        ObjectNode root = schema.deepCopy();
        root.set("components", document.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root).validate(body);
    }

    private static void collect(Resource resource, String parent, Set<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            // Jersey's own OPTIONS/HEAD answers are not routes of ours.
            if (!method.getInvocable().getHandler().getHandlerClass().getName().startsWith("org.glassfish.jersey")) {
                routes.add(method.getHttpMethod() + " " + path);
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}")
                .replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
