package dev.strangler.proxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routes' rate limits against the real Redis: bursts, 429 problems, Retry-After, and whom each key kind counts. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RateLimitIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: search
          match: {path: /api/search}
          target: legacy
          rateLimit: {rate: 1/m, burst: 3, key: ip, onRedisDown: open}
        - id: slow-drip
          match: {path: /api/drip}
          target: legacy
          rateLimit: {rate: 1/2s, burst: 1, key: ip, onRedisDown: open}
        - id: partner
          match: {path: /api/partner/**}
          target: legacy
          rateLimit: {rate: 1/m, burst: 1, key: "header:X-Api-Key", onRedisDown: open}
        - id: free
          match: {path: /api/free}
          target: legacy
      """;

  private Vertx vertx;
  private RedisNamespace ns;
  private ScriptedBackend backend;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    backend = ScriptedBackend.start(vertx);
  }

  private ProxyOnLoopback proxy(int trustedHops) {
    return ProxyOnLoopback.start(vertx, TABLE.formatted(backend.url()), null,
        RateLimitOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)), null,
        trustedHops);
  }

  @Test
  void aBurstPassesThenTheProxyAnswers429WithRetryAfterAndAProblem() {
    ProxyOnLoopback proxy = proxy(0);

    Reply first = proxy.get("/api/search");
    proxy.get("/api/search");
    Reply third = proxy.get("/api/search");
    Reply refused = proxy.get("/api/search");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("RateLimit-Limit")).isEqualTo("3");
    assertThat(first.header("RateLimit-Remaining")).isEqualTo("2");
    assertThat(third.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(third.header("RateLimit-Reset"))).isBetween(179L, 180L);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(59L, 60L);
    assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-Strangler-Backend")).isEqualTo("proxy");
    JsonObject problem = new JsonObject(refused.body());
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getString("title")).isEqualTo("Too Many Requests");
    assertThat(problem.getString("detail")).startsWith("this route accepts 1/m (bursts of 3) per client address; retry after");
    assertThat(backend.requests()).isEqualTo(3);
    assertThat(proxy.get("/api/free").status()).as("other routes are not limited").isEqualTo(200);
    assertThat(proxy.metrics().scrape())
        .contains("strangler_ratelimit_requests_total{result=\"allowed\",route=\"search\"} 3.0")
        .contains("strangler_ratelimit_requests_total{result=\"limited\",route=\"search\"} 1.0");
  }

  @Test
  void aClientThatWaitsRetryAfterIsServedAndNotMuchEarlier() {
    ProxyOnLoopback proxy = proxy(0);
    assertThat(proxy.get("/api/drip").status()).isEqualTo(200);
    Reply refused = proxy.get("/api/drip");
    long refusedAt = System.nanoTime();
    long retryAfter = Long.parseLong(refused.header("Retry-After"));

    // Refusals don't count against the limit, so asking again and again finds the moment it passes.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> proxy.get("/api/drip").status() == 200);
    Duration waited = Duration.ofNanos(System.nanoTime() - refusedAt);

    assertThat(retryAfter).isEqualTo(2);
    assertThat(waited).isBetween(Duration.ofMillis(retryAfter * 1000 - 1000), Duration.ofMillis(retryAfter * 1000 + 300));
  }

  @Test
  void anAddressKeyCountsTheAddressTheProxyTrustsNeverOneAClientClaims() {
    ProxyOnLoopback edge = proxy(0);
    for (int i = 0; i < 3; i++) {
      edge.get("/api/search", "X-Forwarded-For", "10.0.0." + i);
    }
    assertThat(edge.get("/api/search", "X-Forwarded-For", "10.9.9.9").status()).as("a claimed address changes nothing")
        .isEqualTo(429);

    ProxyOnLoopback behindBalancer = proxy(1);
    assertThat(behindBalancer.get("/api/search", "X-Forwarded-For", "203.0.113.7").status()).as("another client").isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      behindBalancer.get("/api/search", "X-Forwarded-For", "203.0.113.7");
    }
    assertThat(behindBalancer.get("/api/search", "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(429);
    assertThat(behindBalancer.get("/api/search", "X-Forwarded-For", "6.6.6.6, 203.0.113.7").status())
        .as("only the balancer's entry is trusted").isEqualTo(429);
    assertThat(behindBalancer.get("/api/search", "X-Forwarded-For", "203.0.113.8").status()).isEqualTo(200);
  }

  @Test
  void aHeaderKeyCountsEachValueApartAndRequestsWithoutItByAddress() {
    ProxyOnLoopback proxy = proxy(0);

    assertThat(proxy.get("/api/partner/orders", "X-Api-Key", "key-a").status()).isEqualTo(200);
    assertThat(proxy.get("/api/partner/orders", "X-Api-Key", "key-a").status()).isEqualTo(429);
    assertThat(proxy.get("/api/partner/orders", "X-Api-Key", "key-b").status()).isEqualTo(200);
    assertThat(proxy.get("/api/partner/orders").status()).isEqualTo(200);
    assertThat(proxy.get("/api/partner/orders").status()).isEqualTo(429);
    assertThat(ns.keys()).as("a key's value (a secret) never shows in Redis").noneMatch(k -> k.contains("key-a"));
  }
}
