package com.lenz.central.plugins.http;

import com.lenz.central.plugin.api.net.DestinationPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one hop of a call goes: its URL's host resolved once, and the first resolved address the policy
 * allows. The client connects to exactly this address (no second lookup a DNS rebinding could answer
 * differently), keeping the host name for the Host header and TLS.
 *
 * @param scheme  {@code http} or {@code https}
 * @param host    the URL's host without IPv6 brackets
 * @param port    the URL's port, or the scheme's default
 * @param address the vetted address
 */
record Destination(String scheme, String host, int port, InetAddress address) {

    /** Name resolution: the system's, or a test's. */
    interface Resolver {
        Resolver SYSTEM = InetAddress::getAllByName;

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Resolves {@code uri}'s host (once) and vets its addresses. */
    static Destination of(URI uri, DestinationPolicy policy, Resolver resolver) throws RefusedCallException, UnknownHostException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedCallException("refused " + uri + ": only http:// and https:// URLs are followed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedCallException("refused " + uri + ": the URL has no host");
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String firstRefusal = null;
        for (InetAddress address : resolver.resolve(host)) {
            Optional<String> refusal = policy.refusal(address, port);
            if (refusal.isEmpty()) {
                return new Destination(scheme, host, port, address);
            }
            firstRefusal = firstRefusal == null ? refusal.get() : firstRefusal;
        }
        throw new RefusedCallException("refused to connect to " + uri.getHost() + ":" + port + ": " + firstRefusal);
    }

    /** scheme://host:port, lower-case: two URLs of one origin share credentials, others do not. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
