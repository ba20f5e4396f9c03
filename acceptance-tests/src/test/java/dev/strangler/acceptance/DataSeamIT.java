package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5's sync check on real processes: a price changed in the monolith reaches catalog-service's
 * read model (outbox → relay → Redis Stream → projection) and evicts the proxy's cached answer
 * (the table's cacheInvalidation) within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataSeamIT {

  static final Duration WITHIN = Duration.ofSeconds(1);
  static final int CHANGES = 20;

  static final String ROUTES = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:${MONOLITH}"]}
        catalog: {service: catalog-service}
      routes:
        - id: product
          match: {path: "/api/products/{sku}", methods: [GET, HEAD]}
          target: {extracted: catalog}
          fallbackToLegacy: true
          cache: {ttl: 60s, tags: ["product:{sku}"]}
      cacheInvalidation:
        - {stream: product, tag: "product:{aggregateId}"}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http = new Http();
  private Seam seam;

  @BeforeAll
  void start() {
    seam = new Seam("data-seam").startMonolith().startRelay().backfillCatalog();
    seam.startCatalog("catalog-a");
    seam.startProxy(ROUTES);
  }

  @AfterAll
  void stop() {
    if (seam != null) {
      seam.close();
    }
  }

  @Test
  void aPriceChangedInTheMonolithShowsInCatalogServiceAndThroughTheProxysCacheWithinASecond() throws Exception {
    List<Long> catalogMillis = new ArrayList<>();
    List<Long> proxyMillis = new ArrayList<>();
    String catalog = "http://127.0.0.1:" + seam.catalogPorts.get(seam.catalogs.get("catalog-a"));
    for (int i = 0; i < CHANGES; i++) {
      String sku = "ACME-%05d".formatted(100 + i);
      String url = seam.proxyUrl() + "/api/products/" + sku;
      http.get(url, Map.of());
      assertThat(http.get(url, Map.of()).header("x-strangler-cache")).as("cached before the change").isEqualTo("hit");
      var product = JSON.readTree(http.get(seam.monolithUrl() + "/api/products/" + sku, Map.of()).body());
      BigDecimal price = product.get("price").decimalValue().add(new BigDecimal("1.25"));

      long changed = System.nanoTime();
      Http.Reply update = http.send("PUT", seam.monolithUrl() + "/api/products/" + sku, Map.of(), JSON.writeValueAsString(Map.of(
          "name", product.get("name").asText(), "description", product.get("description").asText(),
          "price", price, "category", product.get("category").asText())));
      assertThat(update.status()).isEqualTo(200);
      long[] seen = new long[2];
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
        if (seen[0] == 0 && priceOf(http.get(catalog + "/api/products/" + sku, Map.of())).compareTo(price) == 0) {
          seen[0] = System.nanoTime();
        }
        if (seen[1] == 0 && priceOf(http.get(url, Map.of())).compareTo(price) == 0) {
          seen[1] = System.nanoTime();
        }
        return seen[0] != 0 && seen[1] != 0;
      });
      catalogMillis.add((seen[0] - changed) / 1_000_000);
      proxyMillis.add((seen[1] - changed) / 1_000_000);
    }

    System.out.printf("price change visible after (ms): catalog-service %s; through the proxy's cache %s%n",
        catalogMillis, proxyMillis);
    assertThat(catalogMillis).allMatch(ms -> ms <= WITHIN.toMillis());
    assertThat(proxyMillis).allMatch(ms -> ms <= WITHIN.toMillis());
  }

  private static BigDecimal priceOf(Http.Reply reply) throws Exception {
    return JSON.readTree(reply.body()).get("price").decimalValue();
  }
}
