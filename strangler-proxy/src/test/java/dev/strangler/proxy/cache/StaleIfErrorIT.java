package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A route whose cache has {@code staleIfError} answers a backend's failure with the answer it kept, past its TTL, while
 * the backend's figures still count the failure: a real proxy, a scripted backend and the real Redis under the test's
 * namespace.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class StaleIfErrorIT {

  private static final long WINDOW_MILLIS = 60_000;
  private static final String KEPT = "{\"sku\":\"ACME-00001\",\"price\":\"9.99\"}";

  private ScriptedBackend backend;
  private ProxyOnLoopback proxy;
  private RedisNamespace ns;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.ns = ns;
    backend = ScriptedBackend.start(vertx);
    backend.answer(req -> req.response().putHeader("Content-Type", "application/json").putHeader("ETag", "\"v1\"").end(KEPT));
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: product
            match: {path: "/api/products/{sku}", methods: [GET, HEAD]}
            target: legacy
            timeouts: {response: 1s}
            cache: {ttl: 300ms, staleIfError: 60s}
        """.formatted(backend.url()), ResponseCacheIT.options(ns), null);
  }

  /** Asks until the answer has been kept, then waits until it is no longer fresh (kept only to stand in). */
  private void keptThenExpired() {
    proxy.get("/api/products/ACME-00001");
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    await().atMost(Duration.ofSeconds(5)).until(() -> ResponseCacheIT.pttlOfTheOnlyEntry(ns) <= WINDOW_MILLIS);
  }

  @Test
  void theKeptAnswerStandsInForABackendErrorAndTheBackendStillCountsTheFailure() {
    keptThenExpired();
    backend.answer(req -> req.response().setStatusCode(503).putHeader("Retry-After", "5").end("{\"title\":\"down\"}"));

    Reply answered = proxy.get("/api/products/ACME-00001");

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo(KEPT);
    assertThat(answered.header("Content-Type")).isEqualTo("application/json");
    assertThat(answered.header("Retry-After")).as("nothing of the failed answer").isNull();
    assertThat(Long.parseLong(answered.header("Age"))).isGreaterThanOrEqualTo(0);
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("stale");
    assertThat(proxy.metrics().scrape())
        .contains("strangler_cache_requests_total{result=\"stale\",route=\"product\"} 1.0")
        .contains("strangler_requests_seconds_count{backend=\"legacy\",route=\"product\",status=\"5xx\"} 1");
  }

  @Test
  void theKeptAnswerStandsInWhenTheBackendGivesNoAnswerAtAll() {
    keptThenExpired();
    backend.answer(req -> req.connection().close());

    Reply answered = proxy.get("/api/products/ACME-00001");

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo(KEPT);
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("stale");
  }

  @Test
  void aClientHoldingTheKeptAnswerGetsNotModifiedFromTheStandIn() {
    keptThenExpired();
    backend.answer(req -> req.response().setStatusCode(500).end());

    Reply answered = proxy.get("/api/products/ACME-00001", "If-None-Match", "\"v1\"");

    assertThat(answered.status()).isEqualTo(304);
    assertThat(answered.body()).isEmpty();
    assertThat(answered.header("ETag")).isEqualTo("\"v1\"");
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("stale");
  }

  @Test
  void aClientErrorIsTheBackendsAnswerNotAFailure() {
    keptThenExpired();
    backend.answer(req -> req.response().setStatusCode(429).end("slow down"));

    Reply answered = proxy.get("/api/products/ACME-00001");

    assertThat(answered.status()).isEqualTo(429);
    assertThat(answered.body()).isEqualTo("slow down");
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
  }

  @Test
  void anAnswerThatMustBeRevalidatedOnceStaleNeverStandsIn() {
    backend.answer(req -> req.response().putHeader("Cache-Control", "public, must-revalidate").end(KEPT));
    proxy.get("/api/products/ACME-00001");
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    assertThat(ResponseCacheIT.pttlOfTheOnlyEntry(ns)).as("kept for its TTL only").isLessThanOrEqualTo(300);
    await().atMost(Duration.ofSeconds(5)).until(() -> ns.keys().stream().noneMatch(k -> k.contains(":entry:")));
    backend.answer(req -> req.response().setStatusCode(503).end("down"));

    Reply answered = proxy.get("/api/products/ACME-00001");

    assertThat(answered.status()).isEqualTo(503);
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
  }
}
