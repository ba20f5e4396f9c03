package dev.strangler.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.servicekit.observe.ServiceMetrics;
import dev.strangler.testsupport.OnVertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** orders-service as a whole: registration in discovery, readiness, a monolith that does not answer. */
class OrdersServiceIT {

  @Test
  void itRegistersInDiscoveryAndIsReadyOnceItKnowsProducts() {
    String prefix = "test:orders_discovery_" + System.nanoTime() + ":";
    String redis = dev.strangler.testsupport.RealRedis.server().uri();
    try (OrdersHarness orders = new OrdersHarness("orders_service", Map.of("ORDERS_DISCOVERY_REDIS_URL", redis,
        "ORDERS_DISCOVERY_PREFIX", prefix))) {
      RedisServiceRegistry proxySide = new RedisServiceRegistry(orders.vertx, DiscoveryOptions.of(redis, prefix));

      assertThat(OnVertx.await(orders.vertx, () -> proxySide.lookup("orders-service"))).extracting(ServiceInstance::port)
          .containsExactly(orders.app.port());
      HttpResponse<String> empty = orders.send(orders.request("/health/ready").GET());
      orders.product("ACME-00001", "Kettle", "19.99", 1);
      HttpResponse<String> ready = orders.send(orders.request("/health/ready").GET());

      assertThat(empty.statusCode()).isEqualTo(503);
      assertThat(empty.body()).contains("product projection empty");
      assertThat(ready.statusCode()).isEqualTo(200);
      OnVertx.await(orders.vertx, proxySide::close);
    }
  }

  @Test
  void aMonolithThatDoesNotAnswerMeans503AndNothingWritten() {
    try (OrdersHarness orders = new OrdersHarness("orders_down", Map.of("ORDERS_MONOLITH_URL", "http://127.0.0.1:9",
        "ORDERS_RESERVATION_TIMEOUT_MS", "2000"))) {
      orders.product("ACME-00001", "Kettle", "19.99", 5);
      String session = orders.session(Map.of("ACME-00001", 1));

      HttpResponse<String> response = orders.checkout(401, session, "Idempotency-Key", "k-down");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(orders.count("orders_service.orders")).isZero();
      assertThat(orders.count("orders_service.idempotency_keys")).as("the claim is given up").isZero();
      assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00001\":1}");
    }
  }

  @Test
  void aTokenTheMonolithRefusesMeans503AndNoOrder() {
    try (OrdersHarness orders = new OrdersHarness("orders_token", Map.of("ORDERS_INTERNAL_TOKEN", "not-the-monolith-token"))) {
      orders.product("ACME-00001", "Kettle", "19.99", 5);

      HttpResponse<String> response = orders.checkout(402, orders.session(Map.of("ACME-00001", 1)));

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).doesNotContain("not-the-monolith-token");
      assertThat(orders.stock.stock.get("ACME-00001")).isEqualTo(5);
      assertThat(orders.count("orders_service.orders")).isZero();
    }
  }

  @Test
  void anAnonymousCartStartsASessionTheMonolithCanRead() {
    try (OrdersHarness orders = new OrdersHarness("orders_anon", Map.of())) {
      orders.product("ACME-00001", "Kettle", "19.99", 5);

      HttpResponse<String> added = orders.send(orders.request("/api/cart/items").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"ACME-00001\",\"quantity\":2}")));

      assertThat(added.statusCode()).isEqualTo(200);
      String cookie = added.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax");
      String value = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
      String id = new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(orders.cartField(id)).isEqualTo("{\"ACME-00001\":2}");
      HttpResponse<String> again = orders.send(orders.request("/api/cart").header("Cookie", "SESSION=" + value).GET());
      assertThat(again.body()).contains("\"itemCount\":2");
    }
  }

  @Test
  void metricsCountRequestsByRoute() {
    try (OrdersHarness orders = new OrdersHarness("orders_metrics", Map.of(), false, new ServiceMetrics())) {
      orders.send(orders.as(1, orders.session(Map.of()), "/api/orders/12").GET());

      String scrape = orders.send(orders.request(ServiceMetrics.PATH).GET()).body();

      assertThat(scrape).contains("vertx_http_server_requests_total").contains("route=\"/api/orders/:id\"").contains("code=\"404\"");
    }
  }
}
