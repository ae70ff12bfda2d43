package com.lenz.central.security;

import com.fasterxml.jackson.annotation.JsonProperty;

/** config.yml {@code adminPort}: HTTP basic credentials for the admin port (ADMIN_PORT_USER, ADMIN_PORT_PASSWORD). */
public class AdminPortConfig {

    @JsonProperty
    private String user = "";

    @JsonProperty
    private String password = "";

    public String getUser() {
        return user == null ? "" : user;
    }

    public String getPassword() {
        return password == null ? "" : password;
    }

    public boolean hasCredentials() {
        return !getUser().isEmpty() && !getPassword().isEmpty();
    }
}
