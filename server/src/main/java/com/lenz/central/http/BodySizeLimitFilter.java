package com.lenz.central.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
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

    @Context
    private ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = limitFor();
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw ApiException.tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length header");
            }
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedStream(request.getEntityStream(), limit));
        }
    }

    private long limitFor() {
        if (resourceInfo != null) {
            if (resourceInfo.getResourceMethod() != null) {
                MaxBodySize m = resourceInfo.getResourceMethod().getAnnotation(MaxBodySize.class);
                if (m != null) {
                    return m.value();
                }
            }
            if (resourceInfo.getResourceClass() != null) {
                MaxBodySize c = resourceInfo.getResourceClass().getAnnotation(MaxBodySize.class);
                if (c != null) {
                    return c.value();
                }
            }
        }
        return DEFAULT_LIMIT;
    }

    /** Counts bytes as they are read and fails with 413 past the limit. */
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

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw ApiException.tooLarge(limit);
            }
        }
    }
}
