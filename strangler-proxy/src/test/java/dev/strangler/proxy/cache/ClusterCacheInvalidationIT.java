package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisCluster;
import dev.strangler.testsupport.RedisClusterExtension;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;

/**
 * Cache eviction by events on a real three-master Redis Cluster: the cached answers under {@code {cache}}, the event
 * streams under the events prefix's hash tag (as the relay writes them there), read by one XREAD over two streams.
 */
@ExtendWith({VertxExtension.class, RedisClusterExtension.class})
class ClusterCacheInvalidationIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: product
          match: {path: "/api/products/{sku}", methods: [GET]}
          target: legacy
          cache: {ttl: 60s, tags: ["product:{sku}"]}
        - id: order
          match: {path: "/api/orders/{id}", methods: [GET]}
          target: legacy
          cache: {ttl: 60s, tags: ["order:{id}"]}
      cacheInvalidation:
        - {stream: product, tag: "product:{aggregateId}"}
        - {stream: order, tag: "order:{aggregateId}"}
      """;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong(1000);
  private ProxyOnLoopback proxy;
  private RedisClusterClient jedis;
  private CacheOptions options;

  @BeforeEach
  void start(Vertx vertx, RedisCluster cluster) {
    jedis = cluster.client();
    options = new CacheOptions(cluster.url(), "it-" + id + ":", Duration.ofSeconds(2), 4096, null, "{events-" + id + "}:");
    ScriptedBackend backend = ScriptedBackend.start(vertx);
    proxy = ProxyOnLoopback.start(vertx, TABLE.formatted(backend.url()), options, null);
    vertx.deployVerticle(new CacheInvalidator(proxy.live(), options, proxy.metrics(), Duration.ofMillis(200))).await();
  }

  @AfterEach
  void stop() {
    proxy.stop();
    jedis.close();
  }

  @Test
  void eventsOnTwoStreamsEvictTheAnswersTheirRulesName() {
    cached("/api/products/ACME-1");
    cached("/api/products/ACME-2");
    cached("/api/orders/O-1");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      append("product", "Product", "ACME-1");
      assertThat(state("/api/products/ACME-1")).isEqualTo("miss");
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      append("order", "Order", "O-1");
      assertThat(state("/api/orders/O-1")).isEqualTo("miss");
    });
    assertThat(state("/api/products/ACME-2")).isEqualTo("hit");
  }

  private void cached(String path) {
    proxy.get(path);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(path), "hit"::equals);
  }

  private String state(String path) {
    return proxy.get(path).header(ResponseCache.DEBUG_HEADER);
  }

  /** As the relay appends: entry id {@code <sequence>-0}, the wire format's fields. */
  private void append(String stream, String aggregateType, String aggregateId) {
    long seq = sequence.incrementAndGet();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", UUID.randomUUID().toString());
    fields.put("type", aggregateType + "Updated");
    fields.put("aggregateType", aggregateType);
    fields.put("aggregateId", aggregateId);
    fields.put("sequence", Long.toString(seq));
    fields.put("occurredAt", "2026-01-01T00:00:00Z");
    fields.put("payload", "{}");
    jedis.xadd(options.stream(stream), new StreamEntryID(seq, 0), fields);
  }
}
