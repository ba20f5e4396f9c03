package com.acme.shop.orders.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.shop.IsolatedShopBase;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reverse sync stops promptly when its Redis is gone: an embedded Redis dies first at shutdown (its library's own
 * JVM hook), and a read the client keeps for a reconnect used to hold the monolith's shutdown for the block time plus
 * ten seconds. A redis-server of this test's own, so it can be killed.
 */
class ReverseSyncShutdownIT extends IsolatedShopBase {

    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final RedisServerProcess REDIS = RedisServerProcess.start();
    private static final Resources RESOURCES = Resources.create("reverse-sync-stop");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        PostgresDatabase database = RESOURCES.database();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + REDIS.port());
        registry.add("acme.internal.token", () -> "reverse-sync-stop-token-0123456789abcdef");
        registry.add("acme.reverse-sync.enabled", () -> "true");
        registry.add("acme.reverse-sync.block", BLOCK::toString);
    }

    @Autowired
    private ReverseSyncConsumer consumer;

    @AfterAll
    static void removeRedis() {
        REDIS.close(); // killed by the test already; its files go
    }

    @Test
    void stoppingWhileRedisIsGoneEndsTheReadInsteadOfWaitingForAReconnect() {
        assertThat(consumer.isRunning()).isTrue();
        REDIS.close();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(consumer::stop);

        // Before: block + 10 s. Now: block + 1 s, then the read is ended and the thread gets at most another second.
        await().atMost(BLOCK.plusSeconds(4)).until(stopping::isDone);
        assertThat(consumer.isRunning()).isFalse();
    }
}
