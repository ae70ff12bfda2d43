package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.RawHttp;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import jakarta.ws.rs.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route the server has (read from Jersey's resource model, so a new route is covered without
 * editing this test), fed what a hostile or broken client sends: malformed JSON, deep nesting, huge
 * numbers, lone surrogates, invalid UTF-8, NUL characters, wrong content types, oversized bodies, wrong
 * methods, odd paths and broken framing. Every answer must be a JSON envelope with {@code ok: false}
 * and no 5xx. Path parameters name nothing that exists, so nothing a request could change does exist.
 */
@Tag("faults")
class HostileInputCorpusTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();
    private static String token;

    /** Bodies no endpoint may accept; each is sent as application/json. */
    private static final Map<String, byte[]> BAD_BODIES = new LinkedHashMap<>();
    /** Content types no endpoint consumes, each with a body that is not valid JSON either. */
    private static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "@@@ not a type",
            "application/json; charset=utf-16", "application/json; charset=no-such-charset");

    static {
        BAD_BODIES.put("malformed", utf8("{\"a\":"));
        BAD_BODIES.put("trailing garbage", utf8("{\"a\":1}}}"));
        BAD_BODIES.put("unclosed 100,000 levels", utf8("[".repeat(100_000)));
        BAD_BODIES.put("65 levels", utf8("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}"));
        BAD_BODIES.put("100,000 levels of objects", utf8("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
        BAD_BODIES.put("non-finite number", utf8("{\"a\":1e999999999}"));
        BAD_BODIES.put("negative non-finite number", utf8("{\"a\":[-1e400]}"));
        BAD_BODIES.put("5,000-digit integer", utf8("[" + "9".repeat(5_000) + "]"));
        BAD_BODIES.put("NaN", utf8("{\"a\":NaN}"));
        BAD_BODIES.put("lone high surrogate", utf8("{\"a\":\"ab\\ud800cd\"}"));
        BAD_BODIES.put("lone low surrogate in a name", utf8("{\"\\udc00\":1}"));
        BAD_BODIES.put("invalid UTF-8 byte", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'});
        BAD_BODIES.put("overlong UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'});
        BAD_BODIES.put("UTF-8-encoded surrogate", new byte[] {'[', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ']'});
        BAD_BODIES.put("raw NUL byte", new byte[] {'{', '"', 'a', '"', ':', '"', 0, '"', '}'});
        BAD_BODIES.put("top-level string", utf8("\"just text\""));
        BAD_BODIES.put("top-level number", utf8("42"));
        BAD_BODIES.put("top-level array", utf8("[1,2,3]"));
        BAD_BODIES.put("2 MiB string", utf8("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
        BAD_BODIES.put("300,000 keys", utf8("{" + "\"k\":1,".repeat(300_000) + "\"k\":1"));
    }

    @BeforeAll
    static void start() {
        token = SERVER.server().admin().post("/api/auth/token", Map.of("user_access", TestServer.ADMIN_USERNAME,
                "password", TestServer.ADMIN_PASSWORD)).text("access_token");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "METHOD /path/{param}" for every resource method Jersey serves. */
    private static Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        var config = SERVER.server().environment().jersey().getResourceConfig();
        // Dropwizard registers a resource instance by its class (plus a binder for the instance).
        Set<Class<?>> classes = new java.util.HashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(Path.class)) {
                collect(Resource.from(type), "", routes);
            }
        }
        return routes;
    }

    private static void collect(Resource resource, String prefix, Set<String> into) {
        String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, into);
        }
    }

    /** A concrete path: every {param} becomes an id that names nothing. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]*}", "no-such-id-7f3a");
    }

    private static void expectRefusal(SoftAssertions soft, String what, RawHttp.Answer answer) {
        soft.assertThat(answer.status()).as("%s: status of %s", what, answer).isBetween(400, 499);
        soft.assertThat(answer.header("Content-Type")).as("%s: content type of %s", what, answer)
                .startsWith("application/json");
        soft.assertThat(answer.json()).as("%s: JSON body of %s", what, answer).isNotNull();
        if (answer.json() != null) {
            soft.assertThat(answer.json().path("ok").isBoolean() && !answer.json().path("ok").asBoolean())
                    .as("%s: ok:false in %s", what, answer).isTrue();
            soft.assertThat(answer.json().path("message").asText()).as("%s: message", what).isNotBlank();
            soft.assertThat(answer.json().path("error").asText()).as("%s: error", what).isNotBlank();
        }
    }

    @Test
    void theRouteListIsReadFromJersey() {
        assertThat(routes()).hasSizeGreaterThan(25).contains("POST /api/workflows/{id}/execute",
                "POST /api/hooks/{workflow_id}", "POST /api/ces/metrics", "DELETE /api/users/{id}",
                "PUT /api/credentials/{id}", "GET /api/ces/ping");
    }

    @Test
    void badBodiesOnEveryRouteThatTakesOne() {
        SoftAssertions soft = new SoftAssertions();
        for (String route : routes()) {
            String method = route.substring(0, route.indexOf(' '));
            if (method.equals("GET")) {
                continue;
            }
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            for (Map.Entry<String, byte[]> body : BAD_BODIES.entrySet()) {
                RawHttp.Answer answer = RawHttp.send(SERVER.server().port(), method, path, body.getValue(),
                        "Content-Type: application/json", "Authorization: Bearer " + token,
                        "X-Webhook-Token: some-token", "X-API-Key: some-key");
                expectRefusal(soft, route + " with " + body.getKey(), answer);
                if (body.getValue().length > 10_000) {
                    continue;
                }
                RawHttp.Answer anonymous = RawHttp.send(SERVER.server().port(), method, path, body.getValue(),
                        "Content-Type: application/json");
                expectRefusal(soft, route + " anonymously with " + body.getKey(), anonymous);
            }
            for (String type : WRONG_TYPES) {
                RawHttp.Answer answer = RawHttp.send(SERVER.server().port(), method, path, utf8("a=1&{\"b\":"),
                        "Content-Type: " + type, "Authorization: Bearer " + token);
                expectRefusal(soft, route + " as " + type, answer);
            }
        }
        soft.assertAll();
    }

    @Test
    void wrongMethodsOnEveryPathAre405Envelopes() {
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        for (String route : routes()) {
            methodsByPath.computeIfAbsent(route.substring(route.indexOf(' ') + 1), p -> new TreeSet<>())
                    .add(route.substring(0, route.indexOf(' ')));
        }
        SoftAssertions soft = new SoftAssertions();
        methodsByPath.forEach((template, allowed) -> {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "TRACE", "TRACK", "FOO")) {
                if (allowed.contains(method) || (method.equals("GET") && template.startsWith("/api/exports"))) {
                    continue;
                }
                RawHttp.Answer answer = RawHttp.send(SERVER.server().port(), method, concrete(template), utf8("{}"),
                        "Content-Type: application/json", "Authorization: Bearer " + token);
                expectRefusal(soft, method + " " + template, answer);
                soft.assertThat(answer.status()).as(method + " " + template).isEqualTo(405);
            }
        });
        soft.assertAll();
    }

    @Test
    void oddPathsAndQueriesAreEnvelopes() {
        List<String> targets = new ArrayList<>(List.of(
                "/api/workflows/%2e%2e%2f%2e%2e%2fetc", "/api/workflows/..%2F..%2Fetc%2Fpasswd",
                "/api/exports/%2e%2e/%2e%2e/etc/passwd", "/api/exports/..%2f..%2fetc%2fpasswd",
                "/api/exports/../../etc/passwd", "/api/workflows/%00", "/api/workflows/a%00b/logs",
                "/api/workflows/%ff%fe", "/api/workflows/%ed%a0%80", "/api/workflows/%", "/api/workflows/%zz",
                "/api/workflows/x;jsessionid=1", "/api/no/such/route", "/api/workflows/x/y/z/w",
                "/api/workflows/" + "a".repeat(10_000), "/api/workflows?page=" + "9".repeat(60_000),
                "/api/workflows?page=-1", "/api/workflows?page=abc", "/api/workflows?limit=1e999",
                "/api/workflows?page=%ff", "/api/workflows?search=%00", "/api/workflows?search=%ed%a0%80",
                "/api/events?from=99999-01-01T00:00:00Z", "/api/events?from=not-a-time",
                "/api/ces/metrics?search=(((((", "/api/users?limit=0", "/api/credentials?page=0",
                "/api/workflows/no-such-id-7f3a/logs?page=99999999999"));
        SoftAssertions soft = new SoftAssertions();
        for (String target : targets) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                RawHttp.Answer answer = RawHttp.send(SERVER.server().port(), method, target,
                        method.equals("GET") ? null : utf8("{\"a\":"), "Content-Type: application/json",
                        "Authorization: Bearer " + token);
                expectRefusal(soft, method + " " + (target.length() > 80 ? target.substring(0, 80) + "..." : target), answer);
            }
        }
        soft.assertAll();
    }

    @Test
    void brokenFramingAndHeadersAreEnvelopes() {
        byte[] body = utf8("{\"user_access\":\"admin\"");
        List<String[]> cases = List.of(
                new String[] {"Content-Length: abc"},
                new String[] {"Content-Length: -1"},
                new String[] {"Content-Length: 99999999999999999999"},
                new String[] {"Transfer-Encoding: chunked", "Content-Length: 5"},
                new String[] {"Transfer-Encoding: gzip, chunked"},
                new String[] {"Content-Type: application/json", "Content-Encoding: gzip"},
                new String[] {"Content-Type: application/json", "Authorization: Bearer " + "x".repeat(7_000)},
                new String[] {"Content-Type: application/json", "Authorization: Basic YWRtaW46YWRtaW4="},
                new String[] {"Content-Type: application/json", "Authorization: Bearer a.b.c"});
        SoftAssertions soft = new SoftAssertions();
        for (String[] headers : cases) {
            for (String path : List.of("/api/auth/token", "/api/workflows")) {
                RawHttp.Answer answer = RawHttp.send(SERVER.server().port(), "POST", path, body, headers);
                expectRefusal(soft, "POST " + path + " with " + String.join(", ", headers), answer);
            }
        }
        // Chunks whose sizes are not hexadecimal, and a NUL byte in a header value.
        RawHttp.Answer badChunks = RawHttp.exchange(SERVER.server().port(), utf8("POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
        RawHttp.Answer nulHeader = RawHttp.exchange(SERVER.server().port(), ("GET /api/workflows HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nAuthorization: Bearer a\0b\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        expectRefusal(soft, "chunk size zz", badChunks);
        expectRefusal(soft, "NUL in a header", nulHeader);
        soft.assertAll();
    }
}
