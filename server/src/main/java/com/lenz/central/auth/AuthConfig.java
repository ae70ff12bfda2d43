package com.lenz.central.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code auth:} block of config.yml. */
public class AuthConfig {

    /** HMAC secret for access tokens; generated into DATA_DIR when empty. */
    @JsonProperty
    private String jwtSecret = "";

    @NotNull @JsonProperty
    private String adminUsername = "admin";

    /** Password of the first admin; a random one is generated and logged once when empty. */
    @JsonProperty
    private String adminPassword = "";

    @NotNull @JsonProperty
    private Duration accessTokenTtl = Duration.hours(1);

    @NotNull @JsonProperty
    private Duration refreshTokenTtl = Duration.days(30);

    public String getJwtSecret() {
        return jwtSecret;
    }

    public String getAdminUsername() {
        return adminUsername;
    }

    public String getAdminPassword() {
        return adminPassword;
    }

    public Duration getAccessTokenTtl() {
        return accessTokenTtl;
    }

    public Duration getRefreshTokenTtl() {
        return refreshTokenTtl;
    }
}
