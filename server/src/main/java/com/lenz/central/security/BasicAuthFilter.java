package com.lenz.central.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP basic authentication on the admin context. {@code /healthcheck} stays open for load balancers
 * (it tells only healthy or not). The given pair is compared with the configured one in constant time
 * (SHA-256 of both, then {@link MessageDigest#isEqual}), so the time taken tells nothing of either.
 */
final class BasicAuthFilter implements Filter {

    private static final String OPEN_PATH = "/healthcheck";

    private final byte[] expected;

    BasicAuthFilter(String user, String password) {
        this.expected = sha256(user + ":" + password);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(OPEN_PATH) || authorized(request.getHeader("Authorization"))) {
            chain.doFilter(req, res);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"lenz-admin\", charset=\"UTF-8\"");
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"ok\":false,\"message\":\"unauthorized\","
                + "\"error\":\"the admin port needs ADMIN_PORT_USER and ADMIN_PORT_PASSWORD (HTTP basic)\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private boolean authorized(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(pair));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
