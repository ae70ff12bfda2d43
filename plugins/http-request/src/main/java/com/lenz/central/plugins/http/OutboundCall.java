package com.lenz.central.plugins.http;

import com.lenz.central.plugin.api.net.DestinationPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One call of the node: vets each hop's destination, connects to the vetted address, follows redirects
 * itself (at most {@link #MAX_REDIRECTS}, each hop vetted again) and drops credential headers once the
 * chain leaves the first URL's origin, as browsers and curl do. Runs on a thread of its own so that an
 * interrupt of the node's thread (cancel, node timeout) aborts the connection at once.
 */
final class OutboundCall {

    static final int MAX_REDIRECTS = 10;
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);

    /** Headers that carry credentials whatever their origin (a credential's own header is added to these). */
    static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    /** The client only ever connects to an address it is given: a host it would have to look up is refused. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " was not vetted");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " was not vetted");
        }
    };

    // No system proxy (the vetted address must be the peer), no cookies kept between calls, no automatic
    // redirects or retries (the node does both itself), bodies passed on as sent.
    private static final CloseableHttpClient CLIENT = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(NO_LOOKUPS)
                    .setMaxConnTotal(200)
                    .setMaxConnPerRoute(50)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .build();

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "http-request-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** A header to send; {@code credential} ones are dropped once the chain leaves the origin. */
    record Field(String name, String value, boolean credential) {
    }

    /** The final answer of the chain. */
    record Answer(int status, Map<String, Object> headers, String contentType, byte[] body, URI url) {
    }

    private final String method;
    private final URI url;
    private final List<Field> headers;
    private final byte[] body;
    private final long timeoutMs;
    private final int maxResponseBytes;
    private final DestinationPolicy policy;
    private final Destination.Resolver resolver;
    private volatile HttpUriRequestBase current;
    private volatile URI hopUrl;

    OutboundCall(String method, URI url, List<Field> headers, byte[] body, long timeoutMs, int maxResponseBytes,
                 DestinationPolicy policy) {
        this(method, url, headers, body, timeoutMs, maxResponseBytes, policy, Destination.Resolver.SYSTEM);
    }

    OutboundCall(String method, URI url, List<Field> headers, byte[] body, long timeoutMs, int maxResponseBytes,
                 DestinationPolicy policy, Destination.Resolver resolver) {
        this.method = method;
        this.url = url;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.timeoutMs = timeoutMs;
        this.maxResponseBytes = maxResponseBytes;
        this.policy = policy;
        this.resolver = resolver;
        this.hopUrl = url;
    }

    /** The URL of the hop being made (or that failed): the first one, or where a redirect led. */
    URI hop() {
        return hopUrl;
    }

    /** Makes the call on a thread of the plugin's; an interrupt of the caller aborts it. */
    Answer run() throws Exception {
        Future<Answer> answer = IO.submit(this::follow);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            HttpUriRequestBase request = current;
            if (request != null) {
                request.cancel();
            }
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Answer follow() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String origin = Destination.origin(url);
        boolean sameOrigin = true;
        String hopMethod = method;
        byte[] hopBody = body;
        URI hop = url;
        for (int redirects = 0; ; redirects++) {
            hopUrl = hop;
            Destination destination = Destination.of(hop, policy, resolver);
            HttpUriRequestBase request = new HttpUriRequestBase(hopMethod, hop);
            for (Field field : headers) {
                boolean dropped = (field.credential() && !sameOrigin)
                        || (hopBody == null && field.name().equalsIgnoreCase("Content-Type"));
                if (!dropped) {
                    request.addHeader(field.name(), field.value());
                }
            }
            if (hopBody != null) {
                request.setEntity(new ByteArrayEntity(hopBody, null));
            }
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            request.setConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(left))
                    .setConnectionRequestTimeout(Timeout.ofMilliseconds(left))
                    .build());
            current = request;
            HttpHost target = new HttpHost(destination.scheme(), destination.address(), destination.host(),
                    destination.port());
            try (ClassicHttpResponse response = CLIENT.executeOpen(target, request, HttpClientContext.create())) {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (!isRedirect(status) || location == null) {
                    byte[] raw = read(response.getEntity());
                    Header type = response.getFirstHeader("Content-Type");
                    return new Answer(status, headers(response), type == null ? "" : type.getValue(), raw, hop);
                }
                if (redirects >= MAX_REDIRECTS) {
                    throw new RefusedCallException("stopped after " + MAX_REDIRECTS + " redirects (last to "
                            + Destination.origin(hop) + ")");
                }
                URI next = next(hop, location.getValue());
                sameOrigin &= Destination.origin(next).equals(origin);
                // As browsers do: 303 turns into a GET, and so do 301/302 after a POST; 307/308 resend as is.
                if ((status == 303 && !hopMethod.equals("HEAD")) || ((status == 301 || status == 302) && hopMethod.equals("POST"))) {
                    hopMethod = "GET";
                    hopBody = null;
                }
                hop = next;
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI next(URI from, String location) throws RefusedCallException {
        try {
            URI next = from.resolve(location.trim());
            if (next.getScheme() == null || next.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return next;
        } catch (IllegalArgumentException e) {
            throw new RefusedCallException("redirected to an invalid URL by " + Destination.origin(from));
        }
    }

    private byte[] read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > maxResponseBytes) {
                    throw new ResponseTooLargeException("response body exceeds " + maxResponseBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static Map<String, Object> headers(ClassicHttpResponse response) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            grouped.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        grouped.forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : values));
        return out;
    }

    /** A body over the node's limit: not worth a retry. */
    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(String message) {
            super(message);
        }
    }
}
