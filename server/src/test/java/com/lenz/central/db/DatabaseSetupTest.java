package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseSetupTest {

    @Test
    void theFremisDatabaseDefaultsToASiblingOfTheLenzOne() {
        assertThat(DatabaseSetup.siblingDatabase("jdbc:postgresql://db:5432/lenz", "fremis"))
                .isEqualTo("jdbc:postgresql://db:5432/fremis");
        assertThat(DatabaseSetup.siblingDatabase("jdbc:postgresql://db:5432/lenz?sslmode=require", "fremis"))
                .isEqualTo("jdbc:postgresql://db:5432/fremis?sslmode=require");
        assertThat(DatabaseSetup.siblingDatabase("jdbc:postgresql://db:5432", "fremis"))
                .isEqualTo("jdbc:postgresql://db:5432/fremis");
    }
}
