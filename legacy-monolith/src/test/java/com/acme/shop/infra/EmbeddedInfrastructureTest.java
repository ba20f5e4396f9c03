package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class EmbeddedInfrastructureTest {

    @Test
    void leavesConfiguredServicesAloneAndStartsNothing() {
        StandardEnvironment env = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example:5432/shop",
                "spring.data.redis.url", "redis://:secret@cache.example:6379"));

        new EmbeddedInfrastructure().onApplicationEvent(event(env));

        assertThat(env.getPropertySources().contains(EmbeddedInfrastructure.PROPERTY_SOURCE)).isFalse();
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/shop");
        assertThat(env.getProperty("acme.seed")).isNull();
    }

    @Test
    void aRedisHostAloneCountsAsConfigured() {
        StandardEnvironment env = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example:5432/shop",
                "spring.data.redis.host", "cache.example"));

        new EmbeddedInfrastructure().onApplicationEvent(event(env));

        assertThat(env.getProperty("spring.data.redis.url")).isNull();
    }

    static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    static ApplicationEnvironmentPreparedEvent event(StandardEnvironment env) {
        return new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], env);
    }
}
