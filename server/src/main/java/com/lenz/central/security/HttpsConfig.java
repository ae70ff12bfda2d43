package com.lenz.central.security;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * config.yml {@code https}: an HTTPS application connector next to the HTTP one, for deployments without a
 * TLS proxy. Off while {@code port} (HTTPS_PORT) is empty.
 */
public class HttpsConfig {

    @JsonProperty
    private String port = "";

    @JsonProperty
    private String keyStorePath = "";

    @JsonProperty
    private String keyStorePassword = "";

    public boolean isEnabled() {
        return port != null && !port.isBlank();
    }

    public String getPort() {
        return port;
    }

    public String getKeyStorePath() {
        return keyStorePath == null ? "" : keyStorePath;
    }

    public String getKeyStorePassword() {
        return keyStorePassword == null ? "" : keyStorePassword;
    }
}
