package com.lenz.central.security;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds Dropwizard's {@code https} application connector when HTTPS_PORT is set. A list entry in
 * config.yml cannot be made conditional on a variable, so it is added in code before the server is built
 * (Dropwizard builds the connectors after {@code Application.run}).
 */
public final class HttpsConnector {

    private HttpsConnector() {
    }

    public static void addTo(ServerFactory server, HttpsConfig config) {
        if (!config.isEnabled()) {
            return;
        }
        if (!(server instanceof DefaultServerFactory factory)) {
            throw new StartupRefusedException("HTTPS_PORT needs the default server type (server.type: default)");
        }
        int port;
        try {
            port = Integer.parseInt(config.getPort().trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new StartupRefusedException("HTTPS_PORT must be a port number (0-65535), not '" + config.getPort() + "'");
        }
        if (config.getKeyStorePath().isBlank() || !Files.isReadable(Path.of(config.getKeyStorePath()))) {
            throw new StartupRefusedException("HTTPS_PORT is set: HTTPS_KEYSTORE_PATH must name a readable keystore"
                    + " (JKS or PKCS12), not '" + config.getKeyStorePath() + "'");
        }
        HttpsConnectorFactory https = new HttpsConnectorFactory();
        https.setPort(port);
        https.setKeyStorePath(config.getKeyStorePath());
        https.setKeyStorePassword(config.getKeyStorePassword());
        // Same interface as the plain HTTP connector.
        for (ConnectorFactory existing : factory.getApplicationConnectors()) {
            if (existing instanceof HttpConnectorFactory http && !(existing instanceof HttpsConnectorFactory)) {
                https.setBindHost(http.getBindHost());
                break;
            }
        }
        List<ConnectorFactory> connectors = new ArrayList<>(factory.getApplicationConnectors());
        connectors.add(https);
        factory.setApplicationConnectors(connectors);
    }
}
