package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/** With the cache's Redis down, cached routes are served without it, with no error, and it is used again once back. */
@ExtendWith(VertxExtension.class)
class CacheRedisDownIT {

  private RedisServerProcess redis;
  private ScriptedBackend backend;
  private ProxyOnLoopback proxy;
  private CacheOptions options;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServerProcess.start();
    backend = ScriptedBackend.start(vertx);
    options = CacheOptions.defaults(redis.endpoint().uri()); // the production timeout: 100 ms
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: product
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: legacy
            cache: {ttl: 60s, tags: ["product:{sku}"]}
        cacheInvalidation:
          - {stream: product, tag: "product:{aggregateId}"}
        """.formatted(backend.url()), options, null);
    vertx.deployVerticle(new CacheInvalidator(proxy.live(), options, proxy.metrics(), Duration.ofMillis(200))).await();
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  void aKilledRedisMeansCachedRoutesAreServedWithoutItAndARestartedOneIsUsedAgain() {
    cached("/api/products/ACME-00001");

    redis.kill();

    int before = backend.requests();
    for (int i = 0; i < 20; i++) {
      Reply reply = proxy.get("/api/products/ACME-00001");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
    }
    assertThat(backend.requests()).isEqualTo(before + 20);
    assertThat(proxy.metrics().scrape()).contains("strangler_cache_redis_errors_total{operation=\"lookup\"}");

    redis.restart();

    cached("/api/products/ACME-00001");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      append(System.nanoTime());
      assertThat(proxy.get("/api/products/ACME-00001").header(ResponseCache.DEBUG_HEADER))
          .as("the event reader is back too").isEqualTo("miss");
    });
  }

  @Test
  void aRedisThatStopsAnsweringCostsARequestAtMostTheTimeout() {
    cached("/api/products/ACME-00001");

    redis.pause();
    try {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Reply reply = proxy.get("/api/products/ACME-00001");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
        assertThat(took).isLessThan(options.timeout().plusMillis(400));
      }
    } finally {
      redis.resume();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("/api/products/ACME-00001").header(ResponseCache.DEBUG_HEADER),
        "hit"::equals);
  }

  private void cached(String path) {
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get(path).header(ResponseCache.DEBUG_HEADER), "hit"::equals);
  }

  private void append(long sequence) {
    try (var jedis = redis.endpoint().connect()) {
      jedis.xadd("strangler:events:product", new StreamEntryID(sequence, 0), Map.of("eventId", "e" + sequence,
          "type", "ProductUpdated", "aggregateType", "Product", "aggregateId", "ACME-00001", "sequence",
          Long.toString(sequence), "occurredAt", "2026-01-01T00:00:00Z", "payload", "{}"));
    }
  }
}
