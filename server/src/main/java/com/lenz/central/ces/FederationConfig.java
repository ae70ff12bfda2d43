package com.lenz.central.ces;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The {@code federation:} block: other Lenz Central instances this one can query on a user's behalf. */
public class FederationConfig {

    @Valid @NotNull @JsonProperty
    private List<Instance> instances = new ArrayList<>();

    public List<Instance> getInstances() {
        return instances;
    }

    /** One federated instance: its id (as in {@code ?instance=}), base URL and bearer token. */
    @CheckedConfig
    public static class Instance implements SelfChecking {
        @NotBlank @JsonProperty
        private String id;
        @NotBlank @JsonProperty
        private String url;
        @JsonProperty
        private String token = "";

        public String getId() {
            return id;
        }

        public String getUrl() {
            return url;
        }

        public String getToken() {
            return token;
        }

        @Override
        public void check(ConfigProblems problems) {
            if (url != null && !url.isBlank()) {
                problems.httpUrl("url", url, true);
            }
        }
    }
}
