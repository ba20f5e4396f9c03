package dev.strangler.orders.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.orders.OrdersHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Checkout against its own database, the session Redis and a real loopback reservation server (C1). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutIT {

  private OrdersHarness orders;

  @BeforeAll
  void start() {
    orders = new OrdersHarness("orders_checkout", Map.of());
    orders.product("ACME-00001", "Kettle", "19.99", 10);
    orders.product("ACME-00002", "Lamp", "5.00", 3);
    orders.product("ACME-00003", "Drill", "120.50", 1);
  }

  @AfterAll
  void stop() {
    orders.close();
  }

  @Test
  void checkoutReservesStockWritesOrderAndEventInOneGoAndClearsTheCart() {
    String session = orders.session(Map.of("ACME-00002", 2, "ACME-00001", 1));

    HttpResponse<String> placed = orders.checkout(101, session, "X-Request-Id", "req-checkout-1");

    assertThat(placed.statusCode()).isEqualTo(201);
    JsonObject order = new JsonObject(placed.body());
    long id = order.getLong("id");
    assertThat(id).isGreaterThanOrEqualTo(1_000_000_000L);
    assertThat(placed.headers().firstValue("Location")).hasValue("/api/orders/" + id);
    assertThat(placed.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(placed.body()).startsWith("{\"id\":" + id + ",\"customerId\":101,\"status\":\"PLACED\",\"total\":29.99,\"placedAt\":\"")
        .endsWith("\"lines\":[{\"lineNo\":1,\"sku\":\"ACME-00001\",\"productName\":\"Kettle\",\"unitPrice\":19.99,\"quantity\":1,"
            + "\"lineTotal\":19.99},{\"lineNo\":2,\"sku\":\"ACME-00002\",\"productName\":\"Lamp\",\"unitPrice\":5.00,\"quantity\":2,"
            + "\"lineTotal\":10.00}]}");
    assertThat(orders.stock.calls).contains("reserve order:" + id);
    assertThat(orders.stock.reservations).containsEntry("order:" + id, "HELD");
    assertThat(orders.rows("select origin, correlation_id, total from orders_service.orders where id = " + id))
        .containsExactly(Map.of("origin", "orders-service", "correlation_id", "req-checkout-1", "total", "29.99"));
    List<Map<String, String>> events = orders.rows("select event_type, aggregate_type, aggregate_id, payload::text as payload, "
        + "correlation_id from orders_service.outbox where aggregate_id = '" + id + "'");
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).containsEntry("event_type", "OrderPlaced").containsEntry("aggregate_type", "Order")
        .containsEntry("correlation_id", "req-checkout-1");
    assertThat(new JsonObject(events.get(0).get("payload"))).isEqualTo(order);
    assertThat(orders.cartField(session)).isNull();
  }

  @Test
  void aShortageIsTheMonolithsConflictPassedOnAndNothingIsPlaced() {
    String session = orders.session(Map.of("ACME-00003", 2));
    long before = orders.count("orders_service.orders");

    HttpResponse<String> refused = orders.checkout(102, session);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(refused.body()).getJsonArray("shortages").getJsonObject(0).getMap())
        .isEqualTo(Map.of("sku", "ACME-00003", "requested", 2, "available", 1));
    assertThat(orders.count("orders_service.orders")).isEqualTo(before);
    assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00003\":2}");
  }

  @Test
  void aFailedOrderTransactionReleasesTheReservation() {
    String session = orders.session(Map.of("ACME-00002", 1));
    int stockBefore = orders.stock.stock.get("ACME-00002");
    orders.sql("create function orders_service.refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$");
    orders.sql("create trigger refuse before insert on orders_service.order_lines for each row execute function orders_service.refuse()");
    try {
      HttpResponse<String> failed = orders.checkout(103, session);

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).doesNotContain("disk full");
      String reservation = lastReservation();
      assertThat(orders.stock.calls).contains("release " + reservation);
      assertThat(orders.stock.reservations).containsEntry(reservation, "RELEASED");
      assertThat(orders.stock.stock.get("ACME-00002")).isEqualTo(stockBefore);
      assertThat(orders.rows("select id from orders_service.orders where customer_id = 103")).isEmpty();
      assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00002\":1}");
    } finally {
      orders.sql("drop trigger refuse on orders_service.order_lines");
    }
  }

  @Test
  void aProductTheProjectionDoesNotKnowYetFailsTheCheckoutWith503AndReleasesItsStock() {
    orders.stock.stock.put("ACME-00077", 4);
    String session = orders.session(Map.of("ACME-00077", 1));

    HttpResponse<String> response = orders.checkout(108, session);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(response.body()).getString("detail")).isEqualTo("product ACME-00077 is not yet known to orders-service; try again");
    assertThat(orders.stock.stock.get("ACME-00077")).isEqualTo(4);
    assertThat(orders.stock.reservations).containsEntry(lastReservation(), "RELEASED");
    assertThat(orders.rows("select id from orders_service.orders where customer_id = 108")).isEmpty();
  }

  @Test
  void checkoutNeedsALoginAndACart() {
    String session = orders.session(Map.of("ACME-00001", 1));

    HttpResponse<String> anonymous = orders.send(orders.request("/api/orders").header("Cookie", OrdersHarness.cookie(session))
        .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> empty = orders.checkout(104, orders.session(Map.of()));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(anonymous.body()).getMap())
        .isEqualTo(Map.of("detail", "log in first", "instance", "/api/orders", "status", 401, "title", "Unauthorized"));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).isEqualTo("{\"detail\":\"cart: is empty; add items before checking out\",\"instance\":\"/api/orders\","
        + "\"status\":400,\"title\":\"Bad Request\",\"errors\":[{\"field\":\"cart\",\"message\":\"is empty; add items before checking out\"}]}");
  }

  @Test
  void anOrderIsShownToItsOwnerOnlyAndTheHistoryListsNewestFirst() {
    long first = new JsonObject(orders.checkout(105, orders.session(Map.of("ACME-00001", 1))).body()).getLong("id");
    HttpResponse<String> second = orders.checkout(105, orders.session(Map.of("ACME-00002", 1)));
    long secondId = new JsonObject(second.body()).getLong("id");
    String session = orders.session(Map.of());

    HttpResponse<String> own = orders.send(orders.as(105, session, "/api/orders/" + secondId).GET());
    HttpResponse<String> others = orders.send(orders.as(106, session, "/api/orders/" + secondId).GET());
    HttpResponse<String> history = orders.send(orders.as(105, session, "/api/orders").GET());
    HttpResponse<String> notANumber = orders.send(orders.as(105, session, "/api/orders/abc").GET());

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).isEqualTo(second.body());
    assertThat(others.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(others.body()).getString("detail")).isEqualTo("no order " + secondId);
    JsonObject list = new JsonObject(history.body());
    assertThat(list.getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("id"))).containsExactly(secondId, first);
    assertThat(list.getJsonArray("items").getJsonObject(0).fieldNames()).containsExactly("id", "status", "total", "placedAt", "itemCount");
    assertThat(list.getString("generatedAt")).isNotBlank();
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notANumber.body()).getString("detail")).isEqualTo("id: must be an integer but was 'abc'");
  }

  @Test
  void aCookieOfAnotherSessionThanTheVerifiedOneIsRefused() {
    String mine = orders.session(Map.of("ACME-00001", 1));
    String someoneElses = orders.session(Map.of("ACME-00001", 5));

    HttpResponse<String> response = orders.send(orders.as(107, mine, "/api/orders")
        .setHeader("Cookie", OrdersHarness.cookie(someoneElses)).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(orders.cartField(someoneElses)).isEqualTo("{\"ACME-00001\":5}");
  }

  private String lastReservation() {
    return orders.stock.calls.stream().filter(c -> c.startsWith("reserve ")).reduce((a, b) -> b).orElseThrow()
        .substring("reserve ".length());
  }
}
