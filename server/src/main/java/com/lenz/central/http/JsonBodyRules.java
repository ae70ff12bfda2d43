package com.lenz.central.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What every JSON request body must be, beyond well-formed: UTF-8 without invalid bytes, at most
 * {@value #MAX_DEPTH} levels of objects and arrays, finite numbers and no lone surrogate escapes
 * ({@code "\ud800"}). Each is a 400 naming the rule, instead of the body being silently altered
 * ({@code Infinity}, {@code ?}, U+FFFD) or stored in a shape that a later read, template or schema
 * check cannot handle.
 *
 * <p>The limit lives here, on the bytes a client sends, rather than on the shared ObjectMapper: that
 * mapper also reads back what the server stored and what remote services answered (node outputs),
 * which may legitimately nest a few levels deeper than the body they came from.
 *
 * <p>Syntax errors are not judged here: the caller's own parser reports them in its words.
 */
public final class JsonBodyRules {

    /** Levels of nested objects/arrays a request body may have; {@code {"a": [1]}} has 2. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory STRICT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonBodyRules() {
    }

    /**
     * Throws a 400 {@link ApiException} naming the first rule {@code body} breaks; returns quietly for an
     * empty body, a body that follows the rules, or one that is not JSON at all (left to the caller).
     */
    public static void check(byte[] body) {
        if (body == null || body.length == 0) {
            return;
        }
        requireUtf8(body);
        JsonParser parser = null;
        try {
            parser = STRICT.createParser(body);
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> requireWholeCharacters(parser.currentName(), parser, true);
                    case VALUE_STRING -> requireWholeCharacters(parser.getText(), parser, false);
                    case VALUE_NUMBER_FLOAT -> requireFinite(parser);
                    default -> {
                    }
                }
            }
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw ApiException.badRequest("request body nests objects and arrays deeper than the limit of "
                        + MAX_DEPTH + " levels" + where(parser.currentTokenLocation()));
            }
            // Over Jackson's length limits (numbers of over 1000 digits, ...): the caller's parser says which.
        } catch (JsonProcessingException notJson) {
            if (notJson.getOriginalMessage() != null && notJson.getOriginalMessage().contains("surrogate")) {
                // Jackson itself refuses a lone surrogate in a field name (it keeps names as UTF-8).
                throw ApiException.badRequest("a field name in the request body holds a lone surrogate, which is no"
                        + " Unicode character" + where(parser));
            }
            // Malformed: the caller's parser reports it, with its own message.
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        } finally {
            closeQuietly(parser);
        }
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // a parser over a byte array holds nothing
            }
        }
    }

    private static void requireUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw ApiException.badRequest("request body is not valid UTF-8 (invalid byte sequence at byte offset "
                        + in.position() + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    private static void requireFinite(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            throw ApiException.badRequest(subject(parser, "the number") + " is too large: numbers must be finite"
                    + " (at most about 1.8e308 in magnitude)" + where(parser));
        }
    }

    /** Java strings are UTF-16: a surrogate without its pair came from a lone {@code \ud800}-style escape. */
    private static void requireWholeCharacters(String text, JsonParser parser, boolean isName) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // A name is not quoted back: it is the broken text itself.
                throw ApiException.badRequest((isName ? "a field name in the request body" : subject(parser, "the request body"))
                        + " holds a lone surrogate (\\u" + Integer.toHexString(c)
                        + "), which is no Unicode character" + where(parser));
            }
        }
    }

    /** {@code field 'nodes[0].config.x'}, or {@code fallback} for a value at the top of the body. */
    private static String subject(JsonParser parser, String fallback) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inObject() && ctx.getCurrentName() != null) {
                parts.addFirst(ctx.getCurrentName());
            } else if (ctx.inArray()) {
                parts.addFirst("[" + Math.max(0, ctx.getCurrentIndex()) + "]");
            }
        }
        if (parts.isEmpty()) {
            return fallback;
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        String text = path.length() > 200 ? path.substring(0, 200) + "..." : path.toString();
        return "field '" + text + "'";
    }

    private static String where(JsonParser parser) {
        return where(parser.currentLocation());
    }

    private static String where(com.fasterxml.jackson.core.JsonLocation at) {
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /**
     * Applies the rules to every request body Jersey turns into an object ({@code JsonNode}, records, maps).
     * Resources that take the raw body ({@code byte[]}, {@code String}) call {@link #check} themselves, at
     * the point where they parse it, so that their own checks (role, key, token) still come first.
     */
    public static final class Interceptor implements ReaderInterceptor {
        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            Class<?> type = context.getType();
            if (type == byte[].class || type == String.class || InputStream.class.isAssignableFrom(type)
                    || Reader.class.isAssignableFrom(type)) {
                return context.proceed();
            }
            // Bounded by BodySizeLimitFilter, which wrapped this stream before any interceptor runs.
            byte[] body = context.getInputStream().readAllBytes();
            check(body);
            context.setInputStream(new ByteArrayInputStream(body));
            return context.proceed();
        }
    }
}
