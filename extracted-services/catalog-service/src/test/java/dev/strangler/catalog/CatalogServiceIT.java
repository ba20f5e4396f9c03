package dev.strangler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.servicekit.observe.ServiceMetrics;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** catalog-service as a whole: instances sharing one read model, discovery, readiness, metrics. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CatalogServiceIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void twoInstancesOnOneRedisServeTheSameReadModelAndBothRegister(Vertx vertx, RedisNamespace ns) throws Exception {
    FakeMonolith monolith = new FakeMonolith(vertx, 30);
    CatalogApplication first = start(vertx, settings(ns, Map.of("CATALOG_BACKFILL_FROM", monolith.base().toString())), null);
    CatalogApplication second = start(vertx, settings(ns, Map.of()), null);
    RedisServiceRegistry proxySide = new RedisServiceRegistry(vertx, DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix()));

    assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service"))).extracting(ServiceInstance::port)
        .containsExactlyInAnyOrder(first.port(), second.port());
    assertThat(get(second.port(), "/api/products/ACME-00003").body()).isEqualTo(get(first.port(), "/api/products/ACME-00003").body())
        .contains("\"sku\":\"ACME-00003\"");
    assertThat(monolith.pagesServed).hasSize(1);

    OnVertx.await(vertx, first::stop);

    assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service"))).extracting(ServiceInstance::port)
        .containsExactly(second.port());
    OnVertx.await(vertx, second::stop);
  }

  @Test
  void readinessWaitsForTheReadModelAndForRedis(Vertx vertx, RedisNamespace ns) throws Exception {
    CatalogApplication empty = start(vertx, settings(ns, Map.of()), null);
    Map<String, String> deadRedis = Map.of("CATALOG_REDIS_URL", "redis://127.0.0.1:" + FreePort.find());
    CatalogApplication unreachable = start(vertx, settings(ns, deadRedis), null);

    assertThat(get(empty.port(), "/health/ready")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("read model empty");
    });
    assertThat(get(unreachable.port(), "/health/ready").body()).contains("redis unreachable");
    assertThat(get(unreachable.port(), "/health/live").statusCode()).isEqualTo(200);

    FakeMonolith monolith = new FakeMonolith(vertx, 3);
    CatalogApplication filled = start(vertx, settings(ns, Map.of("CATALOG_BACKFILL_FROM", monolith.base().toString())), null);
    assertThat(get(filled.port(), "/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(empty.port(), "/health/ready").statusCode()).isEqualTo(200);
    for (CatalogApplication app : List.of(empty, unreachable, filled)) {
      OnVertx.await(vertx, app::stop);
    }
  }

  @Test
  void metricsCountHttpRequestsByRoute(RedisNamespace ns) throws Exception {
    ServiceMetrics metrics = new ServiceMetrics();
    Vertx measured = metrics.newVertx(new VertxOptions());
    try {
      CatalogApplication app = start(measured, settings(ns, Map.of()), metrics);
      get(app.port(), "/api/products/ACME-404");

      String scrape = get(app.port(), ServiceMetrics.PATH).body();

      assertThat(scrape).contains("vertx_http_server_requests_total").contains("route=\"/api/products/:sku\"")
          .contains("code=\"404\"").contains("jvm_memory_used_bytes");
      OnVertx.await(measured, app::stop);
    } finally {
      OnVertx.await(measured, measured::close);
    }
  }

  private static CatalogSettings settings(RedisNamespace ns, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", ns.endpoint().uri(), "CATALOG_KEY_PREFIX", ns.prefix() + "catalog:",
        "CATALOG_DISCOVERY_REDIS_URL", ns.endpoint().uri(), "CATALOG_DISCOVERY_PREFIX", ns.prefix(),
        "CATALOG_SHUTDOWN_GRACE_MS", "2000"));
    env.putAll(extra);
    return CatalogSettings.fromEnvironment(env);
  }

  private static CatalogApplication start(Vertx vertx, CatalogSettings settings, ServiceMetrics metrics) {
    return OnVertx.await(vertx, () -> new CatalogApplication(vertx, settings, metrics).start());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
