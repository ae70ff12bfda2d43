package com.lenz.central.history.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.lenz.central.history.HistoryConfig;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retention values as config.yml (and so the environment variables) give them. */
class RetentionTest {

    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    @Test
    void durationsInTheFormOfTheOtherSettingsAndZeroForForever() throws Exception {
        HistoryConfig config = YAML.readValue("executionsRetention: 30d\neventsRetention: 0\nexportsRetention: 12 hours\n",
                HistoryConfig.class);
        assertThat(config.getExecutionsRetention().duration()).contains(Duration.ofDays(30));
        assertThat(config.getEventsRetention().keepsForever()).isTrue();
        assertThat(config.getExportsRetention().duration()).contains(Duration.ofHours(12));
        assertThat(Retention.parse("0d").keepsForever()).isTrue();
        assertThat(Retention.parse("90d").cutoff(Instant.parse("2025-04-01T00:00:00Z")))
                .contains(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(Retention.parse("0").cutoff(Instant.now())).isEmpty();
    }

    @Test
    void theDefaultsAre30And90Days() {
        HistoryConfig defaults = new HistoryConfig();
        assertThat(defaults.getExecutionsRetention().duration()).contains(Duration.ofDays(30));
        assertThat(defaults.getEventsRetention().duration()).contains(Duration.ofDays(90));
        assertThat(defaults.getExportsRetention().duration()).contains(Duration.ofDays(30));
    }

    @Test
    void anythingElseIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> YAML.readValue("executionsRetention: forever\n", HistoryConfig.class))
                .hasMessageContaining("'forever' is not a retention: use 0 (keep forever) or a duration");
        assertThatThrownBy(() -> Retention.parse("-1d")).hasMessageContaining("is not a retention");
    }
}
