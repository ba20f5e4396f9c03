package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A route that keeps answers past their TTL ({@code cache.keep}) asks the backend whether an expired answer changed, and
 * serves the kept body on its 304: a real proxy, a backend with versioned documents and the real Redis under the test's
 * namespace.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CacheRevalidationIT {

  private static final long KEEP_MILLIS = 60_000;
  private static final String BODY_V1 = "{\"sku\":\"ACME-00001\",\"price\":\"9.99\"}";

  /** The conditional headers of each request the backend got, in order ({@code -} for none). */
  private final List<String> conditions = new CopyOnWriteArrayList<>();
  private volatile String etag = "\"v1\"";
  private volatile String body = BODY_V1;
  private volatile String cacheControl = "public, max-age=60";
  private volatile boolean sendsEtag = true;
  private volatile String notModifiedCacheControl = null;
  private ProxyOnLoopback proxy;
  private RedisNamespace ns;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.ns = ns;
    HttpServer backend = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1").await();
    HttpServer candidate = vertx.createHttpServer().requestHandler(req -> req.response().end(body)).listen(0, "127.0.0.1").await();
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:%d"]}, candidate: {urls: ["http://127.0.0.1:%d"]}}
        routes:
          - id: product
            match: {path: "/api/products/{sku}", methods: [GET, HEAD]}
            target: legacy
            cache: {ttl: 300ms, keep: 60s}
          - id: shadowed
            match: {path: "/api/shadowed/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            cache: {ttl: 300ms, keep: 60s}
            shadow: {learnNoise: false}
          - id: plain
            match: {path: "/api/plain/{sku}", methods: [GET]}
            target: legacy
            cache: {ttl: 300ms}
        """.formatted(backend.actualPort(), candidate.actualPort()), ResponseCacheIT.options(ns), null);
  }

  /** A document with a version: 304 when the request names it, else the whole document. */
  private void answer(HttpServerRequest req) {
    String ifNoneMatch = req.getHeader("If-None-Match");
    String ifModifiedSince = req.getHeader("If-Modified-Since");
    conditions.add(ifNoneMatch != null ? ifNoneMatch : ifModifiedSince != null ? "since " + ifModifiedSince : "-");
    req.response().putHeader("Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT");
    if (sendsEtag) {
      req.response().putHeader("ETag", etag);
    }
    if (etag.equals(ifNoneMatch) || (!sendsEtag && ifModifiedSince != null)) {
      req.response().setStatusCode(304).putHeader("Cache-Control",
          notModifiedCacheControl != null ? notModifiedCacheControl : cacheControl).end();
      return;
    }
    req.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", cacheControl)
        .putHeader("X-Version", etag).end(body);
  }

  /** Asks until the answer has been kept, then waits until it is no longer fresh (Redis keeps it only to revalidate). */
  private void keptThenExpired(String path) {
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get(path), r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    await().atMost(Duration.ofSeconds(5)).until(() -> entryPttl() <= KEEP_MILLIS);
  }

  @Test
  void anExpiredAnswerIsRevalidatedAndTheBackends304ServesTheKeptBodyAndKeepsItFreshAgain() {
    proxy.get("/api/products/ACME-00001");
    keptThenExpired("/api/products/ACME-00001");
    int asked = conditions.size();

    Reply revalidated = proxy.get("/api/products/ACME-00001");

    assertThat(conditions.subList(asked, conditions.size())).containsExactly("\"v1\"");
    assertThat(revalidated.status()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo(BODY_V1);
    assertThat(revalidated.header("Content-Type")).isEqualTo("application/json");
    assertThat(revalidated.header("Content-Length")).isEqualTo(String.valueOf(BODY_V1.length()));
    assertThat(revalidated.header("ETag")).isEqualTo("\"v1\"");
    assertThat(revalidated.header("X-Version")).as("a header only the whole answer carried").isEqualTo("\"v1\"");
    assertThat(revalidated.header("Age")).isEqualTo("0");
    assertThat(revalidated.header(ResponseCache.DEBUG_HEADER)).isEqualTo("revalidated");
    assertThat(revalidated.header("X-Strangler-Backend")).isEqualTo("legacy");
    Reply hit = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    assertThat(hit.body()).isEqualTo(BODY_V1);
    assertThat(proxy.metrics().scrape()).contains("strangler_cache_requests_total{result=\"revalidated\",route=\"product\"} 1.0");
  }

  @Test
  void aChangedAnswerReplacesTheKeptOne() {
    proxy.get("/api/products/ACME-00001");
    keptThenExpired("/api/products/ACME-00001");
    etag = "\"v2\"";
    body = "{\"sku\":\"ACME-00001\",\"price\":\"7.49\"}";
    int asked = conditions.size();

    Reply changed = proxy.get("/api/products/ACME-00001");

    assertThat(conditions.subList(asked, conditions.size())).containsExactly("\"v1\"");
    assertThat(changed.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(changed.body()).isEqualTo(body);
    Reply hit = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    assertThat(hit.body()).isEqualTo(body);
    assertThat(hit.header("ETag")).isEqualTo("\"v2\"");
  }

  @Test
  void the304sHeadersUpdateTheKeptAnswer() {
    proxy.get("/api/products/ACME-00001");
    keptThenExpired("/api/products/ACME-00001");
    notModifiedCacheControl = "public, max-age=30";

    Reply revalidated = proxy.get("/api/products/ACME-00001");
    Reply hit = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));

    assertThat(revalidated.header("Cache-Control")).isEqualTo("public, max-age=30");
    assertThat(hit.header("Cache-Control")).isEqualTo("public, max-age=30");
    assertThat(hit.header("Content-Length")).isEqualTo(String.valueOf(BODY_V1.length()));
  }

  @Test
  void withoutAnETagTheLastModifiedDateIsAsked() {
    sendsEtag = false;
    proxy.get("/api/products/ACME-00001");
    keptThenExpired("/api/products/ACME-00001");
    int asked = conditions.size();

    Reply revalidated = proxy.get("/api/products/ACME-00001");

    assertThat(conditions.subList(asked, conditions.size())).containsExactly("since Sun, 29 Nov 2026 10:00:00 GMT");
    assertThat(revalidated.header(ResponseCache.DEBUG_HEADER)).isEqualTo("revalidated");
    assertThat(revalidated.body()).isEqualTo(BODY_V1);
  }

  @Test
  void aHeadIsRevalidatedToTheKeptHeadersWithoutABody() {
    proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001");
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    await().atMost(Duration.ofSeconds(5)).until(() -> entryPttl() <= KEEP_MILLIS);

    Reply revalidated = proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001");

    assertThat(revalidated.header(ResponseCache.DEBUG_HEADER)).isEqualTo("revalidated");
    assertThat(revalidated.status()).isEqualTo(200);
    assertThat(revalidated.body()).isEmpty();
    assertThat(revalidated.header("ETag")).isEqualTo("\"v1\"");
    assertThat(revalidated.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void noCacheAnswersAreKeptButRevalidatedOnEveryRequest() {
    cacheControl = "no-cache";

    Reply first = proxy.get("/api/products/ACME-00001");
    Reply second = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001"),
        r -> !"miss".equals(r.header(ResponseCache.DEBUG_HEADER)));
    Reply third = proxy.get("/api/products/ACME-00001");

    assertThat(first.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(second.header(ResponseCache.DEBUG_HEADER)).isEqualTo("revalidated");
    assertThat(third.header(ResponseCache.DEBUG_HEADER)).isEqualTo("revalidated");
    assertThat(third.body()).isEqualTo(BODY_V1);
    assertThat(conditions.getLast()).isEqualTo("\"v1\"");
  }

  @Test
  void theClientsOwnConditionsGoToTheBackendInsteadOfTheCaches() {
    proxy.get("/api/products/ACME-00001");
    keptThenExpired("/api/products/ACME-00001");
    int asked = conditions.size();

    Reply answered = proxy.get("/api/products/ACME-00001", "If-None-Match", "\"v0\"");

    assertThat(conditions.subList(asked, conditions.size())).containsExactly("\"v0\"");
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo(BODY_V1);
  }

  @Test
  void aShadowedRouteFetchesTheWholeAnswerSoItsCopyIsComparedWhole() {
    proxy.get("/api/shadowed/ACME-00001");
    keptThenExpired("/api/shadowed/ACME-00001");
    int asked = conditions.size();

    Reply answered = proxy.get("/api/shadowed/ACME-00001");

    assertThat(conditions.subList(asked, conditions.size())).containsExactly("-");
    assertThat(answered.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(answered.body()).isEqualTo(BODY_V1);
  }

  @Test
  void withoutKeepAnAnswerIsGoneAtItsTtl() {
    proxy.get("/api/plain/ACME-00001");
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/plain/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
    assertThat(entryPttl()).isLessThanOrEqualTo(300);

    await().atMost(Duration.ofSeconds(5)).until(() -> ns.keys().stream().noneMatch(k -> k.contains(":entry:")));
    int asked = conditions.size();
    Reply again = proxy.get("/api/plain/ACME-00001");

    assertThat(again.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(conditions.subList(asked, conditions.size())).containsExactly("-");
  }

  private long entryPttl() {
    return ResponseCacheIT.pttlOfTheOnlyEntry(ns);
  }
}
