package dev.strangler.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.servicekit.events.WireEvents;
import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisWithAcl;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * orders-service under its least-privilege user of ops/redis/users.acl, on a redis-server loading that file: the cart in
 * the monolith's session keys, the monolith's events (consumer group, dead letters) and its registration work; other
 * components' keys, forged events and server commands are refused.
 */
class OrdersAclIT {

  private static final Path USERS = Path.of("../../ops/redis/users.acl");
  private static final String PRODUCTS = "strangler:events:product";

  @Test
  void theOrdersUserRunsEveryRedisPathOfTheServiceAndIsRefusedOutsideIt() {
    try (RedisWithAcl server = RedisWithAcl.start(USERS); Jedis admin = new Jedis(URI.create(server.adminUrl()))) {
      String url = server.url("orders-service", "orders-change-me");
      try (OrdersHarness orders = new OrdersHarness("orders_acl", Map.of("ORDERS_REDIS_URL", url,
          "ORDERS_SESSION_NAMESPACE", "acme:session", "ORDERS_EVENTS_REDIS_URL", url, "ORDERS_EVENTS_PREFIX", "strangler:",
          "ORDERS_DISCOVERY_REDIS_URL", url, "ORDERS_EVENTS_MAX_DELIVERIES", "1", "ORDERS_EVENTS_RETRY_DELAY_MS", "50"))) {
        orders.product("ACME-00001", "Kettle", "19.99", 5);

        String session = orders.session(Map.of());
        HttpResponse<String> added = orders.send(orders.as(7, session, "/api/cart/items").header("Content-Type",
            "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"ACME-00001\",\"quantity\":2}")));
        HttpResponse<String> anonymous = orders.send(orders.request("/api/cart/items").header("Content-Type",
            "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"ACME-00001\",\"quantity\":1}")));
        admin.xadd(PRODUCTS, new StreamEntryID(1, 0), WireEvents.fields(1, "ProductCreated", "Product", "ACME-00002",
            "{\"sku\":\"ACME-00002\",\"name\":\"Teapot\",\"description\":\"\",\"price\":7.50,\"category\":\"kitchen\","
                + "\"stock\":3,\"updatedAt\":\"2026-11-29T08:00:00Z\"}"));
        admin.xadd(PRODUCTS, new StreamEntryID(2, 0), WireEvents.fields(2, "ProductCreated", "Product", "ACME-00003", "not json"));

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(orders.cartField(session)).isEqualTo("{\"ACME-00001\":2}");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(admin.keys("acme:session:sessions:*")).hasSize(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> orders.count("orders_service.products where sku = 'ACME-00002'") == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> admin.xlen(PRODUCTS + ":dead:orders-service") == 1);
        RedisServiceRegistry proxySide = new RedisServiceRegistry(orders.vertx,
            DiscoveryOptions.of(server.url("strangler-proxy", "proxy-change-me"), "strangler:"));
        assertThat(OnVertx.await(orders.vertx, () -> proxySide.lookup("orders-service"))).extracting(ServiceInstance::port)
            .containsExactly(orders.app.port());

        Redis redis = ServiceRedis.create(orders.vertx, url);
        for (Request outside : new Request[] {
            Request.cmd(Command.GET).arg("strangler:{routes}:current"),
            Request.cmd(Command.SET).arg("strangler:relay:outbox-relay:lease").arg("me"),
            Request.cmd(Command.XADD).arg(PRODUCTS).arg("*").arg("forged").arg("1"),
            Request.cmd(Command.GET).arg("catalog:product:ACME-00001"),
            Request.cmd(Command.SET).arg("events:applied:orders-service:Product:ACME-00001").arg("9"),
            Request.cmd(Command.SET).arg("strangler:idem:probe").arg("1"),
            Request.cmd(Command.FLUSHALL),
            Request.cmd(Command.CONFIG).arg("SET").arg("appendonly").arg("no")}) {
          assertThat(catchThrowable(() -> redis.send(outside).await())).as(outside.command().toString())
              .hasMessageStartingWith("NOPERM");
        }
      }
    }
  }
}
