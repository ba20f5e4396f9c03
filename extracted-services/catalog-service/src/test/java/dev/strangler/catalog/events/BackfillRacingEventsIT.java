package dev.strangler.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.CatalogSettings;
import dev.strangler.catalog.backfill.Backfill;
import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.catalog.readmodel.CatalogReader;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ProductProjection.Outcome;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import dev.strangler.servicekit.backfill.StreamWatermark;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Backfills run while the monolith changes and the relay publishes the changes, a quarter of them with an
 * updatedAt earlier than the state before (their transaction started first, committed last). However the
 * pages and events interleave, every product ends in its latest state and the category counts are right.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class BackfillRacingEventsIT {

  private static final int PRODUCTS = 40;
  private static final int CHANGES = 1_500;
  private static final Logger LOG = LoggerFactory.getLogger(BackfillRacingEventsIT.class);

  @Test
  void everyProductEndsInItsLatestStateWhateverTheInterleaving(Vertx vertx, RedisNamespace ns) {
    FakeMonolith monolith = new FakeMonolith(vertx, PRODUCTS);
    String stream = ns.key("strangler:events:product");
    CatalogSettings settings = CatalogSettings.fromEnvironment(Map.of("CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", ns.endpoint().uri(), "CATALOG_KEY_PREFIX", ns.key("catalog:"),
        "CATALOG_EVENTS_REDIS_URL", ns.endpoint().uri(), "CATALOG_EVENTS_PREFIX", ns.key("strangler:"),
        "CATALOG_EVENTS_CONSUMER", "c1", "CATALOG_SHUTDOWN_GRACE_MS", "2000"));
    CatalogApplication app = OnVertx.await(vertx, () -> new CatalogApplication(vertx, settings, null).start());
    Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
    ReadModelKeys keys = new ReadModelKeys(ns.key("catalog:"));
    Backfill backfill = new Backfill(vertx.createHttpClient(), monolith.base(), new ProductProjection(redis, keys), redis, keys, 5,
        new StreamWatermark(redis, stream)::read);
    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);

    try (Jedis jedis = ns.endpoint().connect()) {
      AtomicBoolean changing = new AtomicBoolean(true);
      AtomicInteger runs = new AtomicInteger();
      CompletableFuture<Void> backfills = CompletableFuture.runAsync(() -> {
        while (changing.get() || runs.get() < 2) {
          OnVertx.await(vertx, backfill::run).outcomes().forEach((o, n) -> outcomes.merge(o, n, Long::sum));
          runs.incrementAndGet();
        }
      });
      change(monolith, new RelayedEvents(jedis, stream), () -> await().until(() -> caughtUp(jedis, stream)));
      changing.set(false);
      backfills.join();
      LOG.info("{} backfill runs during {} changes: {}", runs.get(), CHANGES, outcomes);

      CatalogReader reader = new CatalogReader(redis, keys);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (ProductSnapshot latest : monolith.products) {
          assertThat(OnVertx.await(vertx, () -> reader.product(latest.sku()))).as(latest.sku()).isEqualTo(latest.toJson().encode());
        }
      });
      Map<String, Long> expected = monolith.products.stream().collect(Collectors.groupingBy(ProductSnapshot::category,
          Collectors.counting()));
      for (String category : List.of("home", "toys")) {
        assertThat(jedis.scard(keys.category(category))).as(category).isEqualTo(expected.getOrDefault(category, 0L));
      }
      assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) runs.get() * PRODUCTS);
    } finally {
      OnVertx.await(vertx, app::stop);
      monolith.close();
    }
  }

  private static boolean caughtUp(Jedis jedis, String stream) {
    Map<String, Object> group = jedis.xinfoGroups(stream).get(0).getGroupInfo();
    return Long.valueOf(0).equals(group.get("lag")) && Long.valueOf(0).equals(group.get("pending"));
  }

  /** The monolith commits a change, then the relay publishes it: state first, event after, as with the outbox. */
  private static void change(FakeMonolith monolith, RelayedEvents relay, Runnable pause) {
    Random random = new Random(42);
    for (int i = 0; i < CHANGES; i++) {
      if (i % 100 == 99) {
        pause.run(); // let the consumer catch up now and then, so events land between pages too, not only before them
      }
      int k = random.nextInt(PRODUCTS);
      ProductSnapshot before = monolith.products.get(k);
      boolean startedEarlier = random.nextInt(4) == 0;
      ProductSnapshot after = new ProductSnapshot(before.sku(), before.name(), before.description(),
          new BigDecimal(random.nextInt(10_000)).movePointLeft(2), random.nextBoolean() ? "home" : "toys", random.nextInt(4),
          startedEarlier ? before.updatedAt().minusMillis(1 + random.nextInt(500)) : before.updatedAt().plusSeconds(1));
      monolith.products.set(k, after);
      relay.append(List.of("ProductUpdated", "PriceChanged", "StockChanged").get(random.nextInt(3)), after);
    }
  }
}
