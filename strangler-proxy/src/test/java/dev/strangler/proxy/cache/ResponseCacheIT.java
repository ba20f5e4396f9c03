package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The response cache's rules, one by one: a real proxy, a scripted backend and the real Redis under the test's namespace. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ResponseCacheIT {

  private ScriptedBackend backend;
  private ProxyOnLoopback proxy;
  private RedisNamespace ns;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.ns = ns;
    backend = ScriptedBackend.start(vertx);
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: product
            match: {path: "/api/products/{sku}", methods: [GET, HEAD]}
            target: legacy
            cache: {ttl: 30s, vary: [Accept-Language], tags: ["product:{sku}"]}
          - id: short
            match: {path: /api/short, methods: [GET]}
            target: legacy
            cache: {ttl: 400ms}
        """.formatted(backend.url()), options(ns), null);
  }

  /** The cache under the test's namespace, with a 4 KiB cap and a timeout a busy test machine always meets. */
  static CacheOptions options(RedisNamespace ns) {
    return CacheOptions.defaults(ns.endpoint().uri()).withPrefix(ns.prefix()).withMaxBodyBytes(4096)
        .withTimeout(Duration.ofSeconds(2));
  }

  /** Asks until the answer has been kept (it is written after the body has streamed), then returns the hit. */
  private Reply hitOf(String path, String... headers) {
    return await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get(path, headers), r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
  }

  @Test
  void aKeptAnswerIsServedByTheProxyWithItsAgeAndTheSameHeadersAndBody() {
    Reply first = proxy.get("/api/products/ACME-00001");
    Reply hit = hitOf("/api/products/ACME-00001");

    assertThat(first.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(first.header("X-Strangler-Backend")).isEqualTo("legacy");
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.body()).isEqualTo(first.body());
    assertThat(hit.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(hit.header("Content-Length")).isEqualTo(String.valueOf(first.body().length()));
    assertThat(hit.header("Age")).isEqualTo("0");
    assertThat(hit.header("X-Strangler-Backend")).isEqualTo("proxy");
    assertThat(hit.header("X-Strangler-Route")).isEqualTo("product");
    assertThat(backend.requests()).isEqualTo(1);
    assertThat(proxy.metrics().scrape()).contains("strangler_cache_requests_total{result=\"hit\",route=\"product\"}")
        .contains("strangler_cache_stored_total{route=\"product\"} 1.0");
  }

  @Test
  void theAgeGrowsWhileTheAnswerIsKept() {
    proxy.get("/api/products/ACME-00001");
    hitOf("/api/products/ACME-00001");

    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/products/ACME-00001").header("Age"), "1"::equals);
  }

  @Test
  void varyHeadersArePartOfTheKey() {
    proxy.get("/api/products/ACME-00001", "Accept-Language", "de");
    hitOf("/api/products/ACME-00001", "Accept-Language", "de");

    Reply english = proxy.get("/api/products/ACME-00001", "Accept-Language", "en");

    assertThat(english.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(english.body()).contains("\"language\":\"en\"");
    assertThat(hitOf("/api/products/ACME-00001", "Accept-Language", "de").body()).contains("\"language\":\"de\"");
    assertThat(proxy.get("/api/products/ACME-00001").header(ResponseCache.DEBUG_HEADER)).as("no Accept-Language").isEqualTo("miss");
  }

  @Test
  void theQueryIsSortedAndTheHostIsPartOfTheKey() {
    proxy.get("/api/products/ACME-00001?b=2&a=1");
    hitOf("/api/products/ACME-00001?b=2&a=1");

    assertThat(proxy.get("/api/products/ACME-00001?a=1&b=2").header(ResponseCache.DEBUG_HEADER)).isEqualTo("hit");
    assertThat(proxy.get("/api/products/ACME-00001?a=1&b=3").header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(proxy.get("/api/products/ACME-00001?a=1&b=2", "Host", "shop.example.com").header(ResponseCache.DEBUG_HEADER))
        .isEqualTo("miss");
  }

  @Test
  void requestsWithCredentialsBypassTheCacheOnARouteThatIsNotUserScoped() {
    proxy.get("/api/products/ACME-00001");
    hitOf("/api/products/ACME-00001");
    int before = backend.requests();

    Reply authorized = proxy.get("/api/products/ACME-00001", "Authorization", "Bearer abc");
    Reply session = proxy.get("/api/products/ACME-00001", "Cookie", "theme=dark; SESSION=c2Vzc2lvbg==");
    Reply otherCookie = proxy.get("/api/products/ACME-00001", "Cookie", "theme=dark");

    assertThat(authorized.header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
    assertThat(session.header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
    assertThat(otherCookie.header(ResponseCache.DEBUG_HEADER)).as("only the session cookie is a credential").isEqualTo("hit");
    assertThat(backend.requests()).isEqualTo(before + 2);
  }

  @Test
  void rangesAndBodiesBypassTheCache() {
    assertThat(proxy.get("/api/products/ACME-00001", "Range", "bytes=0-3").header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
  }

  @Test
  void anAnswerWithSetCookieIsNeverKept() {
    notKept(req -> req.response().putHeader("Set-Cookie", "id=1").end("mine"));
  }

  @Test
  void anAnswerThatSaysNoStorePrivateOrNoCacheIsNeverKept() {
    notKept(req -> req.response().putHeader("Cache-Control", "no-store").end("x"));
    notKept(req -> req.response().putHeader("Cache-Control", "public, max-age=60").putHeader("Cache-Control", "private").end("x"));
    notKept(req -> req.response().putHeader("Cache-Control", "no-cache").end("x"));
    notKept(req -> req.response().putHeader("Cache-Control", "max-age=0").end("x"));
  }

  @Test
  void errorsRedirectsThatMayChangeAndPartialAnswersAreNeverKept() {
    notKept(req -> req.response().setStatusCode(500).end("boom"));
    notKept(req -> req.response().setStatusCode(503).end("later"));
    notKept(req -> req.response().setStatusCode(302).putHeader("Location", "/elsewhere").end());
    notKept(req -> req.response().setStatusCode(206).end("part"));
  }

  @Test
  void anAnswerVaryingOnAHeaderOutsideTheKeyIsNeverKept() {
    notKept(req -> req.response().putHeader("Vary", "Accept-Encoding").end("x"));
    notKept(req -> req.response().putHeader("Vary", "*").end("x"));
  }

  @Test
  void anAnswerVaryingOnlyOnTheRoutesVaryHeadersIsKept() {
    backend.answer(req -> req.response().putHeader("Vary", "accept-language").end("x"));

    proxy.get("/api/products/ACME-00001");

    assertThat(hitOf("/api/products/ACME-00001").body()).isEqualTo("x");
  }

  @Test
  void aNotFoundIsKeptLikeAnyAnswer() {
    backend.answer(req -> req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end("{}"));

    proxy.get("/api/products/NOPE");

    Reply hit = hitOf("/api/products/NOPE");
    assertThat(hit.status()).isEqualTo(404);
    assertThat(hit.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void anAnswerIsGoneAfterItsTtl() {
    proxy.get("/api/short");
    hitOf("/api/short");

    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("/api/short").header(ResponseCache.DEBUG_HEADER), "miss"::equals);
  }

  @Test
  void aShorterMaxAgeOfTheAnswerWinsOverTheRoutesTtl() {
    backend.answer(req -> req.response().putHeader("Cache-Control", "public, max-age=1").end("x"));
    proxy.get("/api/products/ACME-00001");
    hitOf("/api/products/ACME-00001");

    long pttl = pttlOfTheOnlyEntry();

    assertThat(pttl).isBetween(1L, 1000L);
  }

  @Test
  void aBodyLargerThanTheCapStreamsInFullAndIsNotKept() {
    String large = "x".repeat(10_000);
    backend.answer(req -> req.response().end(large));
    assertThat(proxy.get("/api/products/BIG").body()).isEqualTo(large);

    backend.answer(req -> req.response().setChunked(true).write("y".repeat(3000)).compose(v -> req.response().end("y".repeat(3000))));
    assertThat(proxy.get("/api/products/CHUNKED").body()).hasSize(6000);

    assertThat(proxy.get("/api/products/BIG").header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(proxy.get("/api/products/CHUNKED").header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(ns.keys()).noneMatch(k -> k.contains(":entry:"));
  }

  @Test
  void aChunkedBodyWithinTheCapIsKept() {
    backend.answer(req -> req.response().setChunked(true).write("a".repeat(1000)).compose(v -> req.response().end("b")));
    proxy.get("/api/products/CHUNKED");

    Reply hit = hitOf("/api/products/CHUNKED");

    assertThat(hit.body()).isEqualTo("a".repeat(1000) + "b");
    assertThat(hit.header("Content-Length")).isEqualTo("1001");
  }

  @Test
  void aHeadWithNoGetKeptIsKeptOnItsOwnAndNeverAnswersAGet() {
    String body = "{\"sku\":\"ACME-00001\",\"name\":\"Widget\"}";
    backend.answer(req -> {
      req.response().putHeader("Content-Type", "application/json; charset=utf-8");
      if (req.method() == HttpMethod.HEAD) {
        req.response().putHeader("Content-Length", String.valueOf(body.length())).end(); // Vert.x sets none for HEAD
      } else {
        req.response().end(body);
      }
    });
    proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001");
    Reply head = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001"),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));

    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(body.length()));
    assertThat(proxy.get("/api/products/ACME-00001").header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
  }

  @Test
  void aHeadIsAnsweredFromAKeptGetAnswerWithItsHeadersAndNoBody() {
    backend.answer(req -> req.response().putHeader("Content-Type", "application/json").putHeader("ETag", "\"v1\"")
        .setChunked(true).write("{\"sku\":").compose(v -> req.response().end("\"ACME-00002\"}")));
    Reply got = proxy.get("/api/products/ACME-00002");
    hitOf("/api/products/ACME-00002");
    int before = backend.requests();

    Reply head = proxy.send(HttpMethod.HEAD, "/api/products/ACME-00002");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header(ResponseCache.DEBUG_HEADER)).isEqualTo("hit");
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Type")).isEqualTo("application/json");
    assertThat(head.header("ETag")).isEqualTo("\"v1\"");
    assertThat(head.header("Content-Length")).as("what the GET is sent with").isEqualTo(String.valueOf(got.body().length()));
    assertThat(head.header("Age")).isNotNull();
    assertThat(backend.requests()).as("the backend saw no HEAD").isEqualTo(before);
  }

  @Test
  void aTaggedEntryIsIndexedUnderItsTagForAtLeastItsTtl() {
    proxy.get("/api/products/ACME%2D00001");
    hitOf("/api/products/ACME%2D00001");

    assertThat(ns.keys()).contains(ns.key("{cache}:tag:product:ACME-00001"));
    try (var jedis = ns.endpoint().connect()) {
      assertThat(jedis.pttl(ns.key("{cache}:tag:product:ACME-00001"))).isGreaterThanOrEqualTo(jedis.pttl(
          ns.keys().stream().filter(k -> k.contains(":entry:")).findFirst().orElseThrow()));
    }
  }

  @Test
  void aClientHoldingTheKeptAnswerGetsNotModifiedWithoutTheBody() {
    backend.answer(req -> req.response().putHeader("Content-Type", "application/json").putHeader("ETag", "W/\"v7\"")
        .putHeader("Cache-Control", "public, max-age=60").putHeader("Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT")
        .putHeader("X-Backend-Note", "full answers only").end("{\"sku\":\"ACME-00001\"}"));
    proxy.get("/api/products/ACME-00001");
    hitOf("/api/products/ACME-00001");
    int before = backend.requests();

    Reply current = proxy.get("/api/products/ACME-00001", "If-None-Match", "\"v6\", \"v7\"");
    Reply head = proxy.send(HttpMethod.HEAD, "/api/products/ACME-00001", "If-None-Match", "W/\"v7\"");
    Reply byDate = proxy.get("/api/products/ACME-00001", "If-Modified-Since", "Sun, 29 Nov 2026 10:00:00 GMT");
    Reply stale = proxy.get("/api/products/ACME-00001", "If-None-Match", "\"v6\"");

    assertThat(current.status()).isEqualTo(304);
    assertThat(current.body()).isEmpty();
    assertThat(current.header("ETag")).isEqualTo("W/\"v7\"");
    assertThat(current.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(current.header("Age")).isNotNull();
    assertThat(current.header("Content-Type")).isNull();
    assertThat(current.header("Content-Length")).isNull();
    assertThat(current.header("Transfer-Encoding")).isNull();
    assertThat(current.header("X-Backend-Note")).isNull();
    assertThat(current.header(ResponseCache.DEBUG_HEADER)).isEqualTo("hit");
    assertThat(head.status()).isEqualTo(304);
    assertThat(byDate.status()).isEqualTo(304);
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("{\"sku\":\"ACME-00001\"}");
    assertThat(stale.header("X-Backend-Note")).isEqualTo("full answers only");
    assertThat(backend.requests()).as("every one answered from the cache").isEqualTo(before);
  }

  @Test
  void aConditionalRequestOnAMissGoesToTheBackendAsItCame() {
    backend.answer(req -> {
      if ("\"v7\"".equals(req.getHeader("If-None-Match"))) {
        req.response().setStatusCode(304).putHeader("ETag", "\"v7\"").end();
      } else {
        req.response().putHeader("ETag", "\"v7\"").end("full");
      }
    });

    Reply miss = proxy.get("/api/products/ACME-00002", "If-None-Match", "\"v7\"");

    assertThat(miss.status()).isEqualTo(304);
    assertThat(miss.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(proxy.get("/api/products/ACME-00002").header(ResponseCache.DEBUG_HEADER)).as("a 304 is never kept").isEqualTo("miss");
  }

  private void notKept(java.util.function.Consumer<io.vertx.core.http.HttpServerRequest> answer) {
    backend.answer(answer);
    int before = backend.requests();
    proxy.get("/api/products/NOT-KEPT");
    Reply again = proxy.get("/api/products/NOT-KEPT");
    assertThat(again.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(backend.requests()).isEqualTo(before + 2);
    assertThat(ns.keys()).noneMatch(k -> k.contains(":entry:"));
  }

  private long pttlOfTheOnlyEntry() {
    return pttlOfTheOnlyEntry(ns);
  }

  /** How long Redis keeps the one entry under {@code ns}. */
  static long pttlOfTheOnlyEntry(RedisNamespace ns) {
    try (var jedis = ns.endpoint().connect()) {
      return jedis.pttl(ns.keys().stream().filter(k -> k.contains(":entry:")).findFirst().orElseThrow());
    }
  }
}
