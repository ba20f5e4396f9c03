package dev.strangler.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.orders.OrdersHarness;
import dev.strangler.servicekit.events.WireEvents;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * The monolith's events, appended to real Redis streams as its relay does, applied to orders-service's PostgreSQL
 * projections through service-kit's guarded SQL sink: once, never older over newer; legacy orders imported, not re-published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionIT {

  /** Stream entry ids only grow; the event's own sequence is a field (a redelivery or a late event keeps its own). */
  private final AtomicLong entryIds = new AtomicLong(1);
  private OrdersHarness orders;

  @BeforeAll
  void start() {
    orders = new OrdersHarness("orders_projection", Map.of(), true);
  }

  @AfterAll
  void stop() {
    orders.close();
  }

  @Test
  void productEventsApplyOnceAndAnOlderOneNeverOverwritesANewer() {
    append("events:product", 10, "ProductCreated", "Product", "ACME-00100", product("ACME-00100", "5.00", 7));
    append("events:product", 12, "PriceChanged", "Product", "ACME-00100", product("ACME-00100", "6.50", 7));
    append("events:product", 10, "ProductCreated", "Product", "ACME-00100", product("ACME-00100", "5.00", 7));
    append("events:product", 11, "StockChanged", "Product", "ACME-00100", product("ACME-00100", "5.00", 1));
    append("events:product", 13, "StockChanged", "Product", "ACME-00101", product("ACME-00101", "1.00", 2));

    await().atMost(Duration.ofSeconds(15)).until(() -> orders.count("orders_service.products") == 2
        && orders.count("orders_service.applied_events where aggregate_type = 'Product'") == 2 && !pending());

    assertThat(orders.rows("select price, stock from orders_service.products where sku = 'ACME-00100'"))
        .containsExactly(Map.of("price", "6.50", "stock", "7"));
    assertThat(orders.rows("select sequence from orders_service.applied_events where aggregate_id = 'ACME-00100'"))
        .containsExactly(Map.of("sequence", "12"));
  }

  @Test
  void theMonolithsOrderIsImportedOnceAsLegacyAndNotRepublished() {
    String order = "{\"id\":42,\"customerId\":501,\"status\":\"PLACED\",\"total\":25.98,\"placedAt\":\"2026-11-29T08:00:00.123456Z\","
        + "\"lines\":[{\"lineNo\":1,\"sku\":\"ACME-00001\",\"productName\":\"Kettle\",\"unitPrice\":12.99,\"quantity\":2,\"lineTotal\":25.98}]}";
    append("events:order", 20, "OrderPlaced", "Order", "42", order);
    append("events:order", 20, "OrderPlaced", "Order", "42", order);

    await().atMost(Duration.ofSeconds(15)).until(() -> orders.count("orders_service.orders") > 0 && !pending());

    assertThat(orders.rows("select id, customer_id, origin, total from orders_service.orders where id = 42"))
        .containsExactly(Map.of("id", "42", "customer_id", "501", "origin", "legacy", "total", "25.98"));
    assertThat(orders.count("orders_service.order_lines where order_id = 42")).isEqualTo(1);
    assertThat(orders.count("orders_service.outbox")).isZero();
    HttpResponse<String> shown = orders.send(orders.as(501, orders.session(Map.of()), "/api/orders/42").GET());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(shown.body())).isEqualTo(new JsonObject(order));
  }

  @Test
  void registrationsFillTheCustomerProjection() {
    append("events:customer", 30, "CustomerRegistered", "Customer", "77",
        "{\"id\":77,\"email\":\"ann@acme.test\",\"name\":\"Ann\",\"registeredAt\":\"2026-11-29T08:00:00Z\"}");

    await().atMost(Duration.ofSeconds(15)).until(() -> orders.count("orders_service.customers where id = 77") == 1);

    assertThat(orders.rows("select email, name from orders_service.customers where id = 77"))
        .containsExactly(Map.of("email", "ann@acme.test", "name", "Ann"));
  }

  private void append(String stream, long sequence, String type, String aggregateType, String aggregateId, String payload) {
    Map<String, String> fields = WireEvents.fields(sequence, type, aggregateType, aggregateId, payload);
    try (Jedis jedis = orders.redis.endpoint().connect()) {
      jedis.xadd(orders.redis.key(stream), new StreamEntryID(entryIds.getAndIncrement(), 0), fields);
    }
  }

  /** Whether the group still has unacknowledged entries on any stream. */
  private boolean pending() {
    try (Jedis jedis = orders.redis.endpoint().connect()) {
      for (String stream : List.of("events:product", "events:order", "events:customer")) {
        if (jedis.exists(orders.redis.key(stream)) && jedis.xpending(orders.redis.key(stream), OrdersHarness.SERVICE).getTotal() > 0) {
          return true;
        }
      }
      return false;
    }
  }

  private static String product(String sku, String price, int stock) {
    return "{\"sku\":\"" + sku + "\",\"name\":\"Kettle " + price + "\",\"description\":\"\",\"price\":" + price
        + ",\"category\":\"kitchen\",\"stock\":" + stock + ",\"updatedAt\":\"2026-11-29T08:00:00Z\"}";
  }
}
