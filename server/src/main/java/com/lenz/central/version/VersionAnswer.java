package com.lenz.central.version;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The shape of {@code GET /api/version}'s answer, for the OpenAPI document only. */
@Schema(name = "VersionAnswer", requiredProperties = {"ok", "message", "data"})
public record VersionAnswer(
        @Schema(allowableValues = "true") @JsonProperty("ok") boolean ok,
        @JsonProperty("message") String message,
        @JsonProperty("data") Data data) {

    @Schema(name = "VersionData", requiredProperties = {"version", "commit", "build_time"})
    public record Data(
            @Schema(example = "1.0.0") @JsonProperty("version") String version,
            @Schema(description = "git commit of the build, or unknown") @JsonProperty("commit") String commit,
            @Schema(description = "UTC, or unknown") @JsonProperty("build_time") String buildTime) {
    }
}
