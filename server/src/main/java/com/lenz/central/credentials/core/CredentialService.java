package com.lenz.central.credentials.core;

import com.lenz.central.credentials.db.CredentialStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.NulCharacters;
import com.lenz.central.plugin.api.Credential;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Credentials: validated per type, encrypted before they reach the database, decrypted only for the
 * nodes that use them. Their data never leaves through the API.
 */
public class CredentialService {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_VALUE = 4096;
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final CredentialStore store;
    private final CredentialCipher cipher;
    private final ObjectMapper json;

    public CredentialService(CredentialStore store, CredentialCipher cipher, ObjectMapper json) {
        this.store = store;
        this.cipher = cipher;
        this.json = json;
    }

    public CredentialSummary create(JsonNode body) {
        requireObject(body);
        NulCharacters.reject(body, "");
        String id = body.hasNonNull("id") ? text(body, "id") : "cred-" + UUID.randomUUID();
        if (!ID.matcher(id).matches()) {
            throw DomainException.invalid("id must be 1-64 letters, digits, '_', '-' or '.'");
        }
        String name = name(body);
        CredentialType type = type(body);
        if (!body.hasNonNull("data")) {
            throw DomainException.invalid("data is required");
        }
        Map<String, String> data = data(body.get("data"), type);
        CredentialLogSecrets.register(type.wire(), data);
        return store.create(id, name, type.wire(), seal(id, data))
                .orElseThrow(() -> DomainException.conflict("credential already exists", "a credential with id " + id + " exists"));
    }

    /** Replaces name and type; {@code data} is replaced when given and kept otherwise. */
    public CredentialSummary update(String id, JsonNode body) {
        requireObject(body);
        NulCharacters.reject(body, "");
        CredentialStore.Sealed existing = store.findSealed(id)
                .orElseThrow(() -> DomainException.notFound("no credential with id " + id));
        String name = name(body);
        CredentialType type = type(body);
        byte[] sealed = null;
        if (body.hasNonNull("data")) {
            Map<String, String> data = data(body.get("data"), type);
            CredentialLogSecrets.register(type.wire(), data);
            sealed = seal(id, data);
        } else if (!type.wire().equals(existing.summary().type())) {
            throw DomainException.invalid("data is required when the type changes");
        }
        return store.update(id, name, type.wire(), sealed)
                .orElseThrow(() -> DomainException.notFound("no credential with id " + id));
    }

    public CredentialSummary get(String id) {
        return store.find(id).orElseThrow(() -> DomainException.notFound("no credential with id " + id));
    }

    public List<CredentialSummary> list(long offset, int limit) {
        return store.list(offset, limit);
    }

    public long count() {
        return store.count();
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw DomainException.notFound("no credential with id " + id);
        }
    }

    /** A credential decrypted for a node, or empty when there is none with that id. */
    public Optional<Credential> lookup(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return store.findSealed(id).map(sealed -> {
            try {
                Map<String, String> data = json.readValue(cipher.decrypt(id, sealed.dataEnc()), STRING_MAP);
                CredentialLogSecrets.register(sealed.summary().type(), data);
                return new Credential(id, sealed.summary().type(), data);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("credential " + id + " holds unreadable data");
            }
        });
    }

    private byte[] seal(String id, Map<String, String> data) {
        try {
            return cipher.encrypt(id, json.writeValueAsString(data));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("request body must be a JSON object");
        }
    }

    private static String name(JsonNode body) {
        String name = body.hasNonNull("name") ? text(body, "name").trim() : "";
        if (name.isEmpty() || name.length() > 128) {
            throw DomainException.invalid("name is required (at most 128 characters)");
        }
        return name;
    }

    private static CredentialType type(JsonNode body) {
        String type = body.hasNonNull("type") ? text(body, "type") : "";
        return CredentialType.parse(type)
                .orElseThrow(() -> DomainException.invalid("type must be one of " + CredentialType.names()));
    }

    private static Map<String, String> data(JsonNode data, CredentialType type) {
        if (!data.isObject()) {
            throw DomainException.invalid("data must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!type.allows(field.getKey())) {
                throw DomainException.invalid("data." + field.getKey() + " is not a field of a " + type.wire()
                        + " credential");
            }
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isNumber()) || value.asText().isEmpty() || value.asText().length() > MAX_VALUE) {
                throw DomainException.invalid("data." + field.getKey() + " must be a non-empty string");
            }
            out.put(field.getKey(), value.asText());
        }
        for (String required : type.required()) {
            if (!out.containsKey(required)) {
                throw DomainException.invalid("data." + required + " is required for a " + type.wire() + " credential");
            }
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isTextual()) {
            throw DomainException.invalid(field + " must be a string");
        }
        return value.asText();
    }
}
