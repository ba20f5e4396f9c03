package dev.strangler.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.CatalogSettings;
import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.servicekit.identity.TestTokens;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClusterClient;

/**
 * catalog-service on a real three-master Redis Cluster, configured as a Cluster needs it: the read model under
 * {@code CATALOG_KEY_PREFIX={…}:} (projection script, search's set operations, the guard), the events under a tagged
 * {@code CATALOG_EVENTS_PREFIX} (as the relay's). Backfill, events, search, categories, recently viewed and a dead
 * letter all work there.
 */
@ExtendWith(VertxExtension.class)
class ClusterCatalogIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private Vertx vertx;
  private RedisCluster cluster;
  private RedisClusterClient jedis;
  private FakeMonolith monolith;
  private RelayedEvents relay;
  private CatalogApplication app;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    cluster = RedisCluster.start();
    jedis = cluster.client();
    monolith = new FakeMonolith(vertx, 6);
    relay = new RelayedEvents(jedis, "{events-" + id + "}:events:product");
    Map<String, String> env = new LinkedHashMap<>(Map.of("CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", cluster.url(), "CATALOG_KEY_PREFIX", "{catalog-" + id + "}:",
        "CATALOG_BACKFILL_FROM", monolith.base().toString(), "CATALOG_SHUTDOWN_GRACE_MS", "2000",
        "CATALOG_EVENTS_REDIS_URL", cluster.url(), "CATALOG_EVENTS_PREFIX", "{events-" + id + "}:",
        "CATALOG_EVENTS_CONSUMER", "c1", "CATALOG_EVENTS_MAX_DELIVERIES", "2"));
    env.putAll(Map.of("CATALOG_EVENTS_RETRY_DELAY_MS", "100", "CATALOG_SERVICE_NAME", TestTokens.SERVICE,
        "CATALOG_IDENTITY_KEY", TestTokens.KEY));
    app = OnVertx.await(vertx, () -> new CatalogApplication(vertx, CatalogSettings.fromEnvironment(env), null).start());
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      OnVertx.await(vertx, app::stop);
    }
    monolith.close();
    jedis.close();
    cluster.close();
  }

  @Test
  void eventsProjectSearchAndCategoriesFollowAndRecentlyViewedIsKept() throws Exception {
    assertThat(categoryCounts()).containsExactly(Map.entry("home", 3L), Map.entry("toys", 3L));

    relay.append("PriceChanged", changed(product(2), "42.50", product(2).stock(), product(2).category()));
    relay.append("ProductCreated", new ProductSnapshot("ACME-00100", "Walnut Speaker", "a speaker of walnut",
        new BigDecimal("99.00"), "home", 7, later()));
    relay.append("ProductUpdated", changed(product(4), product(4).price().toPlainString(), product(4).stock(), "toys"));
    relay.append("ProductDiscontinued", product(1).sku(), product(1).toJson().encode());

    await().untilAsserted(() -> assertThat(get("/api/products/ACME-00002", null).body()).contains("\"price\":42.50,"));
    await().untilAsserted(() -> assertThat(skus("/api/products?q=walnut")).containsExactly("ACME-00100"));
    assertThat(skus("/api/products?q=wal")).containsExactly("ACME-00100");
    await().untilAsserted(() -> assertThat(categoryCounts()).containsExactly(Map.entry("home", 3L), Map.entry("toys", 4L)));
    assertThat(skus("/api/products?category=toys&size=100&sort=price")).contains("ACME-00004");

    String dead = "{events-" + id + "}:events:product:dead:" + TestTokens.SERVICE;
    await().until(() -> jedis.exists(dead) && jedis.xlen(dead) == 1);

    String token = TestTokens.valid(vertx);
    for (String sku : List.of("ACME-00003", "ACME-00005", "ACME-00003")) {
      assertThat(get("/api/products/" + sku, token).statusCode()).isEqualTo(200);
    }
    JsonObject recent = new JsonObject(get("/api/recently-viewed", token).body());
    assertThat(recent.getJsonArray("items").stream().map(p -> ((JsonObject) p).getString("sku")).toList())
        .containsExactly("ACME-00003", "ACME-00005");
  }

  private ProductSnapshot product(int n) {
    return monolith.products.get(n - 1);
  }

  private static ProductSnapshot changed(ProductSnapshot p, String price, int stock, String category) {
    return new ProductSnapshot(p.sku(), p.name(), p.description(), new BigDecimal(price), category, stock, later());
  }

  private static Instant later() {
    return Instant.parse("2026-01-01T00:00:00Z");
  }

  private Map<String, Long> categoryCounts() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    new JsonArray(get("/api/categories", null).body()).forEach(c -> counts.put(((JsonObject) c).getString("slug"),
        ((JsonObject) c).getLong("productCount")));
    return counts;
  }

  private List<String> skus(String path) throws Exception {
    return new JsonObject(get(path, null).body()).getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("sku")).toList();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("X-Strangler-Identity", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
