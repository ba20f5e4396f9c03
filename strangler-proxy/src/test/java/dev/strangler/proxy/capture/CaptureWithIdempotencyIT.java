package dev.strangler.proxy.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole proxy as its environment configures it, idempotency keys in their own Redis setting: the capture still
 * records a keyed request's body (the key step reads it through the capture), and a replay as the proxy's own answer.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CaptureWithIdempotencyIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          capture: {percent: 100}
          idempotency: {mode: require}
      """;

  private CaptureProxy proxy;
  private final AtomicInteger writes = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) {
    CaptureBackend backend = CaptureBackend.start(vertx);
    backend.answer((req, body) -> req.response().setStatusCode(201).putHeader("Content-Type", "text/plain")
        .end("order " + writes.incrementAndGet() + " for " + body));
    proxy = CaptureProxy.start(vertx, dir, TABLE.formatted(backend.url()), ns.endpoint().uri(), ns.prefix(),
        Map.of("STRANGLER_IDEMPOTENCY_REDIS_URL", ns.endpoint().uri()));
  }

  @AfterEach
  void stop() {
    proxy.stop();
  }

  @Test
  void theCaptureRecordsAKeyedBodyAndTheReplayAsTheProxysAnswer() {
    CaptureProxy.Reply first = proxy.send(HttpMethod.POST, "/api/checkout", Buffer.buffer("cart-1"), "Idempotency-Key", "k1");
    CaptureProxy.Reply retry = proxy.send(HttpMethod.POST, "/api/checkout", Buffer.buffer("cart-1"), "Idempotency-Key", "k1");

    assertThat(first.text()).isEqualTo("order 1 for cart-1");
    assertThat(retry.text()).isEqualTo("order 1 for cart-1");
    assertThat(writes).hasValue(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=checkout").size(), n -> n >= 2);
    List<CapturedExchange> lines = proxy.export("route=checkout");
    assertThat(lines).hasSize(2);
    assertThat(lines).allSatisfy(line ->
        assertThat(new String(line.request().body(), StandardCharsets.UTF_8)).isEqualTo("cart-1"));
    assertThat(lines).extracting(line -> line.response().servedBy()).containsExactlyInAnyOrder("legacy", "proxy");
    assertThat(proxy.metrics()).contains("strangler_idempotency_total{outcome=\"replayed\",route=\"checkout\"} 1.0");
  }
}
