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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** Captured routes record what each client sent and got, redacted, sampled and bounded, into a Redis stream. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CaptureIT {

  static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: orders
          match: {path: /api/orders/**}
          target: legacy
          capture: {percent: 100, redact: [/password, "/**/cardNumber"]}
        - id: files
          match: {path: /api/files/**}
          target: legacy
          capture: {percent: 100, maxBody: 1KiB}
        - id: products
          match: {path: /api/products/**}
          target: legacy
          capture: {percent: 100}
        - id: search
          match: {path: /api/search}
          target: legacy
          rateLimit: {rate: 1/m, burst: 1, key: ip, onRedisDown: open}
          capture: {percent: 100}
        - id: quiet
          match: {path: /api/quiet/**}
          target: legacy
          capture: {percent: 0}
        - id: cached
          match: {path: /api/cached, methods: [GET]}
          target: legacy
          cache: {ttl: 60s}
          capture: {percent: 100}
        - id: renamed
          match: {path: /old/**}
          target: legacy
          rewrite: {stripPrefix: /old}
          capture: {percent: 100}
        - id: carts
          match: {path: /api/carts/**}
          target: legacy
          capture: {percent: 50, sample: session}
        - id: wishlists
          match: {path: /api/wishlists/**}
          target: legacy
          capture: {percent: 50, sample: session}
      """;

  private Vertx vertx;
  private RedisNamespace ns;
  private Path dir;
  private CaptureBackend backend;
  private CaptureProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) {
    this.vertx = vertx;
    this.ns = ns;
    this.dir = dir;
    backend = CaptureBackend.start(vertx);
    proxy = CaptureProxy.start(vertx, dir, TABLE.formatted(backend.url()), ns.endpoint().uri(), ns.prefix(), Map.of());
  }

  @AfterEach
  void stop() {
    proxy.stop();
  }

  @Test
  void anExportedLineIsExactlyWhatTheClientSentAndGot() {
    backend.answer((req, body) -> req.response().setStatusCode(201).putHeader("Content-Type", "text/plain")
        .putHeader("X-Backend", "b").end("created:" + body));
    Instant before = Instant.now();

    CaptureProxy.Reply reply = proxy.send(HttpMethod.POST, "/api/products/42?x=1%202&y=a+b", Buffer.buffer("hello text"),
        "Content-Type", "text/plain", "X-Custom", "v1", "X-Custom", "v2");

    CapturedExchange line = only("route=products");
    assertThat(line.route()).isEqualTo("products");
    assertThat(line.epoch()).isEqualTo(proxyEpoch());
    assertThat(line.sideEffect()).isEqualTo("unsafe");
    assertThat(line.session()).isNull();
    assertThat(line.at()).isBetween(before, Instant.now());
    assertThat(line.request().method()).isEqualTo("POST");
    assertThat(line.request().uri()).isEqualTo("/api/products/42?x=1%202&y=a+b");
    assertThat(line.request().headers()).containsEntry("x-custom", List.of("v1", "v2"))
        .containsEntry("content-type", List.of("text/plain")).containsEntry("content-length", List.of("10"));
    assertThat(new String(line.request().body(), StandardCharsets.UTF_8)).isEqualTo("hello text");
    assertThat(line.request().bodyTruncated()).isFalse();
    assertThat(line.response().status()).isEqualTo(reply.status()).isEqualTo(201);
    assertThat(line.response().headers()).isEqualTo(lowerCased(reply));
    assertThat(line.response().body()).isEqualTo(reply.body().getBytes()).isEqualTo("created:hello text".getBytes());
    assertThat(line.response().bodyTruncated()).isFalse();
    assertThat(line.response().servedBy()).isEqualTo("legacy");
    assertThat(line.response().latencyMs()).isPositive();
  }

  @Test
  void capturingChangesNothingTheBackendOrTheClientGets() {
    List<Map<String, List<String>>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    backend.answer((req, body) -> {
      Map<String, List<String>> got = new TreeMap<>();
      req.headers().names().forEach(n -> got.put(n.toLowerCase(Locale.ROOT), req.headers().getAll(n)));
      got.remove("x-request-id"); // one of its own per request
      got.put(":body", List.of(body.toString()));
      seen.add(got);
      req.response().putHeader("Content-Type", "application/json").end("{\"uri\":\"x\"}");
    });

    CaptureProxy.Reply captured = proxy.send(HttpMethod.PUT, "/api/products/7?q=1", Buffer.buffer("{\"a\":1}"),
        "Content-Type", "application/json", "Accept", "application/json");
    CaptureProxy.Reply plain = proxy.send(HttpMethod.PUT, "/uncaptured/7?q=1", Buffer.buffer("{\"a\":1}"),
        "Content-Type", "application/json", "Accept", "application/json");

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo(seen.get(1));
    assertThat(captured.status()).isEqualTo(plain.status());
    assertThat(captured.body()).isEqualTo(plain.body());
    Map<String, List<String>> capturedHeaders = lowerCased(captured);
    Map<String, List<String>> plainHeaders = lowerCased(plain);
    for (String perRequest : List.of("x-request-id", "x-strangler-route", "date")) {
      capturedHeaders.remove(perRequest);
      plainHeaders.remove(perRequest);
    }
    assertThat(capturedHeaders).isEqualTo(plainHeaders);
    assertThat(only("route=products").request().body()).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGzipBodyIsKeptByteForByteWhenNoRedactionApplies() throws Exception {
    byte[] gzipped = gzip("{\"items\":[1,2,3]}");
    backend.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
        .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(gzipped)));

    CaptureProxy.Reply reply = proxy.get("/api/products/list", "Accept-Encoding", "gzip");

    CapturedExchange line = only("route=products");
    assertThat(reply.body().getBytes()).isEqualTo(gzipped);
    assertThat(line.response().body()).isEqualTo(gzipped);
    assertThat(line.response().headers()).containsEntry("content-encoding", List.of("gzip")).isEqualTo(lowerCased(reply));
  }

  @Test
  void noSecretEverReachesTheStreamOrTheExport() throws Exception {
    backend.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
        .putHeader("Set-Cookie", "SESSION=SECRET-SETCOOKIE-8; Path=/; HttpOnly").putHeader("Content-Encoding", "gzip")
        .end(Buffer.buffer(gzipUnchecked("{\"order\":1,\"payment\":{\"cardNumber\":\"SECRET-CARD-9\"}}"))));

    CaptureProxy.Reply reply = proxy.send(HttpMethod.POST, "/api/orders/checkout?password=SECRET-QUERY-10&step=2",
        Buffer.buffer("{\"user\":\"ann\",\"password\":\"SECRET-PW-6\",\"payment\":{\"cardNumber\":\"SECRET-CARD-7\"}}"),
        "Content-Type", "application/json", "Authorization", "Bearer SECRET-AUTH-1",
        "Proxy-Authorization", "Basic SECRET-PROXY-2", "Cookie", "SESSION=SECRET-SESSION-3; theme=SECRET-THEME-4",
        "X-Strangler-Identity", "SECRET-IDENTITY-5");
    assertThat(reply.status()).isEqualTo(200);

    CapturedExchange line = only("route=orders");
    String raw = rawStream();
    String export = proxy.admin(HttpMethod.GET, "/admin/capture", CaptureProxy.READER).text();
    assertThat(raw).contains("[redacted]").doesNotContain("SECRET");
    assertThat(export).contains("[redacted]").doesNotContain("SECRET");
    assertThat(line.request().uri()).isEqualTo("/api/orders/checkout?password=%5Bredacted%5D&step=2");
    assertThat(line.request().headers()).containsEntry("authorization", List.of("[redacted]"))
        .containsEntry("proxy-authorization", List.of("[redacted]"))
        .containsEntry("cookie", List.of("SESSION=[redacted]; theme=[redacted]"))
        .as("the redacted body is not as long as the one sent").doesNotContainKey("content-length");
    assertThat(line.request().headers().getOrDefault("x-strangler-identity", List.of("[redacted]")))
        .containsExactly("[redacted]");
    assertThat(new String(line.request().body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"user\":\"ann\",\"password\":\"[redacted]\",\"payment\":{\"cardNumber\":\"[redacted]\"}}");
    assertThat(line.response().headers()).containsEntry("set-cookie", List.of("SESSION=[redacted]; Path=/; HttpOnly"))
        .doesNotContainKeys("content-encoding", "content-length");
    assertThat(new String(line.response().body(), StandardCharsets.UTF_8))
        .as("a compressed JSON body with a redacted field is stored decoded")
        .isEqualTo("{\"order\":1,\"payment\":{\"cardNumber\":\"[redacted]\"}}");
    assertThat(line.session()).matches("s-[0-9a-f]{16}");
  }

  @Test
  void aRouteAt0PercentRecordsNothingAndOneAt100PercentEverything() {
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get("/api/quiet/" + i).status()).isEqualTo(200);
      assertThat(proxy.get("/api/products/p" + i).status()).isEqualTo(200);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=products").size(), n -> n == 20);
    assertThat(proxy.export("route=products")).extracting(e -> e.request().uri())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "/api/products/p" + i).toList());
    assertThat(proxy.export("route=quiet")).isEmpty();
    assertThat(proxy.export("")).hasSize(20);
    assertThat(proxy.metrics()).contains("strangler_capture_recorded_total{route=\"products\"} 20.0")
        .doesNotContain("strangler_capture_recorded_total{route=\"quiet\"}");
  }

  @Test
  void bodiesOverTheCapKeepTheirFirstBytesAndAreMarkedTruncated() {
    backend.answer((req, body) -> req.response().putHeader("Content-Type", "text/plain").end(body));
    String big = "0123456789".repeat(500);

    CaptureProxy.Reply reply = proxy.send(HttpMethod.POST, "/api/files/upload", Buffer.buffer(big), "Content-Type", "text/plain");

    assertThat(reply.text()).as("the client gets the whole body").isEqualTo(big);
    CapturedExchange line = only("route=files");
    assertThat(new String(line.request().body(), StandardCharsets.UTF_8)).isEqualTo(big.substring(0, 1024));
    assertThat(line.request().bodyTruncated()).isTrue();
    assertThat(new String(line.response().body(), StandardCharsets.UTF_8)).isEqualTo(big.substring(0, 1024));
    assertThat(line.response().bodyTruncated()).isTrue();
  }

  @Test
  void answersOfTheProxyItselfAreRecordedAsTheClientGotThem() {
    assertThat(proxy.get("/api/search").status()).isEqualTo(200);
    CaptureProxy.Reply limited = proxy.get("/api/search");
    assertThat(limited.status()).isEqualTo(429);

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=search").size(), n -> n == 2);
    List<CapturedExchange> lines = proxy.export("route=search");
    assertThat(lines).extracting(e -> e.response().status()).containsExactly(200, 429);
    assertThat(lines).extracting(e -> e.response().servedBy()).containsExactly("legacy", "proxy");
    assertThat(lines.get(1).response().body()).isEqualTo(limited.body().getBytes());
    assertThat(lines.get(1).response().headers()).isEqualTo(lowerCased(limited));
  }

  @Test
  void aCacheHitIsRecordedAsServedByTheProxy() {
    CaptureProxy.Reply miss = proxy.get("/api/cached");
    CaptureProxy.Reply hit = proxy.get("/api/cached");
    assertThat(hit.headers().get("X-Strangler-Cache")).isEqualTo("hit");

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=cached").size(), n -> n == 2);
    List<CapturedExchange> lines = proxy.export("route=cached");
    assertThat(lines).extracting(e -> e.response().servedBy()).containsExactly("legacy", "proxy");
    assertThat(lines.get(0).response().headers()).isEqualTo(lowerCased(miss));
    assertThat(lines.get(1).response().headers()).isEqualTo(lowerCased(hit)).containsKey("age");
    assertThat(lines.get(1).response().body()).isEqualTo(hit.body().getBytes()).isEqualTo(miss.body().getBytes());
  }

  @Test
  void sampledBySessionASessionIsRecordedWholeOnEveryRouteOrNotAtAll() {
    int sessions = 40;
    int inSample = 0;
    for (int i = 0; i < sessions; i++) {
      String value = java.util.Base64.getEncoder().encodeToString(("session-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      // The documented rule: a session is in a 50 % sample when its bucket (of 10,000) is below 5,000.
      inSample += dev.strangler.proxy.route.CohortSplit.bucket(CaptureStep.SESSION_SALT, value) < 5_000 ? 1 : 0;
      for (int step = 0; step < 3; step++) {
        assertThat(proxy.get("/api/carts/" + i + "/items/" + step, "Cookie", "SESSION=" + value).status()).isEqualTo(200);
      }
      assertThat(proxy.get("/api/wishlists/" + i, "Cookie", "theme=dark; SESSION=" + value).status()).isEqualTo(200);
    }
    int expectedSessions = inSample;
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=carts").size() == 3 * expectedSessions
        && proxy.export("route=wishlists").size() == expectedSessions);

    Map<String, Long> cartRequests = proxy.export("route=carts").stream()
        .collect(java.util.stream.Collectors.groupingBy(CapturedExchange::session, java.util.stream.Collectors.counting()));
    java.util.Set<String> wishlistSessions = proxy.export("route=wishlists").stream().map(CapturedExchange::session)
        .collect(java.util.stream.Collectors.toSet());

    assertThat(expectedSessions).as("sessions in a 50 %% sample of %d", sessions).isBetween(8, 32);
    assertThat(cartRequests).as("every recorded session with all its requests").hasSize(expectedSessions)
        .allSatisfy((session, requests) -> assertThat(requests).isEqualTo(3L));
    assertThat(wishlistSessions).as("the same sessions on another route").isEqualTo(cartRequests.keySet());
  }

  @Test
  void theSessionPseudonymIsStableForOneSessionAndDiffersBetweenTwo() {
    proxy.get("/api/products/a", "Cookie", "SESSION=c2Vzc2lvbi1vbmU=");
    proxy.get("/api/products/b", "Cookie", "theme=dark; SESSION=c2Vzc2lvbi1vbmU=");
    proxy.get("/api/products/c", "Cookie", "SESSION=c2Vzc2lvbi10d28=");
    proxy.get("/api/products/d", "Cookie", "theme=dark");

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("route=products").size(), n -> n == 4);
    List<String> sessions = proxy.export("route=products").stream().map(CapturedExchange::session).toList();
    assertThat(sessions.get(0)).matches("s-[0-9a-f]{16}").isEqualTo(sessions.get(1)).isNotEqualTo(sessions.get(2));
    assertThat(sessions.get(2)).matches("s-[0-9a-f]{16}");
    assertThat(sessions.get(3)).isNull();
    assertThat(rawStream()).doesNotContain("c2Vzc2lvbi1vbmU=").doesNotContain("c2Vzc2lvbi10d28=");
  }

  @Test
  void theStreamIsTrimmedToAboutItsMaximumLength() {
    CaptureProxy small = CaptureProxy.start(vertx, dir, TABLE.formatted(backend.url()), ns.endpoint().uri(), ns.prefix(),
        Map.of("STRANGLER_CAPTURE_MAX_ENTRIES", "10"));
    try {
      for (int i = 0; i < 300; i++) {
        assertThat(small.get("/api/products/" + i).status()).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(10))
          .until(small::metrics, m -> m.contains("strangler_capture_recorded_total{route=\"products\"} 300.0"));
      try (var jedis = ns.endpoint().connect()) {
        // MAXLEN ~ trims whole stream nodes only (stream-node-max-entries, 100 by default): about, never far over.
        assertThat(jedis.xlen(ns.key("capture"))).isBetween(10L, 10L + 100L);
      }
      List<CapturedExchange> kept = small.export("");
      assertThat(kept.get(kept.size() - 1).request().uri()).isEqualTo("/api/products/299");
    } finally {
      small.stop();
    }
  }

  @Test
  void theUriIsRecordedAsTheClientSentItBeforeTheRouteRewritesIt() {
    backend.answer((req, body) -> req.response().putHeader("Content-Type", "text/plain").end("backend got " + req.uri()));

    CaptureProxy.Reply reply = proxy.get("/old/items?q=a%20b");

    assertThat(reply.text()).isEqualTo("backend got /items?q=a%20b");
    assertThat(only("route=renamed").request().uri()).isEqualTo("/old/items?q=a%20b");
  }

  @Test
  void withoutARedisForTheCaptureSampledExchangesAreDroppedAndCounted() {
    CaptureProxy without = CaptureProxy.start(vertx, dir, TABLE.formatted(backend.url()), ns.endpoint().uri(), ns.prefix(),
        Map.of("STRANGLER_CAPTURE_REDIS_URL", ""));
    try {
      assertThat(without.get("/api/products/1").status()).isEqualTo(200);

      // Counted once the answer's end is written, which the client may see first.
      await().atMost(Duration.ofSeconds(10)).until(without::metrics,
          m -> m.contains("strangler_capture_dropped_total{reason=\"no_redis\",route=\"products\"} 1.0"));
      CaptureProxy.Reply export = without.admin(HttpMethod.GET, "/admin/capture", CaptureProxy.READER);
      assertThat(export.status()).isEqualTo(409);
      assertThat(export.text()).contains("STRANGLER_CAPTURE_REDIS_URL");
    } finally {
      without.stop();
    }
  }

  private CapturedExchange only(String query) {
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export(query).size(), n -> n >= 1);
    List<CapturedExchange> lines = proxy.export(query);
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private long proxyEpoch() {
    return new io.vertx.core.json.JsonObject(proxy.admin(HttpMethod.GET, "/admin/routes", CaptureProxy.READER).text())
        .getLong("epoch");
  }

  /** Every field of every entry of the capture stream, as Redis holds them. */
  private String rawStream() {
    try (var jedis = ns.endpoint().connect()) {
      List<StreamEntry> entries = jedis.xrange(ns.key("capture"), (StreamEntryID) null, (StreamEntryID) null);
      assertThat(entries).isNotEmpty();
      return entries.stream().map(e -> e.getFields().toString()).collect(Collectors.joining("\n"));
    }
  }

  private static Map<String, List<String>> lowerCased(CaptureProxy.Reply reply) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String name : reply.headers().names()) {
      out.put(name.toLowerCase(Locale.ROOT), reply.headers().getAll(name));
    }
    return out;
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] gzipUnchecked(String text) {
    try {
      return gzip(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
