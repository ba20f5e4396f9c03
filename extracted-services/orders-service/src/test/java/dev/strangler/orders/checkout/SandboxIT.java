package dev.strangler.orders.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.orders.OrdersHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sandbox mode ({@code X-Strangler-Sandbox: 1}, C5): the sandbox schema only, no reservation, no cart change, no live
 * event; with a session snapshot ({@code X-Strangler-Sandbox-Session}) the cart is the snapshot's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxIT {

  private static final String[] SANDBOX = {"X-Strangler-Sandbox", "1"};
  private OrdersHarness orders;

  @BeforeAll
  void start() {
    orders = new OrdersHarness("orders_sandbox", Map.of());
    orders.product("ACME-00001", "Kettle", "19.99", 5);
  }

  @AfterAll
  void stop() {
    orders.close();
  }

  @Test
  void aSandboxedCheckoutWritesOnlyTheSandboxSchemaAndCallsNoReservation() {
    String session = orders.session(Map.of("ACME-00001", 2));

    HttpResponse<String> placed = orders.checkout(301, session, "X-Strangler-Sandbox", "1", "X-Request-Id", "shadow-42");

    assertThat(placed.statusCode()).isEqualTo(201);
    long id = new JsonObject(placed.body()).getLong("id");
    assertThat(orders.stock.calls).isEmpty();
    assertThat(orders.count("orders_service.orders")).isZero();
    assertThat(orders.count("orders_service.outbox")).isZero();
    assertThat(orders.count("orders_service.idempotency_keys")).isZero();
    assertThat(orders.rows("select id from orders_sandbox.orders where customer_id = 301")).containsExactly(Map.of("id", Long.toString(id)));
    assertThat(orders.rows("select event_type, correlation_id from orders_sandbox.outbox where aggregate_id = '" + id + "'"))
        .containsExactly(Map.of("event_type", "OrderPlaced", "correlation_id", "shadow-42"));
    assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00001\":2}");
  }

  @Test
  void aSandboxedShortageComesFromTheProjectionInTheMonolithsWords() {
    HttpResponse<String> refused = orders.checkout(302, orders.session(Map.of("ACME-00001", 6, "ACME-09999", 1)), SANDBOX);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).isEqualTo("{\"detail\":\"not enough stock for ACME-00001, ACME-09999\",\"instance\":\"/api/orders\","
        + "\"status\":409,\"title\":\"Out of Stock\",\"shortages\":[{\"sku\":\"ACME-00001\",\"requested\":6,\"available\":5},"
        + "{\"sku\":\"ACME-09999\",\"requested\":1,\"available\":0}]}");
    assertThat(orders.stock.calls).isEmpty();
  }

  @Test
  void sandboxedOrdersAreReadFromTheSandboxOnly() {
    String session = orders.session(Map.of("ACME-00001", 1));
    long id = new JsonObject(orders.checkout(303, session, SANDBOX).body()).getLong("id");

    HttpResponse<String> sandboxed = orders.send(orders.as(303, session, "/api/orders/" + id).header(SANDBOX[0], SANDBOX[1]).GET());
    HttpResponse<String> live = orders.send(orders.as(303, session, "/api/orders/" + id).GET());

    assertThat(sandboxed.statusCode()).isEqualTo(200);
    assertThat(live.statusCode()).isEqualTo(404);
  }

  @Test
  void aSandboxedCartChangeAnswersButLeavesTheSessionAlone() {
    String session = orders.session(Map.of("ACME-00001", 1));

    HttpResponse<String> added = orders.send(orders.as(304, session, "/api/cart/items").header(SANDBOX[0], SANDBOX[1])
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"ACME-00001\",\"quantity\":2}")));

    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(added.body()).getInteger("itemCount")).isEqualTo(3);
    assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00001\":1}");
  }

  @Test
  void aSandboxedCheckoutUsesTheSnapshotsCartThoughTheSessionsCartIsAlreadyEmpty() {
    String session = orders.session(Map.of()); // the monolith's checkout cleared it before this copy arrived

    HttpResponse<String> placed = orders.checkout(306, session, SANDBOX[0], SANDBOX[1], "X-Strangler-Sandbox-Session",
        snapshot("{\"cart\":{\"ACME-00001\":2}}"));

    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    JsonObject order = new JsonObject(placed.body());
    assertThat(order.getJsonArray("lines")).singleElement().satisfies(line -> {
      assertThat(((JsonObject) line).getString("sku")).isEqualTo("ACME-00001");
      assertThat(((JsonObject) line).getInteger("quantity")).isEqualTo(2);
    });
    assertThat(orders.rows("select id from orders_sandbox.orders where customer_id = 306")).hasSize(1);
    assertThat(orders.cartField(session)).as("the session is never written in sandbox mode").isNull();
    assertThat(orders.stock.calls).isEmpty();
  }

  @Test
  void aSnapshotWithANullCartIsAnEmptyCartWhateverTheSessionHolds() {
    String session = orders.session(Map.of("ACME-00001", 1));

    HttpResponse<String> refused = orders.checkout(307, session, SANDBOX[0], SANDBOX[1], "X-Strangler-Sandbox-Session",
        snapshot("{\"cart\":null}"));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("cart", "is empty");
    assertThat(orders.rows("select 1 from orders_sandbox.orders where customer_id = 307")).isEmpty();
  }

  @Test
  void aSnapshotOutsideSandboxModeIsIgnoredAndAMalformedOneIsRefused() {
    String session = orders.session(Map.of("ACME-00001", 1));

    HttpResponse<String> malformed = orders.checkout(308, session, SANDBOX[0], SANDBOX[1], "X-Strangler-Sandbox-Session", "%%%");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("X-Strangler-Sandbox-Session: must be base64url of a JSON object when present, once");
    assertThat(orders.rows("select 1 from orders_sandbox.orders where customer_id = 308")).isEmpty();

    HttpResponse<String> sandboxed = orders.checkout(308, session, SANDBOX[0], SANDBOX[1], "X-Strangler-Sandbox-Session",
        snapshot("{\"step\":2}"));
    assertThat(sandboxed.statusCode()).as("a snapshot without the cart says nothing of it: the session's is read").isEqualTo(201);
    assertThat(new JsonObject(sandboxed.body()).getJsonArray("lines").getJsonObject(0).getInteger("quantity")).isEqualTo(1);
  }

  private static String snapshot(String json) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aSandboxHeaderWithAnotherValueIsRefusedRatherThanTakenAsLive() {
    HttpResponse<String> response = orders.checkout(305, orders.session(Map.of("ACME-00001", 1)), "X-Strangler-Sandbox", "true");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(orders.stock.calls).isEmpty();
    assertThat(orders.rows("select 1 from orders_service.orders where customer_id = 305")).isEmpty();
  }
}
