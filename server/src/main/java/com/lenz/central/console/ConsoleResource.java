package com.lenz.central.console;

import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.http.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator console: static files bundled in the jar under {@code console/}, served at {@code /console}
 * without a token. They hold no data: every figure the console shows comes from the API, called by the
 * page with the bearer token the user signed in for, so the console grants nothing the API does not.
 * The Content-Security-Policy allows only this origin's own scripts, styles and API (no inline script).
 */
@Path("/console")
@PublicEndpoint
public class ConsoleResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** File names the console ships: lower-case words, folders, one known extension; nothing else is looked up. */
    private static final Pattern FILE = Pattern.compile("(?:[a-z0-9-]+/)*[a-z0-9-]+\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** The files read so far (they cannot change inside a running jar), with their ETag. */
    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String type, EntityTag tag) {
    }

    /** {@code /console}: to {@code /console/}, so that the page's relative links resolve under it. */
    @GET
    public Response root(@Context UriInfo uri, @Context Request request) {
        if (uri.getPath().endsWith("/")) {
            return file("index.html", request);
        }
        return withHeaders(Response.status(308).header("Location", "console/")).build();
    }

    @GET
    @Path("/{file: .+}")
    public Response file(@PathParam("file") String name, @Context Request request) {
        if (!FILE.matcher(name).matches()) {
            throw ApiException.notFound("no console file " + name);
        }
        Asset asset = assets.computeIfAbsent(name, ConsoleResource::load)
                .orElseThrow(() -> ApiException.notFound("no console file " + name));
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(asset.tag());
        if (unchanged != null) {
            return withHeaders(unchanged).build();
        }
        return withHeaders(Response.ok(asset.bytes(), asset.type())).tag(asset.tag()).build();
    }

    /** Revalidated on every use (cheap with the ETag), so a new version of the server is picked up at once. */
    private static Response.ResponseBuilder withHeaders(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-cache");
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleResource.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
            return Optional.of(new Asset(bytes, TYPES.get(extension), new EntityTag(hash)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
