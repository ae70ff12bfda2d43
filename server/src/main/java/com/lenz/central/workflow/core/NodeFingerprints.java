package com.lenz.central.workflow.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short fingerprint of each node definition an execution ran with, so that a retry can tell whether the
 * nodes whose outputs it reuses are still the same: SHA-256 (first 16 hex digits) of the node's JSON with map
 * keys sorted, without its display {@code name} (renaming a node changes nothing it does).
 */
public final class NodeFingerprints {

    private final ObjectMapper canonical;

    public NodeFingerprints(ObjectMapper json) {
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    public List<String> of(List<WorkflowNode> nodes) {
        return nodes.stream().map(this::of).toList();
    }

    public String of(WorkflowNode node) {
        WorkflowNode unnamed = new WorkflowNode(node.id(), node.type(), null, node.config(), node.retry(),
                node.timeoutMs(), node.continueOnFail());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(unnamed));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint node " + node.id(), e);
        }
    }
}
