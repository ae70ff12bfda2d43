package com.lenz.central.security;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;

/**
 * The admin port serves thread dumps, metrics and tasks (gc, log levels): by default it listens on
 * loopback only (ADMIN_BIND_HOST, 127.0.0.1). Bound anywhere else it needs ADMIN_PORT_USER and
 * ADMIN_PORT_PASSWORD, which put HTTP basic authentication in front of everything but /healthcheck;
 * without them the server refuses to start.
 */
public final class AdminPortGuard {

    private AdminPortGuard() {
    }

    public static void apply(ServerFactory server, AdminPortConfig config, Environment env) {
        boolean exposed = adminBindHosts(server).stream().anyMatch(host -> !isLoopback(host));
        if (config.hasCredentials()) {
            env.admin().addFilter("admin-basic-auth", new BasicAuthFilter(config.getUser(), config.getPassword()))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        } else if (exposed) {
            throw new StartupRefusedException("the admin port is bound to " + adminBindHosts(server)
                    + ", not loopback: set ADMIN_PORT_USER and ADMIN_PORT_PASSWORD (HTTP basic authentication),"
                    + " or ADMIN_BIND_HOST=127.0.0.1");
        }
    }

    /** Why this configuration may not start (admin port exposed without credentials), if it may not. */
    public static java.util.Optional<String> refusal(ServerFactory server, AdminPortConfig config) {
        boolean exposed = adminBindHosts(server).stream().anyMatch(host -> !isLoopback(host));
        return exposed && !config.hasCredentials()
                ? java.util.Optional.of("the admin port is bound to " + adminBindHosts(server) + ", not loopback: set"
                        + " ADMIN_PORT_USER and ADMIN_PORT_PASSWORD (HTTP basic authentication), or ADMIN_BIND_HOST=127.0.0.1")
                : java.util.Optional.empty();
    }

    /** The bind host of each admin connector (null or empty: every interface). */
    static List<String> adminBindHosts(ServerFactory server) {
        List<ConnectorFactory> connectors;
        if (server instanceof DefaultServerFactory factory) {
            connectors = factory.getAdminConnectors();
        } else if (server instanceof SimpleServerFactory factory) {
            connectors = List.of(factory.getConnector());
        } else {
            connectors = List.of();
        }
        return connectors.stream()
                .map(c -> c instanceof HttpConnectorFactory http ? String.valueOf(http.getBindHost()) : "null")
                .toList();
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank() || host.equals("null")) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
