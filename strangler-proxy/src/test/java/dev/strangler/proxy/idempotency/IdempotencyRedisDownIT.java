package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the keys' Redis down, require routes fail closed (503, the write is not risked twice) and add routes go on. */
@ExtendWith(VertxExtension.class)
class IdempotencyRedisDownIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          idempotency: {mode: require}
        - id: orders
          match: {path: /api/orders, methods: [POST]}
          target: legacy
          idempotency: {mode: add}
      """;

  private RedisServerProcess redis;
  private OrderBackend backend;
  private IdempotentProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServerProcess.start();
    backend = new OrderBackend(vertx);
    proxy = new IdempotentProxy(vertx, TABLE.formatted(backend.url()), IdempotencyOptions.defaults(redis.endpoint().uri()), 0);
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  void aKilledRedisFailsRequireRoutesClosedWith503UntilItIsBack() {
    assertThat(proxy.post("/api/checkout", "{}", "Idempotency-Key", "before").status()).isEqualTo(201);

    redis.kill();

    for (int i = 0; i < 3; i++) {
      Reply refused = proxy.post("/api/checkout", "{}", "Idempotency-Key", "during-" + i);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(new JsonObject(refused.body()).getString("detail")).startsWith("idempotency keys can't be checked right now");
    }
    assertThat(proxy.post("/api/orders", "{}").status()).as("add mode needs no Redis").isEqualTo(201);
    assertThat(backend.orders()).as("no keyed write ran unchecked").isEqualTo(2);
    assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"unavailable\",route=\"checkout\"} 3.0");

    redis.restart();

    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> proxy.post("/api/checkout", "{}", "Idempotency-Key", "after").status() == 201);
  }

  @Test
  void aClaimThatReachesRedisAfterItsTimeoutIsLetGoSoTheRetryRunsInsteadOfMeeting409UntilTheLockExpires() {
    assertThat(proxy.post("/api/checkout", "{}", "Idempotency-Key", "warm").status()).isEqualTo(201);

    redis.pause(); // SIGSTOP: the claim waits in the socket past the proxy's timeout, then lands when Redis thaws
    Reply refused;
    try {
      refused = proxy.post("/api/checkout", "{}", "Idempotency-Key", "late");
    } finally {
      redis.resume();
    }
    assertThat(refused.status()).isEqualTo(503);

    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> proxy.post("/api/checkout", "{}", "Idempotency-Key", "late").status() == 201);
    assertThat(backend.orders()).as("the warm-up and the retry: the refused one never ran").isEqualTo(2);
  }

  @Test
  void withoutAnyRedisConfiguredRequireRoutesAnswer503(Vertx vertx) {
    IdempotentProxy unconfigured = new IdempotentProxy(vertx, TABLE.formatted(backend.url()), null, 0);

    Reply refused = unconfigured.post("/api/checkout", "{}", "Idempotency-Key", "k");

    assertThat(refused.status()).isEqualTo(503);
    assertThat(unconfigured.post("/api/orders", "{}").status()).isEqualTo(201);
    assertThat(backend.received()).isEqualTo(1);
    unconfigured.stop();
  }
}
