package com.lenz.central.ces;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.ces.core.CesMode;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ces:} block of config.yml: this node's role in the Centralized Enrollment System. */
@CheckedConfig
public class CesConfig implements SelfChecking {

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

    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.DAYS) @JsonProperty
    private Duration reportInterval = Duration.minutes(1);

    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 30, unit = TimeUnit.DAYS) @JsonProperty
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

    /** The master URL a slave reports to, when given, and this node's id (as reports carry it). */
    @Override
    public void check(ConfigProblems problems) {
        problems.httpUrl("masterUrl", masterUrl, false);
        if (nodeId != null && !nodeId.isBlank() && !nodeId.trim().matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("nodeId", "'" + nodeId + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }
}
