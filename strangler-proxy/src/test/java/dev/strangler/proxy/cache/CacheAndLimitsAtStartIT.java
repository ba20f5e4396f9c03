package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/** The whole proxy as configured from its environment: a route table file with a cache, a rate limit and eviction rules. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CacheAndLimitsAtStartIT {

  @Test
  void aProxyStartedFromItsSettingsCachesEvictsOnEventsAndLimits(Vertx vertx, RedisNamespace ns, @TempDir Path dir)
      throws Exception {
    ScriptedBackend backend = ScriptedBackend.start(vertx);
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: product
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: legacy
            cache: {ttl: 60s, tags: ["product:{sku}"]}
            rateLimit: {rate: 1/m, burst: 50, key: ip, onRedisDown: open}
          - id: search
            match: {path: /api/search}
            target: legacy
            rateLimit: {rate: 1/m, burst: 1, key: ip, onRedisDown: closed}
        cacheInvalidation:
          - {stream: product, tag: "product:{aggregateId}"}
        """.formatted(backend.url()));
    int port = FreePort.find();
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(port)),
        Map.entry("STRANGLER_EVENT_LOOPS", "2"), Map.entry("STRANGLER_DEBUG_HEADERS", "true"),
        Map.entry("STRANGLER_ROUTES_FILE", routes.toString()),
        Map.entry("STRANGLER_CACHE_REDIS_URL", ns.endpoint().uri()), Map.entry("STRANGLER_CACHE_TIMEOUT_MS", "2000"),
        Map.entry("STRANGLER_RATE_LIMIT_REDIS_URL", ns.endpoint().uri()), Map.entry("STRANGLER_RATE_LIMIT_TIMEOUT_MS", "2000"),
        Map.entry("STRANGLER_REDIS_PREFIX", ns.prefix()), Map.entry("STRANGLER_EVENTS_PREFIX", ns.prefix()))));
    proxy.start().await();
    HttpClient client = vertx.createHttpClient();

    await().atMost(Duration.ofSeconds(5)).until(() -> cacheOf(vertx, client, port, "/api/products/ACME-00001"), "hit"::equals);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      try (var jedis = ns.endpoint().connect()) {
        jedis.xadd(ns.key("events:product"), StreamEntryID.NEW_ENTRY, Map.of("type", "ProductUpdated", "aggregateType",
            "Product", "aggregateId", "ACME-00001", "payload", "{}"));
      }
      assertThat(cacheOf(vertx, client, port, "/api/products/ACME-00001")).isEqualTo("miss");
    });
    assertThat(status(vertx, client, port, "/api/search")).isEqualTo(200);
    assertThat(status(vertx, client, port, "/api/search")).isEqualTo(429);
    assertThat(ns.keys()).anyMatch(k -> k.startsWith(ns.key("ratelimit:search:ip:")));

    proxy.stop().await();
  }

  private static String cacheOf(Vertx vertx, HttpClient client, int port, String path) {
    return get(vertx, client, port, path).get(ResponseCache.DEBUG_HEADER);
  }

  private static int status(Vertx vertx, HttpClient client, int port, String path) {
    return Integer.parseInt(get(vertx, client, port, path).get(":status"));
  }

  private static MultiMap get(Vertx vertx, HttpClient client, int port, String path) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> MultiMap.caseInsensitiveMultiMap()
            .addAll(resp.headers()).add(":status", String.valueOf(resp.statusCode()))))));
  }
}
