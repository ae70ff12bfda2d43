package com.lenz.central.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * config.yml {@code https}: an HTTPS application connector next to the HTTP one, for deployments without a
 * TLS proxy. Off while {@code port} (HTTPS_PORT) is empty.
 */
@CheckedConfig
public class HttpsConfig implements SelfChecking {

    @JsonProperty
    private String port = "";

    @JsonProperty
    private String keyStorePath = "";

    @JsonProperty
    private String keyStorePassword = "";

    /** What HttpsConnector would refuse at start, found by {@code check} already. */
    @Override
    public void check(ConfigProblems problems) {
        if (!isEnabled()) {
            return;
        }
        int number;
        try {
            number = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            problems.add("port", "HTTPS_PORT: must be a port number (0-65535), not '" + port + "'");
        }
        if (getKeyStorePath().isBlank() || !Files.isReadable(Path.of(getKeyStorePath()))) {
            problems.add("keyStorePath", "HTTPS_KEYSTORE_PATH: must name a readable keystore (JKS or PKCS12) when"
                    + " HTTPS_PORT is set, not '" + getKeyStorePath() + "'");
        }
    }

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
