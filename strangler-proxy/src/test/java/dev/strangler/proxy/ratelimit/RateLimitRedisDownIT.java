package dev.strangler.proxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the limits' Redis down, each route does what it says: open lets requests through, closed answers 503. */
@ExtendWith(VertxExtension.class)
class RateLimitRedisDownIT {

  private RedisServerProcess redis;
  private ProxyOnLoopback proxy;
  private RateLimitOptions options;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServerProcess.start();
    ScriptedBackend backend = ScriptedBackend.start(vertx);
    options = RateLimitOptions.defaults(redis.endpoint().uri()); // the production timeout: 100 ms
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: browse
            match: {path: /api/browse}
            target: legacy
            rateLimit: {rate: 1/m, burst: 1, key: ip, onRedisDown: open}
          - id: login
            match: {path: /api/login}
            target: legacy
            rateLimit: {rate: 1/m, burst: 1, key: ip, onRedisDown: closed}
        """.formatted(backend.url()), null, options);
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  void aKilledRedisFailsOpenRoutesOpenAndClosedRoutesClosedUntilItIsBack() {
    assertThat(proxy.get("/api/browse").status()).isEqualTo(200);
    assertThat(proxy.get("/api/browse").status()).isEqualTo(429);

    redis.kill();

    for (int i = 0; i < 5; i++) {
      assertThat(proxy.get("/api/browse").status()).isEqualTo(200);
      Reply closed = proxy.get("/api/login");
      assertThat(closed.status()).isEqualTo(503);
      assertThat(closed.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(closed.header("Retry-After")).isEqualTo("1");
      assertThat(new JsonObject(closed.body()).getString("detail"))
          .isEqualTo("rate limits can't be checked right now (the rate limit store did not answer); try again shortly");
    }
    assertThat(proxy.metrics().scrape()).contains("strangler_ratelimit_redis_errors_total{failed=\"closed\",route=\"login\"}")
        .contains("strangler_ratelimit_redis_errors_total{failed=\"open\",route=\"browse\"}");

    redis.restart();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("/api/login").status() == 200);
    assertThat(proxy.get("/api/login").status()).as("limited again").isEqualTo(429);
  }

  @Test
  void aRedisThatStopsAnsweringCostsARequestAtMostTheTimeout() {
    assertThat(proxy.get("/api/browse").status()).isEqualTo(200);

    redis.pause();
    try {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        int open = proxy.get("/api/browse").status();
        int closed = proxy.get("/api/login").status();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(open).isEqualTo(200);
        assertThat(closed).isEqualTo(503);
        assertThat(took).as("two requests").isLessThan(options.timeout().multipliedBy(2).plusMillis(400));
      }
    } finally {
      redis.resume();
    }
  }
}
