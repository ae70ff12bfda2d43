package com.lenz.central.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the limit with 413, before they are read into memory: by the declared
 * {@code Content-Length} at once, and for chunked bodies as soon as the stream passes the limit.
 * Runs before authentication so that an anonymous client cannot make us buffer a huge body.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    /** 1 MiB: every JSON body of this API fits well within it, except where a method says otherwise. */
    public static final long DEFAULT_LIMIT = 1024 * 1024;
    /** At most this much of an oversized body is read and dropped before answering 413. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private final long limit;

    BodySizeLimitFilter(long limit) {
        this.limit = limit;
    }

    /** Gives every resource method its filter, with the limit of its {@link MaxBodySize}, decided once at start. */
    public static class Feature implements DynamicFeature {
        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            MaxBodySize annotation = resource.getResourceMethod().getAnnotation(MaxBodySize.class);
            if (annotation == null) {
                annotation = resource.getResourceClass().getAnnotation(MaxBodySize.class);
            }
            context.register(new BodySizeLimitFilter(annotation == null ? DEFAULT_LIMIT : annotation.value()));
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length header");
            }
            if (length > limit) {
                if (length <= DRAIN_LIMIT) {
                    // Read and drop it first: a client still sending when we answer may be reset before it reads us.
                    drain(request.getEntityStream());
                }
                throw ApiException.tooLarge(limit);
            }
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedStream(request.getEntityStream(), limit));
        }
    }

    private static void drain(InputStream in) {
        byte[] sink = new byte[16 * 1024];
        long drained = 0;
        try {
            int r;
            while (drained < DRAIN_LIMIT && (r = in.read(sink)) >= 0) {
                drained += r;
            }
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }

    /**
     * Counts bytes as they are read and fails with 413 past the limit. Before failing it reads and drops
     * the rest of a moderately oversized body, so that the client, still sending, is not reset before
     * it can read our answer.
     */
    private static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                drain(in);
                throw ApiException.tooLarge(limit);
            }
        }
    }
}
