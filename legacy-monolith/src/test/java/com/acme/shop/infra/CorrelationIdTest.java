package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationIdTest {

    @Test
    void aPlainTokenIsKeptAndAnythingElseGivesWayToTheGeneratedId() {
        assertThat(CorrelationId.choose("req-42_a.b:c", "gen")).isEqualTo("req-42_a.b:c");
        assertThat(CorrelationId.choose(null, "gen")).isEqualTo("gen");
        assertThat(CorrelationId.choose("", "gen")).isEqualTo("gen");
        assertThat(CorrelationId.choose("has space", "gen")).isEqualTo("gen");
        assertThat(CorrelationId.choose("x".repeat(129), "gen")).isEqualTo("gen");
    }

    @Test
    void outsideARequestThereIsNone() {
        assertThat(CorrelationId.current()).isEmpty();
    }
}
