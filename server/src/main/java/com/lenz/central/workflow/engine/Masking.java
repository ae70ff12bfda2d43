package com.lenz.central.workflow.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replaces the secret values a node read from its credentials wherever they appear in its output or error. */
final class Masking {

    static final String MASK = "***";

    private Masking() {
    }

    static String mask(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> T mask(T value, List<String> secrets) {
        if (value instanceof String s) {
            return (T) mask(s, secrets);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            // Keys too: a service echoing request headers back may use a secret as a name.
            map.forEach((k, v) -> out.put(mask(String.valueOf(k), secrets), mask(v, secrets)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(mask(v, secrets)));
            return (T) out;
        }
        return value;
    }
}
