package com.lenz.central.plugin;

import com.lenz.central.CentralConfiguration;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;

/**
 * What the {@code http_request} node needs to know to refuse destinations: HTTP_REQUEST_DENY and
 * HTTP_REQUEST_ALLOW (checked at start: a bad block stops the server, naming the variable) and the ports
 * this server listens on (application, admin, HTTPS), configured ones at once and bound ones (a port 0
 * gets its number only then) when Jetty has started.
 */
public final class HttpRequestDestinations {

    private final String deny;
    private final String allow;
    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> published = new ArrayList<>();

    private HttpRequestDestinations(String deny, String allow) {
        this.deny = deny;
        this.allow = allow;
    }

    /**
     * Checks the lists and reads the configured ports.
     *
     * @throws IllegalStateException naming the variable whose list has an entry that is no address or block
     */
    public static HttpRequestDestinations from(CentralConfiguration config) {
        check("HTTP_REQUEST_DENY", config.getHttpRequestDeny());
        check("HTTP_REQUEST_ALLOW", config.getHttpRequestAllow());
        HttpRequestDestinations destinations = new HttpRequestDestinations(config.getHttpRequestDeny(),
                config.getHttpRequestAllow());
        List<ConnectorFactory> connectors = new ArrayList<>();
        if (config.getServerFactory() instanceof DefaultServerFactory server) {
            connectors.addAll(server.getApplicationConnectors());
            connectors.addAll(server.getAdminConnectors());
        } else if (config.getServerFactory() instanceof SimpleServerFactory server) {
            connectors.add(server.getConnector());
        }
        for (ConnectorFactory connector : connectors) {
            if (connector instanceof HttpConnectorFactory http && http.getPort() > 0) {
                destinations.ports.add(http.getPort());
            }
        }
        return destinations;
    }

    private static void check(String variable, String list) {
        try {
            DestinationPolicy.parseBlocks(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code settings} plus the policy's settings, as a map nodes read live: its {@code server_ports}
     * entry is completed when the server has bound its ports.
     */
    public synchronized Map<String, String> addTo(Map<String, String> settings) {
        Map<String, String> live = new ConcurrentHashMap<>(settings);
        live.put(DestinationPolicy.DENY_SETTING, deny == null ? "" : deny);
        live.put(DestinationPolicy.ALLOW_SETTING, allow == null ? "" : allow);
        live.put(DestinationPolicy.OWN_PORTS_SETTING, portList());
        published.add(live);
        return live;
    }

    /** A {@code ServerLifecycleListener}: adds the ports Jetty actually bound. */
    public synchronized void serverStarted(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector network && network.getLocalPort() > 0) {
                ports.add(network.getLocalPort());
            }
        }
        published.forEach(map -> map.put(DestinationPolicy.OWN_PORTS_SETTING, portList()));
    }

    private String portList() {
        return new TreeSet<>(ports).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
