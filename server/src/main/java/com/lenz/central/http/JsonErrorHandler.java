package com.lenz.central.http;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty answers some requests before Jersey sees them (bad URIs, oversized headers, servlet errors):
 * this makes those answers our JSON envelope instead of an HTML page. Two flavours, because the
 * servlet context and the bare server each take their own error-handler type. Jetty writes an error
 * body only for GET, POST and HEAD by default, leaving e.g. a refused TRACE or an ambiguous-path PUT with
 * an empty body: here every method gets the envelope.
 */
public final class JsonErrorHandler {

    private JsonErrorHandler() {
    }

    /** For the Jetty {@code Server} itself. */
    public static org.eclipse.jetty.server.handler.ErrorHandler forServer() {
        return new ServerHandler();
    }

    /** For the application's servlet context. */
    public static org.eclipse.jetty.ee10.servlet.ErrorHandler forContext() {
        return new ContextHandler();
    }

    static String body(int status, String reason) {
        String message = ErrorMessages.forStatus(status);
        String error = reason == null || reason.isBlank() ? message : reason;
        return "{\"ok\":false,\"message\":" + quote(message) + ",\"error\":" + quote(error) + "}";
    }

    /** Jetty's bare "Method Not Allowed" (e.g. TRACE, refused for every path) says which method. */
    static String reason(Request request, int code, String message) {
        return code == 405 ? "method " + request.getMethod() + " is not allowed" : message;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class ServerHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        ServerHandler() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                throws java.io.IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json",
                    List.of(StandardCharsets.UTF_8), code, message, null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(body(code, reason(request, code, message)));
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class ContextHandler extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        ContextHandler() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                throws java.io.IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json",
                    List.of(StandardCharsets.UTF_8), code, message, null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(body(code, reason(request, code, message)));
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
        }
    }
}
