package dev.strangler.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.orders.OrdersHarness;
import dev.strangler.servicekit.backfill.Retrying;
import dev.strangler.servicekit.events.WireEvents;
import dev.strangler.testsupport.FreePort;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * orders-service started with {@code ORDERS_BACKFILL_FROM} against the monolith's product pages on loopback, real
 * PostgreSQL and real Redis streams: every product arrives, events newer than a page's watermark are kept, readiness
 * waits, an unreachable monolith is retried.
 */
class ProductBackfillIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong entryIds = new AtomicLong(1);
  private ProductApi api;
  private OrdersHarness orders;

  @AfterEach
  void stop() {
    if (orders != null) {
      orders.close();
    }
    if (api != null) {
      api.close();
    }
    vertx.close().await();
  }

  @Test
  void anEmptyProjectionIsFilledWithEveryProductAndTheServiceIsReadyAndRegisteredOnlyThen() {
    api = new ProductApi(vertx, 250, 0, true);
    String discovery = dev.strangler.testsupport.RealRedis.server().uri();
    orders = new OrdersHarness("orders_backfill_fill", Map.of("ORDERS_BACKFILL_FROM", api.url(),
        "ORDERS_DISCOVERY_REDIS_URL", discovery, "ORDERS_DISCOVERY_PREFIX", "test:orders_backfill_" + System.nanoTime() + ":"), true);
    await().atMost(WAIT).until(() -> !api.requests.isEmpty());

    HttpResponse<String> during = orders.send(orders.request("/health/ready").GET());
    boolean registeredDuring = orders.app.registration() != null;
    api.release();
    await().atMost(WAIT).until(() -> orders.send(orders.request("/health/ready").GET()).statusCode() == 200);

    assertThat(during.statusCode()).isEqualTo(503);
    assertThat(during.body()).contains("product backfill from " + api.url() + " not completed yet");
    assertThat(registeredDuring).as("registered in discovery during the backfill").isFalse();
    assertThat(orders.count("orders_service.products")).isEqualTo(250);
    assertThat(orders.rows("select name, price, stock, updated_at = '2026-11-01T00:00:00Z' as updated from orders_service.products"
        + " where sku = 'ACME-00250'")).containsExactly(Map.of("name", "Product 250", "price", "250.99", "stock", "5", "updated", "t"));
    assertThat(api.requests).containsExactly("/api/products?sort=sku&size=100&page=0", "/api/products?sort=sku&size=100&page=1",
        "/api/products?sort=sku&size=100&page=2");
    assertThat(orders.rows("select next_page, products, completed_at is not null as done from orders_service.product_backfill"))
        .containsExactly(Map.of("next_page", "0", "products", "250", "done", "t"));
    await().atMost(WAIT).until(() -> orders.app.registration() != null);
    HttpResponse<String> added = orders.send(orders.request("/api/cart/items").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"ACME-00249\",\"quantity\":1}")));
    assertThat(added.statusCode()).as("a product only the backfill brought: %s", added.body()).isEqualTo(200);
  }

  @Test
  void aPageNeverOverwritesAnEventNewerThanItsWatermarkAndEventsItAlreadyHoldsAreSkipped() {
    int port = FreePort.find();
    orders = new OrdersHarness("orders_backfill_versions", Map.of("ORDERS_BACKFILL_FROM", "http://127.0.0.1:" + port,
        "ORDERS_BACKFILL_RETRY_MS", "50", "ORDERS_BACKFILL_RETRY_MAX_MS", "100"), true);
    // The stream's tail before the backfill: an older state of ACME-00004, then ACME-00005 as the monolith still has it.
    append(4, "ACME-00004", ProductApi.product("ACME-00004", "Product 4", "0.50", 1, "2026-10-01T00:00:00Z").encode());
    append(5, "ACME-00005", ProductApi.product(5).encode());
    await().atMost(WAIT).until(() -> orders.count("orders_service.products") == 2);
    api = new ProductApi(vertx, 10, port, true);
    await().atMost(WAIT).until(() -> !api.requests.isEmpty());

    // Read after the page's watermark (5): a price change the page can't know.
    append(6, "ACME-00002", ProductApi.product("ACME-00002", "Product 2", "42.00", 2, "2026-10-01T00:00:00Z").encode());
    await().atMost(WAIT).until(() -> guard("ACME-00002") == 6);
    api.release();
    await().atMost(WAIT).until(() -> orders.send(orders.request("/health/ready").GET()).statusCode() == 200);
    // Delivered late (a redelivery, or an entry the page already held): at or below the watermark.
    append(3, "ACME-00003", ProductApi.product("ACME-00003", "Product 3", "0.01", 0, "2026-10-01T00:00:00Z").encode());
    await().atMost(WAIT).until(() -> !pending());

    assertThat(price("ACME-00002")).as("the event above the watermark wins, whatever its updatedAt").isEqualTo("42.00");
    assertThat(price("ACME-00004")).as("the page over an event below its watermark").isEqualTo("4.99");
    assertThat(price("ACME-00003")).as("an event at or below the watermark after the page").isEqualTo("3.99");
    assertThat(orders.count("orders_service.products")).isEqualTo(10);
    assertThat(guard("ACME-00003")).isEqualTo(5);
    assertThat(guard("ACME-00002")).isEqualTo(6);
  }

  @Test
  void anUnreachableMonolithIsRetriedWithBackoffAndTheServiceStaysUnreadyUntilItAnswers() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger retries = (Logger) LoggerFactory.getLogger(Retrying.class);
    retries.addAppender(log);
    int port = FreePort.find();
    try {
      orders = new OrdersHarness("orders_backfill_down", Map.of("ORDERS_BACKFILL_FROM", "http://127.0.0.1:" + port,
          "ORDERS_BACKFILL_RETRY_MS", "50", "ORDERS_BACKFILL_RETRY_MAX_MS", "200"), true);
      await().atMost(WAIT).until(() -> log.list.size() >= 3);
      HttpResponse<String> down = orders.send(orders.request("/health/ready").GET());

      api = new ProductApi(vertx, 30, port, false);
      await().atMost(WAIT).until(() -> orders.send(orders.request("/health/ready").GET()).statusCode() == 200);

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("product backfill from http://127.0.0.1:" + port + " not completed yet");
      List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines.get(0)).startsWith("product backfill from http://127.0.0.1:" + port + " failed (attempt 1): ")
          .contains("Connection refused").endsWith("; retrying in 50 ms");
      assertThat(lines.get(1)).contains("(attempt 2)").endsWith("retrying in 100 ms");
      assertThat(lines.get(2)).contains("(attempt 3)").endsWith("retrying in 200 ms");
      assertThat(orders.count("orders_service.products")).isEqualTo(30);
    } finally {
      retries.detachAppender(log);
    }
  }

  private void append(long sequence, String sku, String payload) {
    Map<String, String> fields = WireEvents.fields(sequence, "ProductUpdated", "Product", sku, payload);
    try (Jedis jedis = orders.redis.endpoint().connect()) {
      jedis.xadd(orders.redis.key("events:product"), new StreamEntryID(entryIds.getAndIncrement(), 0), fields);
    }
  }

  private long guard(String sku) {
    List<Map<String, String>> rows = orders.rows("select sequence from orders_service.applied_events where aggregate_type = 'Product'"
        + " and aggregate_id = '" + sku + "'");
    return rows.isEmpty() ? -1 : Long.parseLong(rows.get(0).get("sequence"));
  }

  private String price(String sku) {
    return orders.rows("select price from orders_service.products where sku = '" + sku + "'").get(0).get("price");
  }

  private boolean pending() {
    try (Jedis jedis = orders.redis.endpoint().connect()) {
      return jedis.xpending(orders.redis.key("events:product"), OrdersHarness.SERVICE).getTotal() > 0;
    }
  }
}
