package dev.strangler.orders.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.orders.OrdersHarness;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.AcmeShopProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * Checkout end to end with the real monolith's internal reservation API (contract C1): stock taken there, a shortage
 * answered exactly as the monolith's own checkout answers it, the reservation released when orders-service's
 * transaction fails. Aborted (with the reason) while the monolith jar in the build has no such API yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonolithReservationIT {

  private static final String TOKEN = "contract-internal-token-0123456789";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private BothSides sides;
  private AcmeShopProcess monolith;
  private OrdersHarness orders;

  @BeforeAll
  void startBothSides() throws Exception {
    sides = new BothSides("orders_c1", Map.of("ACME_INTERNAL_TOKEN", TOKEN, "ACME_REVERSE_SYNC_ENABLED", "true"));
    monolith = sides.monolith;
    HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(monolith.url() + "/internal/stock/reservations/order:0"))
        .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    Assumptions.assumeTrue(probe.statusCode() == 204,
        "the monolith jar has no internal reservation API (C1) yet: DELETE answered " + probe.statusCode());
    orders = sides.startOrders(Map.of("ORDERS_MONOLITH_URL", monolith.url(), "ORDERS_INTERNAL_TOKEN", TOKEN));
  }

  @AfterAll
  void stopBothSides() {
    if (sides != null) {
      sides.close();
    }
  }

  @Test
  void aCheckoutTakesTheStockAtTheMonolithUnderItsOrderId() throws Exception {
    long before = query("select stock from products where sku = 'ACME-00003'");
    ShopLogin login = ShopLogin.customer001(http, monolith.url());
    add(login, "ACME-00003", 2);

    HttpResponse<String> placed = checkout(login);

    assertThat(placed.statusCode()).isEqualTo(201);
    long id = new JsonObject(placed.body()).getLong("id");
    assertThat(query("select stock from products where sku = 'ACME-00003'")).isEqualTo(before - 2);
    assertThat(text("select status from stock_reservations where reservation_id = 'order:" + id + "'")).isEqualTo("HELD");
  }

  @Test
  void aShortageIsAnsweredExactlyAsTheMonolithsOwnCheckout() throws Exception {
    sides.execute("update products set stock = 5 where sku = 'ACME-00004'");
    ShopLogin atMonolith = ShopLogin.customer001(http, monolith.url());
    ShopLogin atService = ShopLogin.customer001(http, monolith.url());
    int wanted = 6;
    add(atMonolith, "ACME-00004", wanted);
    add(atService, "ACME-00004", wanted);

    HttpResponse<String> legacy = http.send(HttpRequest.newBuilder(URI.create(monolith.url() + "/api/orders"))
        .header("Cookie", OrdersHarness.cookie(atMonolith.sessionId())).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> service = checkout(atService);

    assertThat(legacy.statusCode()).isEqualTo(409);
    assertThat(service.statusCode()).isEqualTo(409);
    assertThat(service.headers().firstValue("Content-Type")).isEqualTo(legacy.headers().firstValue("Content-Type"));
    assertThat(service.body()).isEqualTo(legacy.body());
  }

  @Test
  void aFailedOrderTransactionPutsTheMonolithsStockBack() throws Exception {
    long before = query("select stock from products where sku = 'ACME-00005'");
    ShopLogin login = ShopLogin.customer001(http, monolith.url());
    add(login, "ACME-00005", 1);
    orders.sql("create function orders_service.refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$");
    orders.sql("create trigger refuse before insert on orders_service.orders for each row execute function orders_service.refuse()");
    try {
      HttpResponse<String> failed = checkout(login);

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(query("select stock from products where sku = 'ACME-00005'")).isEqualTo(before);
      assertThat(text("select string_agg(status, ',') from stock_reservations r join stock_reservation_lines l using (reservation_id)"
          + " where l.sku = 'ACME-00005'")).isEqualTo("RELEASED");
    } finally {
      orders.sql("drop trigger refuse on orders_service.orders");
    }
  }

  @Test
  void anOrderPlacedHereIsImportedByTheMonolithAsTheSameOrderAndConfirmsItsReservation() throws Exception {
    ShopLogin login = ShopLogin.customer001(http, monolith.url());
    add(login, "ACME-00006", 1);
    add(login, "ACME-00002", 3);
    HttpResponse<String> placed = checkout(login);
    long id = new JsonObject(placed.body()).getLong("id");

    try (Jedis jedis = sides.redis.endpoint().connect()) {
      new OutboxFeed(orders.db, "orders_service.outbox", jedis, sides.redis.prefix() + "orders-service:").relay();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> query("select count(*) from orders where id = " + id) == 1);
    HttpResponse<String> atMonolith = http.send(HttpRequest.newBuilder(URI.create(monolith.url() + "/api/orders/" + id))
        .header("Cookie", OrdersHarness.cookie(login.sessionId())).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(atMonolith.statusCode()).isEqualTo(200);
    assertThat(atMonolith.body()).isEqualTo(placed.body());
    assertThat(text("select status from stock_reservations where reservation_id = 'order:" + id + "'")).isEqualTo("CONFIRMED");
  }

  private void add(ShopLogin login, String sku, int quantity) throws Exception {
    HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(monolith.url() + "/api/cart/items"))
        .header("Cookie", OrdersHarness.cookie(login.sessionId())).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(added.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> checkout(ShopLogin login) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(orders.base() + "/api/orders"))
        .header("Cookie", OrdersHarness.cookie(login.sessionId()))
        .header(IdentityVerifier.HEADER, orders.identity(login.customerId(), login.sessionId()))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private long query(String sql) throws Exception {
    return Long.parseLong(sides.query(sql));
  }

  private String text(String sql) throws Exception {
    return sides.query(sql);
  }
}
