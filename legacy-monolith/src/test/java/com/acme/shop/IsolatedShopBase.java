package com.acme.shop;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A shop of one test class's own: its own database and Redis namespace, no demo data, settings of
 * its own (the internal API, reverse sync), closed after the class. For tests that configure the
 * shop differently from {@link ShopIntegrationBase}'s shared one, or that must see every row.
 *
 * <p>Each subclass declares its resources and registers them from its own
 * {@code @DynamicPropertySource} with {@link #register}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "acme.seed=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class IsolatedShopBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** A database and a namespace, dropped when the JVM ends (after Spring has closed the shop using them). */
    protected record Resources(PostgresDatabase database, RedisNamespace redis) {

        public static Resources create(String label) {
            Resources resources = new Resources(RealPostgres.newDatabase(label), RealRedis.newNamespace(label));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                resources.redis().close();
                resources.database().close();
            }, label + "-test-cleanup"));
            return resources;
        }
    }

    protected static void register(DynamicPropertyRegistry registry, Resources resources) {
        PostgresDatabase database = resources.database();
        RedisNamespace redis = resources.redis();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
        registry.add("spring.data.redis.url", () -> redis.endpoint().uri());
        registry.add("spring.session.data.redis.namespace", () -> redis.prefix().substring(0, redis.prefix().length() - 1));
    }

    /** The one category {@link TestData#product} uses; there is no demo data here. */
    @BeforeEach
    void booksCategory() {
        jdbc.update("insert into categories (slug, name) values ('books', 'Books') on conflict do nothing");
    }

    protected ShopClient newClient() {
        return new ShopClient("http://127.0.0.1:" + port);
    }
}
