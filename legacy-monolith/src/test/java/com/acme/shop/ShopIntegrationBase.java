package com.acme.shop;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running shop every integration test talks to: real PostgreSQL, real Redis, real HTTP on a
 * random port, seeded with the standard demo data.
 *
 * <p>One database and one Redis namespace for the whole test run: every IT extends this class
 * with the same configuration, so Spring starts the shop once and caches it. Tests that change
 * data create their own products and customers rather than touching seeded ones others count on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "acme.seed=true")
public abstract class ShopIntegrationBase {

    protected static final PostgresDatabase DATABASE = RealPostgres.newDatabase("acme-shop");
    protected static final RedisNamespace REDIS = RealRedis.newNamespace("acme-shop");

    static {
        // Static resources outlive every test class; give them back when the JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            REDIS.close();
            DATABASE.close();
        }, "acme-shop-test-cleanup"));
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", () -> DATABASE.password() == null ? "" : DATABASE.password());
        registry.add("spring.data.redis.url", () -> REDIS.endpoint().uri());
        // Spring Session adds ":sessions:<id>", so every session key falls under the test's prefix.
        registry.add("spring.session.data.redis.namespace", () -> REDIS.prefix().substring(0, REDIS.prefix().length() - 1));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** A new browser-like client with its own cookie jar, i.e. its own session. */
    protected ShopClient newClient() {
        return new ShopClient("http://127.0.0.1:" + port);
    }
}
