package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README "API overview": every error, wherever it is produced, is the JSON envelope with the right status. */
class ErrorEnvelopeTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static void assertEnvelope(ApiClient.Response r, int status, String message) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.json()).as("JSON body: " + r.raw()).isNotNull();
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo(message);
        assertThat(r.text("error")).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("<html");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void malformedJsonIs400InvalidRequest() {
        ApiClient.Response r = SERVER.admin().post("/api/users", "{\"username\": ");

        assertEnvelope(r, 400, "invalid request");
        assertThat(r.text("error")).startsWith("malformed JSON");
    }

    @Test
    void wrongTypeNamesTheField() {
        ApiClient.Response r = SERVER.admin().post("/api/users", "{\"username\": {\"a\": 1}}");

        assertEnvelope(r, 400, "invalid request");
        assertThat(r.text("error")).contains("username");
    }

    @Test
    void unknownRoutesAre404EvenWithoutAToken() {
        assertEnvelope(SERVER.admin().get("/api/no-such-thing"), 404, "not found");
        assertEnvelope(SERVER.server().anonymous().get("/nothing/here"), 404, "not found");
        assertThat(SERVER.server().anonymous().get("/api/no-such-thing").text("error")).contains("/api/no-such-thing");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        ApiClient.Response r = SERVER.server().anonymous().send(SERVER.server().anonymous().request("/api/ces/ping")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));

        assertEnvelope(r, 405, "method not allowed");
        assertThat(r.headers().firstValue("Allow").orElse("")).contains("GET");
    }

    @Test
    void twoMebibyteBodyIs413WhetherDeclaredOrChunked() {
        byte[] big = jsonOfSize(2 * 1024 * 1024);

        ApiClient.Response declared = SERVER.admin().send(SERVER.admin().request("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        ApiClient.Response chunked = SERVER.admin().send(SERVER.admin().request("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        ApiClient.Response anonymous = SERVER.server().anonymous().send(SERVER.server().anonymous().request("/api/auth/token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big)));

        assertEnvelope(declared, 413, "request entity too large");
        assertEnvelope(chunked, 413, "request entity too large");
        assertEnvelope(anonymous, 413, "request entity too large");
    }

    @Test
    void wrongContentTypeIs415() {
        ApiClient.Response r = SERVER.admin().send(SERVER.admin().request("/api/users").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertEnvelope(r, 415, "unsupported media type");
    }

    @Test
    void requestsJettyRejectsBeforeJerseyAreJsonToo() throws IOException {
        String badUri = rawRequest("GET /api/ces/ping/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        char[] header = new char[20_000];
        Arrays.fill(header, 'a');
        String hugeHeader = rawRequest("GET /api/ces/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: " + new String(header)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(badUri).startsWith("HTTP/1.1 400").contains("application/json").contains("\"ok\":false");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("application/json").contains("\"ok\":false");
    }

    @Test
    void pingNeedsNoToken() {
        ApiClient.Response r = SERVER.server().anonymous().get("/api/ces/ping");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo("{\"ok\":true,\"message\":\"pong\"}");
    }

    private static byte[] jsonOfSize(int size) {
        StringBuilder sb = new StringBuilder(size + 64).append("{\"username\": \"");
        while (sb.length() < size) {
            sb.append("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        }
        return sb.append("\", \"password\": \"x\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("localhost", SERVER.server().port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
