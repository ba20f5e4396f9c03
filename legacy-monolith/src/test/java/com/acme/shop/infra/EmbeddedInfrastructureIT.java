package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import redis.clients.jedis.Jedis;

/** With nothing configured the shop brings its own PostgreSQL and Redis, and turns the seed on. */
class EmbeddedInfrastructureIT {

    @Test
    void startsReachableEmbeddedServersAndEnablesTheSeed() throws Exception {
        StandardEnvironment env = EmbeddedInfrastructureTest.environment(Map.of());

        new EmbeddedInfrastructure().onApplicationEvent(EmbeddedInfrastructureTest.event(env));

        assertThat(env.getProperty("acme.seed")).isEqualTo("true");
        try (Connection db = DriverManager.getConnection(env.getProperty("spring.datasource.url"),
                        env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"));
                ResultSet rs = db.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
        java.net.URI redis = java.net.URI.create(env.getProperty("spring.data.redis.url"));
        assertThat(redis.getHost()).isEqualTo("127.0.0.1");
        try (Jedis jedis = new Jedis(redis.getHost(), redis.getPort())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        // The servers are stopped by Spring's shutdown handlers when this JVM exits.
    }

    @Test
    void anExplicitSeedSettingWinsOverTheEmbeddedDefault() {
        StandardEnvironment env = EmbeddedInfrastructureTest.environment(Map.of(
                "acme.seed", "false", "spring.data.redis.url", "redis://127.0.0.1:1"));

        new EmbeddedInfrastructure().onApplicationEvent(EmbeddedInfrastructureTest.event(env));

        assertThat(env.getProperty("acme.seed")).isEqualTo("false");
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://");
    }
}
