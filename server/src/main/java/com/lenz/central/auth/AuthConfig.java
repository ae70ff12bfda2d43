package com.lenz.central.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import jakarta.validation.constraints.NotNull;

/** The {@code auth:} block of config.yml. */
@CheckedConfig
public class AuthConfig implements SelfChecking {

    /** HMAC secret for access tokens; generated into DATA_DIR when empty. */
    @JsonProperty
    private String jwtSecret = "";

    @NotNull @JsonProperty
    private String adminUsername = "admin";

    /** Password of the first admin; a random one is generated and logged once when empty. */
    @JsonProperty
    private String adminPassword = "";

    @NotNull @MinDuration(value = 10, unit = TimeUnit.SECONDS) @MaxDuration(value = 7, unit = TimeUnit.DAYS) @JsonProperty
    private Duration accessTokenTtl = Duration.hours(1);

    @NotNull @MaxDuration(value = 365, unit = TimeUnit.DAYS) @JsonProperty
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

    @Override
    public void check(ConfigProblems problems) {
        if (accessTokenTtl != null && refreshTokenTtl != null
                && refreshTokenTtl.toMilliseconds() < accessTokenTtl.toMilliseconds()) {
            problems.add("refreshTokenTtl", "'" + refreshTokenTtl + "' must be at least @auth.accessTokenTtl ("
                    + accessTokenTtl + ")");
        }
    }
}
