package dev.strangler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.servicekit.identity.TestTokens;
import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisWithAcl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * catalog-service under its least-privilege user of ops/redis/users.acl, on a redis-server loading that file: its
 * backfill, projection, search, recently viewed, product events (consumer group, guard, dead letters) and registration
 * work; other components' keys, forged events and server commands are refused.
 */
@ExtendWith(VertxExtension.class)
class CatalogAclIT {

  private static final Path USERS = Path.of("../../ops/redis/users.acl");
  private static final String USER = "catalog-service";
  private static final String PASSWORD = "catalog-change-me";
  private static final String STREAM = "strangler:events:product";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theCatalogUserRunsEveryRedisPathOfTheServiceAndIsRefusedOutsideIt(Vertx vertx) throws Exception {
    try (RedisWithAcl server = RedisWithAcl.start(USERS); Jedis admin = new Jedis(URI.create(server.adminUrl()))) {
      String url = server.url(USER, PASSWORD);
      FakeMonolith monolith = new FakeMonolith(vertx, 6);
      CatalogApplication app = OnVertx.await(vertx, () -> new CatalogApplication(vertx, CatalogSettings.fromEnvironment(
          Map.ofEntries(Map.entry("CATALOG_HTTP_HOST", "127.0.0.1"), Map.entry("CATALOG_HTTP_PORT", "0"),
              Map.entry("CATALOG_REDIS_URL", url), Map.entry("CATALOG_EVENTS_REDIS_URL", url),
              Map.entry("CATALOG_DISCOVERY_REDIS_URL", url), Map.entry("CATALOG_BACKFILL_FROM", monolith.base().toString()),
              Map.entry("CATALOG_EVENTS_CONSUMER", "c1"), Map.entry("CATALOG_EVENTS_MAX_DELIVERIES", "1"),
              Map.entry("CATALOG_EVENTS_RETRY_DELAY_MS", "50"), Map.entry("CATALOG_SHUTDOWN_GRACE_MS", "2000"),
              Map.entry("CATALOG_IDENTITY_KEY", TestTokens.KEY))), null).start());
      String token = TestTokens.valid(vertx);

      append(admin, 1, "PriceChanged", changed(monolith.products.get(1), "42.50", "Walnut Speaker").toJson().encode());
      append(admin, 2, "ProductDiscontinued", "{}");

      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(get(app, "/api/products/ACME-00002", token)).contains("\"price\":42.50,"));
      assertThat(get(app, "/api/products?q=walnut", token)).contains("\"sku\":\"ACME-00002\"");
      assertThat(new JsonObject(get(app, "/api/recently-viewed", token)).getJsonArray("items")).hasSize(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.xlen(STREAM + ":dead:catalog-service") == 1);
      assertThat(admin.keys("catalog:applied:*")).isNotEmpty();
      RedisServiceRegistry proxySide = new RedisServiceRegistry(vertx,
          DiscoveryOptions.of(server.url("strangler-proxy", "proxy-change-me"), "strangler:"));
      assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service"))).extracting(ServiceInstance::port)
          .containsExactly(app.port());

      Redis redis = ServiceRedis.create(vertx, url);
      for (Request outside : new Request[] {
          Request.cmd(Command.GET).arg("strangler:{routes}:current"),
          Request.cmd(Command.PUBLISH).arg("strangler:{routes}:changes").arg("1"),
          Request.cmd(Command.SET).arg("strangler:relay:outbox-relay:lease").arg("me"),
          Request.cmd(Command.XADD).arg(STREAM).arg("*").arg("forged").arg("1"),
          Request.cmd(Command.HSET).arg("acme:session:sessions:s1").arg("cart").arg("{}"),
          Request.cmd(Command.SET).arg("strangler:ratelimit:probe").arg("1"),
          Request.cmd(Command.FLUSHALL),
          Request.cmd(Command.CONFIG).arg("SET").arg("appendonly").arg("no")}) {
        assertThat(catchThrowable(() -> redis.send(outside).await())).as(outside.command().toString())
            .hasMessageStartingWith("NOPERM");
      }
      OnVertx.await(vertx, app::stop);
      assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service"))).isEmpty();
      monolith.close();
    }
  }

  private static ProductSnapshot changed(ProductSnapshot p, String price, String name) {
    return new ProductSnapshot(p.sku(), name, p.description(), new BigDecimal(price), p.category(), p.stock(),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** An event as the relay appends it (entry ID {@code <sequence>-0}). */
  private static void append(Jedis admin, long sequence, String type, String payload) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", "e-" + sequence);
    fields.put("type", type);
    fields.put("aggregateType", "Product");
    fields.put("aggregateId", "ACME-00002");
    fields.put("sequence", Long.toString(sequence));
    fields.put("occurredAt", Instant.now().toString());
    fields.put("payload", payload);
    admin.xadd(STREAM, new StreamEntryID(sequence, 0), fields);
  }

  private String get(CatalogApplication app, String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("X-Strangler-Identity", token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
