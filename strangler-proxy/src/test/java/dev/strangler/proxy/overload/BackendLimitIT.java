package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backend's own in-flight limit (from the route table) holds over both event loops while another backend on the same
 * proxy keeps serving; a fallback route whose extracted side is full is served by the monolith instead.
 */
@ExtendWith(VertxExtension.class)
class BackendLimitIT {

  private HeldBackend legacy;
  private HeldBackend catalog;
  private HeldBackend orders;
  private OverloadedProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    legacy = HeldBackend.start(vertx, "legacy");
    catalog = HeldBackend.start(vertx, "catalog");
    orders = HeldBackend.start(vertx, "orders");
    legacy.releaseAll();
    orders.releaseAll();
    proxy = OverloadedProxy.start(vertx, """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
          catalog: {urls: ["%s"], maxInFlight: 2}
          orders: {urls: ["%s"]}
        routes:
          - {id: catalog, match: {path: /catalog/**}, target: {extracted: catalog}}
          - {id: catalog-safe, match: {path: /safe/**, methods: [GET]}, target: {extracted: catalog}, fallbackToLegacy: true}
          - {id: orders, match: {path: /orders/**}, target: {extracted: orders}}
          - {id: rest, target: legacy}
        """.formatted(legacy.url(), catalog.url(), orders.url()), OverloadedProxy.WITHOUT_LAG, 2);
  }

  @AfterEach
  void stop() {
    catalog.releaseAll();
    proxy.stop();
  }

  @Test
  void aFullBackendSheds503WhileAnotherBackendOnTheSameProxyKeepsServing(Vertx vertx) {
    List<Future<OverloadedProxy.Reply>> held = holdCatalog(vertx);

    List<OverloadedProxy.Reply> refused = new ArrayList<>();
    List<OverloadedProxy.Reply> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      refused.add(OnVertx.await(vertx, () -> proxy.get("/catalog/more")));
      served.add(OnVertx.await(vertx, () -> proxy.get("/orders/1")));
    }

    assertThat(refused).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.retryAfter()).isEqualTo("1");
      assertThat(new JsonObject(reply.body()).getString("detail"))
          .isEqualTo("the backend has too many requests in flight ('catalog'); retry after 1 s");
      assertThat(reply.millis()).isLessThan(1_000);
    });
    assertThat(served).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("orders");
    });
    assertThat(catalog.most()).isEqualTo(2);
    assertThat(catalog.total()).isEqualTo(2);
    assertThat(proxy.metric("strangler_backend_in_flight{backend=\"catalog\"}")).isEqualTo(2);
    assertThat(proxy.metric("strangler_shed_total{backend=\"catalog\",reason=\"backend-limit\",route=\"catalog\"}")).isEqualTo(6);

    catalog.releaseAll();
    assertThat(held).allSatisfy(f -> assertThat(OnVertx.await(vertx, () -> f).body()).isEqualTo("catalog"));
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.overload().inFlight("catalog") == 0);
    assertThat(OnVertx.await(vertx, () -> proxy.get("/catalog/again")).status()).isEqualTo(200);
  }

  @Test
  void aFallbackRouteWhoseExtractedSideIsFullIsServedByTheMonolith(Vertx vertx) {
    holdCatalog(vertx);

    OverloadedProxy.Reply safe = OnVertx.await(vertx, () -> proxy.get("/safe/products"));
    OverloadedProxy.Reply other = OnVertx.await(vertx, () -> proxy.get("/catalog/products"));

    assertThat(safe.status()).isEqualTo(200);
    assertThat(safe.body()).isEqualTo("legacy");
    assertThat(safe.backend()).isEqualTo("legacy");
    assertThat(other.status()).isEqualTo(503);
    assertThat(catalog.total()).isEqualTo(2);
    assertThat(proxy.metric("strangler_fallbacks_total{backend=\"catalog\",route=\"catalog-safe\"}")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.overload().inFlight("legacy") == 0);
  }

  /** Two requests the catalog holds: its limit, reached. */
  private List<Future<OverloadedProxy.Reply>> holdCatalog(Vertx vertx) {
    List<Future<OverloadedProxy.Reply>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String path = "/catalog/held-" + i;
      held.add(OnVertx.await(vertx, () -> Future.succeededFuture(proxy.get(path))));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> catalog.now() == 2);
    return held;
  }
}
