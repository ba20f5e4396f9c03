package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/** The event reader: plain XREAD BLOCK from where each stream ends when first named, nothing missed between reads. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RedisStreamFeedIT {

  private final List<StreamEvent> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Set<String>> streams = new AtomicReference<>(Set.of("product"));
  private Vertx vertx;
  private RedisNamespace ns;
  private RedisStreamFeed feed;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    append("product", 1, "ProductCreated", "OLD-1");
    feed = new RedisStreamFeed(vertx, CacheOptions.defaults(ns.endpoint().uri()).withPrefix(ns.prefix()), Duration.ofMillis(200));
    OnVertx.await(vertx, () -> {
      feed.start(streams::get, seen::add);
      return Future.succeededFuture();
    });
  }

  @AfterEach
  void stop() {
    OnVertx.await(vertx, () -> feed.stop());
  }

  @Test
  void eventsAppendedFromNowOnArriveInOrderWithTheirFieldsAndOlderOnesDoNot() {
    java.util.concurrent.atomic.AtomicLong warmUp = new java.util.concurrent.atomic.AtomicLong(1);
    // Until the reader has its position: the last warm-up event appended is seen, so none is still on its way (they
    // arrive in order) when the list is cleared.
    append("product", warmUp.incrementAndGet(), "ProductUpdated", "WARM-UP");
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (seen.stream().anyMatch(e -> e.id().equals(warmUp.get() + "-0"))) {
        return true;
      }
      append("product", warmUp.incrementAndGet(), "ProductUpdated", "WARM-UP"); // appended before the reader's position
      return false;
    });
    seen.clear();
    long next = 100;
    for (int i = 0; i < 250; i++) {
      append("product", next + i, "PriceChanged", "ACME-" + i);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 250);
    assertThat(seen).extracting(e -> e.field("aggregateId")).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 250).mapToObj(i -> "ACME-" + i).toList());
    assertThat(seen.get(0).stream()).isEqualTo("product");
    assertThat(seen.get(0).id()).isEqualTo("100-0");
    assertThat(seen.get(0).type()).isEqualTo("PriceChanged");
    assertThat(seen.get(0).field("payload.sku")).isEqualTo("ACME-0");
  }

  @Test
  void aStreamNamedLaterIsReadFromWhereItEndsThen() {
    append("order", 1, "OrderPlaced", "BEFORE");
    streams.set(Set.of("product", "order"));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      append("order", System.nanoTime(), "OrderPlaced", "AFTER");
      assertThat(seen).anyMatch(e -> e.stream().equals("order"));
    });
    assertThat(seen).noneMatch(e -> "BEFORE".equals(e.field("aggregateId")));
    assertThat(seen).noneMatch(e -> "OLD-1".equals(e.field("aggregateId")));
  }

  private void append(String stream, long sequence, String type, String id) {
    try (var jedis = ns.endpoint().connect()) {
      jedis.xadd(ns.key("events:" + stream), new StreamEntryID(sequence, 0), Map.of("eventId", "e-" + sequence, "type", type,
          "aggregateType", stream, "aggregateId", id, "sequence", Long.toString(sequence),
          "occurredAt", "2026-01-01T00:00:00Z", "payload", "{\"sku\":\"" + id + "\"}"));
    }
  }
}
