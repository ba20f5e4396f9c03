package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.Comparison;
import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A candidate found through discovery (a real registry in Redis) that the proxy has not looked up yet: the first copy
 * waits for one lookup, as forwarding's first request does, instead of finding no instance.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowDiscoveryIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Longer than any test: no periodic refresh finds the candidate for the copy. */
  private static final Duration NO_REFRESH = Duration.ofHours(1);
  private ShadowProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop();
    }
  }

  @Test
  void theFirstCopyToACandidateNotLookedUpYetReachesItsRegisteredInstance(Vertx vertx, RedisNamespace ns) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\"}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\"}");
    DiscoveryOptions discovery = DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix());
    RedisServiceRegistry registry = new RedisServiceRegistry(vertx, discovery);
    registry.register("catalog-service", "127.0.0.1", candidate.port(), "1").await();
    proxy = proxy(vertx, legacy, registry);

    assertThat(proxy.get("/api/products/A").body()).isEqualTo("{\"sku\":\"A\"}");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.candidate().error()).as("the copy found the instance").isNull();
    assertThat(outcome.candidate().status()).isEqualTo(200);
    assertThat(outcome.comparison().outcome()).isEqualTo(Comparison.Outcome.MATCH);
    assertThat(candidate.received()).singleElement()
        .satisfies(r -> assertThat(r.header(ShadowStep.HEADER)).isEqualTo("1"));
  }

  @Test
  void aCandidateServiceWithNoRegisteredInstanceIsReportedAsHavingNone(Vertx vertx, RedisNamespace ns) {
    FakeSide legacy = FakeSide.start(vertx);
    RedisServiceRegistry registry = new RedisServiceRegistry(vertx, DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix()));
    proxy = proxy(vertx, legacy, registry);

    assertThat(proxy.get("/api/products/A").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.outcomes().getFirst().candidate().error()).isEqualTo("backend 'catalog' has no instance");
    assertThat(proxy.inFlight("products")).isZero();
  }

  /** Shadows products from {@code legacy} to catalog-service in {@code registry}, never looked up before the first copy. */
  private static ShadowProxy proxy(Vertx vertx, FakeSide legacy, RedisServiceRegistry registry) {
    return new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, catalog: {service: catalog-service}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: catalog}}
            shadow: {learnNoise: false}
        """.formatted(legacy.url()), ShadowOptions.DEFAULTS, null,
        live -> new DiscoveredBackends(vertx, registry, live, NO_REFRESH)); // never started: nothing looked up yet
  }
}
