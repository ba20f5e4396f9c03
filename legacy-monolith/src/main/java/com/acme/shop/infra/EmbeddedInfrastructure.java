package com.acme.shop.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import redis.embedded.RedisServer;

/**
 * Starts an embedded PostgreSQL and/or Redis when none is configured, so the jar runs on a bare JDK.
 *
 * <p>Runs once the environment is complete (env vars, system properties, arguments, application
 * files) and stops what it started only after every application context is closed, so graceful
 * shutdown can still use the database and the session store.
 */
public final class EmbeddedInfrastructure implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String PROPERTY_SOURCE = "acmeEmbeddedInfrastructure";

    // Deliberately not a static logger: logging is initialised by the same event we react to.
    private Logger log() {
        return LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (env.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        if (!hasText(env, "spring.datasource.url")) {
            properties.putAll(startPostgres());
            // A fresh embedded database is useless empty, so demo data is on unless said otherwise.
            if (!env.containsProperty("acme.seed")) {
                properties.put("acme.seed", "true");
            }
        } else {
            log().info("Using configured PostgreSQL at {}", env.getProperty("spring.datasource.url"));
        }
        if (!hasText(env, "spring.data.redis.url") && !hasText(env, "spring.data.redis.host")) {
            properties.putAll(startRedis());
        } else {
            log().info("Using configured Redis at {}", redisDescription(env));
        }
        if (!properties.isEmpty()) {
            env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        }
    }

    private Map<String, Object> startPostgres() {
        try {
            // Our shutdown handler stops it after the context closes; zonky's own hook would stop it
            // in parallel with graceful shutdown, under requests still in flight.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            SpringApplication.getShutdownHandlers().add(() -> closeQuietly(postgres));
            String url = postgres.getJdbcUrl("postgres", "postgres");
            log().info("No spring.datasource.url configured: started embedded PostgreSQL at {}", url);
            return Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private Map<String, Object> startRedis() {
        int port = freePort();
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .onShutdownForceStop(false)
                    // Nothing here is worth keeping across runs; never write dump files to the cwd.
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            SpringApplication.getShutdownHandlers().add(() -> stopQuietly(redis));
            String url = "redis://127.0.0.1:" + port;
            log().info("No spring.data.redis.url configured: started embedded Redis at {}", url);
            return Map.of("spring.data.redis.url", url);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis", e);
        }
    }

    private static String redisDescription(ConfigurableEnvironment env) {
        String url = env.getProperty("spring.data.redis.url");
        if (url != null) {
            // Never log a password that may sit in the URL's user-info part.
            return url.replaceAll("//[^@/]*@", "//***@");
        }
        return env.getProperty("spring.data.redis.host") + ":" + env.getProperty("spring.data.redis.port", "6379");
    }

    private static boolean hasText(ConfigurableEnvironment env, String key) {
        String value = env.getProperty(key);
        return value != null && !value.isBlank();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for embedded Redis", e);
        }
    }

    private void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
            log().info("Stopped embedded PostgreSQL");
        } catch (IOException e) {
            log().warn("Could not stop embedded PostgreSQL cleanly", e);
        }
    }

    private void stopQuietly(RedisServer redis) {
        try {
            redis.stop();
            log().info("Stopped embedded Redis");
        } catch (IOException e) {
            log().warn("Could not stop embedded Redis cleanly", e);
        }
    }
}
