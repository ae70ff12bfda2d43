package com.lenz.central.openapi;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI at {@code /api/docs/}, from the {@code org.webjars:swagger-ui} jar inside ours (nothing is fetched at
 * run time), opened on {@code /api/openapi.json}. Plain servlets beside Jersey: pages, not API routes.
 */
public final class SwaggerUi {

    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "../openapi.json",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout"
              });
            };
            """;

    private SwaggerUi() {
    }

    public static void register(Environment env) {
        String assets = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion();
        env.servlets().addServlet("swagger-ui", new AssetServlet(assets, "/api/docs", "index.html", StandardCharsets.UTF_8))
                .addMapping("/api/docs/*");
        env.servlets().addServlet("swagger-ui-initializer", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/javascript;charset=utf-8");
                response.getWriter().write(INITIALIZER);
            }
        }).addMapping("/api/docs/swagger-initializer.js");
        env.servlets().addServlet("swagger-ui-redirect", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.sendRedirect("docs/");
            }
        }).addMapping("/api/docs");
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUi.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
