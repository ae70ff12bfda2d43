package com.lenz.central.plugin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.lenz.central.plugin.api.Credential;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every spelling of a credential's secrets a node's output or error may carry back: a remote service
 * that echoes the request ({@code "Authorization": "Basic Ym9iOnMzY3JldA=="}), a URL that carries a
 * value percent-encoded, a JSON body that carries it escaped. Values shorter than
 * {@link #MIN_LENGTH} characters are left out, as masking them would mangle ordinary text.
 */
final class SecretForms {

    static final int MIN_LENGTH = 4;

    private SecretForms() {
    }

    /** The forms of {@code credential}'s values: raw, percent-encoded, JSON-escaped, base64; and http_basic's user:password. */
    static Set<String> of(Credential credential) {
        Set<String> forms = new LinkedHashSet<>();
        for (String value : credential.data().values()) {
            if (value != null && value.length() >= MIN_LENGTH) {
                addEncodings(forms, value);
            }
        }
        if ("http_basic".equals(credential.type())) {
            String username = credential.get("username");
            String password = credential.get("password");
            if (password != null && !password.isEmpty()) {
                // What the Authorization header carries: base64 of the pair, whatever each part's length.
                addEncodings(forms, (username == null ? "" : username) + ":" + password);
            }
        }
        forms.removeIf(form -> form.length() < MIN_LENGTH);
        return forms;
    }

    private static void addEncodings(Set<String> forms, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        forms.add(value);
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
