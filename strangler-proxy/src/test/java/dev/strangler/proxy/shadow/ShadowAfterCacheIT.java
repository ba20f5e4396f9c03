package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A cached shadow route: the proxy answers a hit itself, so only misses (the primary's real answers) are copied. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowAfterCacheIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aCacheHitIsNeverShadowed(Vertx vertx, RedisNamespace ns) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    ShadowProxy proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, candidate: {urls: ["%s"]}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            cache: {ttl: 60s}
            shadow: {learnNoise: false}
          - id: search
            match: {path: /api/search, methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            shadow: {learnNoise: false}
        """.formatted(legacy.url(), candidate.url()), ShadowOptions.DEFAULTS,
        CacheOptions.defaults(ns.endpoint().uri()).withPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)));

    await().atMost(WAIT).until(() -> proxy.get("/api/products/A").headers().get(ResponseCache.DEBUG_HEADER), "hit"::equals);
    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == legacy.received().size());
    int copiesOfMisses = candidate.received().size();
    for (int i = 0; i < 5; i++) {
      assertThat(proxy.get("/api/products/A").headers().get(ResponseCache.DEBUG_HEADER)).isEqualTo("hit");
    }
    proxy.get("/api/search"); // not cached: its copy marks the end of the hits' (none)

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == copiesOfMisses + 1);
    assertThat(candidate.received()).hasSize(copiesOfMisses + 1);
    assertThat(candidate.received().getLast().uri()).isEqualTo("/api/search");
    assertThat(copiesOfMisses).as("every miss was copied").isEqualTo(legacy.received().size() - 1);
    proxy.stop();
  }
}
