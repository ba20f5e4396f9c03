package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.proxy.forward.DebugHeaders;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisWithTls;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole proxy, started from its settings, with every Redis URL a {@code rediss://} one that names the test's CA and
 * a client certificate, against a server that requires client certificates (Redis's default {@code tls-auth-clients
 * yes}): it follows the route table published over TLS, and its request-path Redis (rate limits, the response cache)
 * works.
 */
@ExtendWith(VertxExtension.class)
class ProxyTlsIT {

  @Test
  void theProxyFollowsTheRouteTableAndLimitsAndCachesOverMutualTls(Vertx vertx) throws Exception {
    try (RedisWithTls redis = RedisWithTls.start(List.of("--tls-auth-clients", "yes"))) {
      String url = redis.urlWithClientCertificate();
      ScriptedBackend backend = ScriptedBackend.start(vertx);
      Redis publisher = Redis.createClient(vertx, RedisClientOptions.of(url));
      // The JVM's first TLS connection loads its TLS machinery and trust store: 0.9-1.9 s here, longer than the store's
      // 2 s timeout on a loaded machine; paid once per JVM, so paid here, without a bound.
      long t0 = System.nanoTime();
      publisher.send(Request.cmd(Command.PING)).await();
      System.out.printf("[tls] first TLS connection and PING: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      RedisRouteStore store = new RedisRouteStore(publisher, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      store.publishNext(table(backend.url(), 50), "alice", "first").await();
      int port = FreePort.find();
      ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
          "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
          "STRANGLER_EVENT_LOOPS", "2", "STRANGLER_DEBUG_HEADERS", "true",
          ProxyConfig.ENV_REDIS_URL, url,
          "STRANGLER_CACHE_REDIS_URL", url, "STRANGLER_CACHE_TIMEOUT_MS", "2000",
          "STRANGLER_RATE_LIMIT_REDIS_URL", url, "STRANGLER_RATE_LIMIT_TIMEOUT_MS", "2000")));
      proxy.start().await();
      HttpClient client = vertx.createHttpClient();

      long epoch = store.publishNext(table(backend.url(), 1), "alice", "tighten").await().epoch();

      await().atMost(Duration.ofSeconds(5)).until(() -> get(vertx, client, port, "/pages/home")
          .get(DebugHeaders.EPOCH), String.valueOf(epoch)::equals);
      await().atMost(Duration.ofSeconds(5)).until(() -> get(vertx, client, port, "/pages/home")
          .get(ResponseCache.DEBUG_HEADER), "hit"::equals);
      assertThat(get(vertx, client, port, "/api/search").get(":status")).isEqualTo("200");
      assertThat(get(vertx, client, port, "/api/search").get(":status")).isEqualTo("429");
      proxy.stop().await();
    }
  }

  @Test
  void aRedisCaFileThatIsNotThereStopsTheProxyNamingTheSetting() {
    assertThatThrownBy(() -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_RATE_LIMIT_REDIS_URL",
        "rediss://redis:6380?tls-ca-cert-file=/nowhere/ca.pem")))
        .isInstanceOfSatisfying(ProxyConfig.InvalidConfigException.class, e -> assertThat(e.problems()).contains(
            "STRANGLER_RATE_LIMIT_REDIS_URL: Redis URL parameter tls-ca-cert-file: '/nowhere/ca.pem' is not a file"));
  }

  private static RouteTableDefinition table(String backendUrl, int searchBurst) {
    return RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - {id: page, match: {path: "/pages/{name}", methods: [GET]}, target: legacy, cache: {ttl: 60s}}
          - id: search
            match: {path: /api/search}
            target: legacy
            rateLimit: {rate: 1/m, burst: %d, key: ip, onRedisDown: closed}
        """.formatted(backendUrl, searchBurst));
  }

  private static MultiMap get(Vertx vertx, HttpClient client, int port, String path) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> MultiMap.caseInsensitiveMultiMap()
            .addAll(resp.headers()).add(":status", String.valueOf(resp.statusCode()))))));
  }
}
