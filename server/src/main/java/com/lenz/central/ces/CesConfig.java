package com.lenz.central.ces;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.ces.core.CesMode;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ces:} block of config.yml: this node's role in the Centralized Enrollment System. */
public class CesConfig {

    @JsonProperty
    private boolean enabled = false;

    @NotNull @Pattern(regexp = "master|slave", message = "must be master or slave") @JsonProperty
    private String mode = "master";

    @JsonProperty
    private String masterUrl = "";

    /** Never returned nor logged. */
    @JsonProperty
    private String masterApiKey = "";

    @JsonProperty
    private String nodeId = "";

    @JsonProperty
    private String nodeName = "";

    @JsonProperty
    private String nodeIp = "";

    @NotNull @JsonProperty
    private Duration reportInterval = Duration.minutes(1);

    @NotNull @JsonProperty
    private Duration offlineAfter = Duration.minutes(3);

    /** Sent with this node's metrics as {@code custom_fields}; empty when unset. */
    @JsonProperty
    private Map<String, Object> customFields = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public String getMode() {
        return mode;
    }

    public CesMode cesMode() {
        return CesMode.of(mode);
    }

    public boolean isMaster() {
        return cesMode() == CesMode.MASTER;
    }

    public String getMasterUrl() {
        return masterUrl;
    }

    public String getMasterApiKey() {
        return masterApiKey;
    }

    public String getNodeId() {
        return nodeId;
    }

    public String getNodeName() {
        return nodeName;
    }

    public String getNodeIp() {
        return nodeIp;
    }

    public Duration getReportInterval() {
        return reportInterval;
    }

    public Duration getOfflineAfter() {
        return offlineAfter;
    }

    public Map<String, Object> getCustomFields() {
        return customFields == null ? Map.of() : customFields;
    }
}
