package dev.strangler.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.CatalogSettings;
import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.servicekit.observe.ServiceMetrics;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** catalog-service kept current by product events XADDed as the relay writes them: read model, API and category counts follow. */
@ExtendWith(RedisExtension.class)
class ProductEventsIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ServiceMetrics metrics = new ServiceMetrics();
  private Vertx vertx;
  private RedisNamespace ns;
  private Jedis jedis;
  private FakeMonolith monolith;
  private RelayedEvents relay;
  private CatalogApplication app;

  @BeforeEach
  void setUp(RedisNamespace ns) {
    this.ns = ns;
    vertx = metrics.newVertx(new VertxOptions());
    jedis = ns.endpoint().connect();
    monolith = new FakeMonolith(vertx, 6);
    relay = new RelayedEvents(jedis, ns.key("strangler:events:product"));
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      OnVertx.await(vertx, app::stop);
    }
    monolith.close();
    jedis.close();
    OnVertx.await(vertx, vertx::close);
  }

  @Test
  void priceStockNewProductsAndCategoryMovesReachTheApi() throws Exception {
    start(Map.of());
    assertThat(categoryCounts()).containsExactly(Map.entry("home", 3L), Map.entry("toys", 3L));

    relay.append("PriceChanged", changed(product(2), "42.50", product(2).stock(), product(2).category()));
    relay.append("StockChanged", changed(product(3), product(3).price().toPlainString(), 0, product(3).category()));
    relay.append("ProductCreated", new ProductSnapshot("ACME-00100", "Walnut Speaker", "a speaker of walnut",
        new BigDecimal("99.00"), "home", 7, later()));
    relay.append("ProductUpdated", changed(product(4), product(4).price().toPlainString(), product(4).stock(), "toys"));

    await().untilAsserted(() -> assertThat(get("/api/products/ACME-00002")).contains("\"price\":42.50,"));
    await().untilAsserted(() -> assertThat(skus("/api/products?inStock=true&size=100")).doesNotContain("ACME-00003"));
    assertThat(skus("/api/products?inStock=false&size=100")).contains("ACME-00003");
    await().untilAsserted(() -> assertThat(skus("/api/products?q=walnut")).containsExactly("ACME-00100"));
    assertThat(skus("/api/products?q=wal")).containsExactly("ACME-00100");
    await().untilAsserted(() -> assertThat(categoryCounts()).containsExactly(Map.entry("home", 3L), Map.entry("toys", 4L)));
    assertThat(skus("/api/products?category=toys&size=100")).contains("ACME-00004");

    await().untilAsserted(() -> assertThat(get("/metrics"))
        .containsPattern("strangler_events_applied_total\\{consumer=\"c1\",group=\"catalog-service\",stream=\"[^\"]+\"} 4.0"));
  }

  @Test
  void anUnknownEventTypeIsDeadLetteredWhileProductEventsKeepFlowing() throws Exception {
    start(Map.of("CATALOG_EVENTS_MAX_DELIVERIES", "2", "CATALOG_EVENTS_RETRY_DELAY_MS", "100"));

    relay.append("ProductDiscontinued", product(1).sku(), product(1).toJson().encode());
    relay.append("PriceChanged", changed(product(1), "3.33", 1, product(1).category()));

    await().untilAsserted(() -> assertThat(get("/api/products/ACME-00001")).contains("\"price\":3.33,"));
    String dead = ns.key("strangler:events:product:dead:catalog-service");
    await().until(() -> jedis.xlen(dead) == 1);
    assertThat(jedis.xrange(dead, "-", "+").get(0).getFields()).containsEntry("type", "ProductDiscontinued")
        .containsEntry("deliveries", "2").containsEntry("error", "IllegalArgumentException: not a product event catalog-service"
            + " applies: Product ProductDiscontinued");
  }

  private void start(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", ns.endpoint().uri(), "CATALOG_KEY_PREFIX", ns.key("catalog:"),
        "CATALOG_BACKFILL_FROM", monolith.base().toString(), "CATALOG_SHUTDOWN_GRACE_MS", "2000",
        "CATALOG_EVENTS_REDIS_URL", ns.endpoint().uri(), "CATALOG_EVENTS_PREFIX", ns.key("strangler:"),
        "CATALOG_EVENTS_CONSUMER", "c1"));
    env.putAll(extra);
    app = OnVertx.await(vertx, () -> new CatalogApplication(vertx, CatalogSettings.fromEnvironment(env), metrics).start());
  }

  private ProductSnapshot product(int n) {
    return monolith.products.get(n - 1);
  }

  private static ProductSnapshot changed(ProductSnapshot p, String price, int stock, String category) {
    return new ProductSnapshot(p.sku(), p.name(), p.description(), new BigDecimal(price), category, stock, later());
  }

  private static java.time.Instant later() {
    return java.time.Instant.parse("2026-01-01T00:00:00Z");
  }

  private Map<String, Long> categoryCounts() throws Exception {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    new JsonArray(get("/api/categories")).forEach(c -> counts.put(((JsonObject) c).getString("slug"),
        ((JsonObject) c).getLong("productCount")));
    return counts;
  }

  private List<String> skus(String path) throws Exception {
    return new JsonObject(get(path)).getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("sku")).toList();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
