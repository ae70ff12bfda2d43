package com.lenz.central.ces.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.NulCharacters;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One node's metrics as a slave sends them to {@code POST /api/ces/metrics}, checked field by field
 * so that every refusal (INVALID) names what was wrong. {@code id} is null when the sender gave none (the master
 * then matches by name); {@code customFieldsJson} is the JSON text of an object. The optional
 * {@code totalEnrollment} and {@code customFieldsJson} are null when the sender left them out: the
 * stored values stay.
 */
public record NodeReport(String id, String name, String ipAddress, Long totalEnrollment, String customFieldsJson) {

    static final int MAX_TEXT = 255;
    /** Node ids end up in replication slot names, so they stay short and plain. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public static NodeReport fromJson(JsonNode body, ObjectMapper mapper) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw DomainException.invalid("request body is missing or empty");
        }
        if (!body.isObject()) {
            throw DomainException.invalid("request body must be a JSON object");
        }
        NulCharacters.reject(body, "");
        String id = text(body, "id", false);
        if (id != null && !ID.matcher(id).matches()) {
            throw DomainException.invalid("field 'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String name = text(body, "name", true);
        String ip = text(body, "ip_address", true);
        if (!InetAddresses.isInetAddress(ip)) {
            throw DomainException.invalid("field 'ip_address' must be an IPv4 or IPv6 address");
        }
        return new NodeReport(id, name, ip, totalEnrollment(body.get("total_enrollment")),
                customFields(body.get("custom_fields"), mapper));
    }

    /** This report under another id (the one the master found or made for an id-less report). */
    public NodeReport withId(String newId) {
        return new NodeReport(newId, name, ipAddress, totalEnrollment, customFieldsJson);
    }

    /** The id compared case-insensitively: {@code A1B2C3D4} and {@code a1b2c3d4} are one node. */
    String idKey() {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    /**
     * This later report of a node written over an earlier one of the same batch: what this one left out,
     * the earlier one may have given. The earlier one's id (its case) is kept.
     */
    NodeReport over(NodeReport earlier) {
        return new NodeReport(earlier.id, name, ipAddress, totalEnrollment != null ? totalEnrollment : earlier.totalEnrollment,
                customFieldsJson != null ? customFieldsJson : earlier.customFieldsJson);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw DomainException.invalid("field '" + field + "' is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw DomainException.invalid("field '" + field + "' must be a string");
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            throw DomainException.invalid("field '" + field + "' must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw DomainException.invalid("field '" + field + "' must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static Long totalEnrollment(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw DomainException.invalid("field 'total_enrollment' must be an integer");
        }
        if (node.asLong() < 0) {
            throw DomainException.invalid("field 'total_enrollment' must be at least 0");
        }
        return node.asLong();
    }

    private static String customFields(JsonNode node, ObjectMapper mapper) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DomainException.invalid("field 'custom_fields' must be an object");
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw DomainException.invalid("field 'custom_fields' cannot be stored");
        }
    }
}
