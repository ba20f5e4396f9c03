package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisEndpoint;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.faults.FaultProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Idempotency keys on a checkout route, against the real Redis: a retry is answered once-written, never run twice. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class IdempotencyIT {

  /** A request is observed once its response has ended, which may be just after the client has it. */
  private static final Duration METRICS_WITHIN = Duration.ofSeconds(5);

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          idempotency: {mode: require, ttl: 1h, maxBody: 1KiB}
        - id: orders
          match: {path: /api/orders}
          target: legacy
          idempotency: {mode: add}
        - id: cart
          match: {path: /api/cart}
          target: legacy
          idempotency: {mode: require}
      """;
  private static final String CART = "{\"cart\":[\"sku-1\",\"sku-2\"]}";

  private Vertx vertx;
  private RedisNamespace ns;
  private OrderBackend backend;
  private IdempotentProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    backend = new OrderBackend(vertx);
    proxy = proxy(0);
  }

  @AfterEach
  void releaseHeld() {
    if (backend != null) {
      backend.failing(false);
    }
  }

  private IdempotentProxy proxy(int trustedHops) {
    // The store's timeout a loaded machine meets (the production 250 ms would fail requests that waited behind the load).
    return new IdempotentProxy(vertx, TABLE.formatted(backend.url()),
        IdempotencyOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)), trustedHops);
  }

  @Test
  void aRetryGetsTheOriginalAnswerFromTheProxyAndTheBackendWritesOnce() {
    String key = UUID.randomUUID().toString();

    Reply first = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Location")).isEqualTo("/orders/1");
    assertThat(retry.header("Content-Type")).isEqualTo("application/json");
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.header("X-Strangler-Backend")).as("answered by the proxy").isEqualTo("proxy");
    assertThat(new JsonObject(first.body()).getString("key")).as("the backend gets the key too").isEqualTo(key);
    assertThat(backend.received()).isEqualTo(1);
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape())
        .contains("strangler_idempotency_total{outcome=\"stored\",route=\"checkout\"} 1.0")
        .contains("strangler_idempotency_total{outcome=\"replayed\",route=\"checkout\"} 1.0")
        .as("both are observed: the first as the backend's, the replay as the proxy's")
        .contains("strangler_requests_seconds_count{backend=\"legacy\",route=\"checkout\",status=\"2xx\"} 1")
        .contains("strangler_requests_seconds_count{backend=\"proxy\",route=\"checkout\",status=\"2xx\"} 1"));
  }

  @Test
  void aRetrySentTheMomentTheAnswerIsInFindsItKeptNeverInProgress() {
    for (int i = 0; i < 30; i++) {
      String key = "at-once-" + i;
      Reply first = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
      Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

      assertThat(retry.status()).as("retry %d", i).isEqualTo(201);
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(retry.body()).isEqualTo(first.body());
    }
    assertThat(backend.received()).isEqualTo(30);
  }

  @Test
  void theSameKeyWithADifferentBodyGets422AndNeverReachesTheBackend() {
    String key = UUID.randomUUID().toString();
    proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    Reply other = proxy.post("/api/checkout", "{\"cart\":[\"sku-3\"]}", "Idempotency-Key", key);
    Reply otherQuery = proxy.post("/api/checkout?express=1", CART, "Idempotency-Key", key);

    assertThat(other.status()).isEqualTo(422);
    assertThat(other.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(other.body()).getString("detail"))
        .isEqualTo("this Idempotency-Key was already used for a different request (method, URI or body); use a new key for a new request");
    assertThat(otherQuery.status()).as("the URI is part of the request").isEqualTo(422);
    assertThat(backend.received()).isEqualTo(1);
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"mismatch\",route=\"checkout\"} 2.0"));
  }

  @Test
  void aDuplicateWhileTheFirstIsStillRunningGets409AndTheFirstThenCompletes() {
    String key = UUID.randomUUID().toString();
    backend.hold();
    Future<Reply> first = proxy.postAsync("/api/checkout", CART, "Idempotency-Key", key);
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.received() == 1);

    Reply duplicate = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    try (Jedis jedis = ns.endpoint().connect()) {
      String entry = ns.keys().first();
      assertThat(jedis.hget(entry, "state")).as("claimed, in progress").isEqualTo("p");
      assertThat(jedis.pttl(entry)).as("the claim lives for the lock, not the route's ttl")
          .isBetween(IdempotencyOptions.DEFAULT_LOCK_TTL.minusSeconds(10).toMillis(), IdempotencyOptions.DEFAULT_LOCK_TTL.toMillis());
    }
    backend.release();
    Reply firstReply = OnVertx.await(vertx, () -> first);
    Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.header("Retry-After")).isEqualTo("1");
    assertThat(new JsonObject(duplicate.body()).getString("title")).isEqualTo("Conflict");
    assertThat(firstReply.status()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.body()).isEqualTo(firstReply.body());
    assertThat(backend.received()).isEqualTo(1);
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"conflict\",route=\"checkout\"} 1.0"));
  }

  @Test
  void aRequestWithoutTheRequiredKeyGets400NamingTheHeader() {
    Reply missing = proxy.post("/api/checkout", CART);
    Reply blank = proxy.post("/api/checkout", CART, "Idempotency-Key", " ");
    Reply tooLong = proxy.post("/api/checkout", CART, "Idempotency-Key", "k".repeat(256));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(missing.body()).getString("detail")).startsWith("this route requires an Idempotency-Key header");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(new JsonObject(tooLong.body()).getString("detail")).isEqualTo("the Idempotency-Key header is longer than 255 characters");
    assertThat(backend.received()).isZero();
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"missing\",route=\"checkout\"} 3.0"));
  }

  @Test
  void aFailedFirstAttemptLetsTheKeyGoSoTheRetryRuns() {
    String key = UUID.randomUUID().toString();
    backend.failing(true);
    Reply failed = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    backend.failing(false);

    Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    Reply again = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isNull();
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(backend.received()).isEqualTo(2);
    assertThat(backend.orders()).isEqualTo(1);
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"released\",route=\"checkout\"} 1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {408, 425, 429})
  void anAnswerThatAsksForARetryLetsTheKeyGoSoTheRetryRuns(int status) {
    String key = UUID.randomUUID().toString();
    backend.refusing(status, "not now");
    Reply refused = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    backend.refusing(0, "");

    Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(refused.status()).isEqualTo(status);
    assertThat(retry.status()).as(retry.body()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isNull();
    assertThat(backend.received()).isEqualTo(2);
    assertThat(backend.orders()).isEqualTo(1);
  }

  @Test
  void anyOtherClientErrorIsTheAnswerAndIsKept() {
    String key = UUID.randomUUID().toString();
    backend.refusing(422, "the cart is empty");
    Reply refused = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    backend.refusing(0, "");

    Reply retry = proxy.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(retry.status()).isEqualTo(422);
    assertThat(retry.body()).isEqualTo("the cart is empty");
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(backend.received()).isEqualTo(1);
  }

  @Test
  void aRetrySentTheMomentAFailedAnswerIsInFindsTheKeyFreeNeverInProgress() {
    RedisEndpoint redis = ns.endpoint();
    try (FaultProxy slowRedis = FaultProxy.to(redis.port())) {
      RedisEndpoint throughFaults = new RedisEndpoint(redis.host(), slowRedis.port(), redis.username(), redis.password(),
          redis.database(), "fault proxy");
      IdempotentProxy slowStore = new IdempotentProxy(vertx, TABLE.formatted(backend.url()),
          IdempotencyOptions.defaults(throughFaults.uri()).withKeyPrefix(ns.prefix()), 0);
      // A first checkout opens the store's connection (its handshake would not fit the timeout once slowed down).
      assertThat(slowStore.post("/api/checkout", CART, "Idempotency-Key", "warm-up").status()).isEqualTo(201);
      var warmUpEntries = ns.keys();
      // Every command reaches Redis 150 ms late (under the 250 ms idempotency timeout): a release sent as the failed
      // answer goes out would still be on its way when the client has it.
      slowRedis.latency(Duration.ofMillis(150), Duration.ZERO);
      String key = UUID.randomUUID().toString();
      backend.failing(true);

      Reply failed = slowStore.post("/api/checkout", CART, "Idempotency-Key", key);
      var entriesOnceAnswered = ns.keys().stream().filter(k -> !warmUpEntries.contains(k)).toList();
      backend.failing(false);
      Reply retry = slowStore.post("/api/checkout", CART, "Idempotency-Key", key);

      assertThat(failed.status()).isEqualTo(503);
      assertThat(failed.body()).as("the backend's answer").isEqualTo("checkout is down");
      assertThat(entriesOnceAnswered).as("the claim is let go before the failed answer ends").isEmpty();
      assertThat(retry.status()).as(retry.body()).isEqualTo(201);
      assertThat(backend.orders()).isEqualTo(2);
      slowStore.stop();
    }
  }

  @Test
  void theSameKeyFromTwoCallersIsTwoEntries() {
    String key = "order-1";
    IdempotentProxy behindBalancer = proxy(1);

    Reply alice = proxy.post("/api/checkout", CART, "Idempotency-Key", key, "Cookie", "SESSION=alice");
    Reply bob = proxy.post("/api/checkout", CART, "Idempotency-Key", key, "Cookie", "SESSION=bob");
    Reply aliceAgain = proxy.post("/api/checkout", CART, "Idempotency-Key", key, "Cookie", "SESSION=alice");
    Reply fromOneAddress = behindBalancer.post("/api/checkout", CART, "Idempotency-Key", key, "X-Forwarded-For", "203.0.113.7");
    Reply fromAnother = behindBalancer.post("/api/checkout", CART, "Idempotency-Key", key, "X-Forwarded-For", "203.0.113.8");

    assertThat(alice.status()).isEqualTo(201);
    assertThat(bob.status()).isEqualTo(201);
    assertThat(bob.body()).isNotEqualTo(alice.body());
    assertThat(aliceAgain.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(aliceAgain.body()).isEqualTo(alice.body());
    assertThat(fromOneAddress.header("Idempotent-Replayed")).isNull();
    assertThat(fromAnother.header("Idempotent-Replayed")).isNull();
    assertThat(backend.orders()).isEqualTo(4);
    assertThat(ns.keys()).hasSize(4).allMatch(k -> k.startsWith(ns.prefix() + "idem:checkout:"))
        .noneMatch(k -> k.contains(key) || k.contains("alice"));
    behindBalancer.stop();
  }

  @Test
  void addModeGivesARequestWithoutAKeyAFreshUuidAndLeavesAGivenKeyAlone() {
    Reply without = proxy.post("/api/orders", CART);
    Reply with = proxy.post("/api/orders", CART, "Idempotency-Key", "client-chosen");
    Reply read = proxy.get("/api/orders");

    assertThat(without.status()).isEqualTo(201);
    assertThat(UUID.fromString(new JsonObject(without.body()).getString("key"))).isNotNull();
    assertThat(new JsonObject(with.body()).getString("key")).isEqualTo("client-chosen");
    assertThat(read.status()).as("a read gets no key").isEqualTo(201);
    assertThat(new JsonObject(read.body()).getString("key")).isNull();
    assertThat(ns.keys()).as("add mode keeps nothing").isEmpty();
    await().atMost(METRICS_WITHIN).untilAsserted(() -> assertThat(proxy.metrics().scrape()).contains("strangler_idempotency_total{outcome=\"added\",route=\"orders\"} 1.0"));
  }

  @Test
  void aKeptAnswerLivesForTheRoutesTtlUnderAHashedName() {
    proxy.post("/api/checkout", CART, "Idempotency-Key", "secret-key-123");

    String entry = ns.keys().first();
    try (Jedis jedis = ns.endpoint().connect()) {
      assertThat(jedis.pttl(entry)).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
      assertThat(jedis.hget(entry, "state")).isEqualTo("c");
      assertThat(jedis.hget(entry, "status")).isEqualTo("201");
    }
    assertThat(entry).matches(java.util.regex.Pattern.quote(ns.prefix()) + "idem:checkout:[0-9a-f]{64}");
  }

  @Test
  void aBodyOverTheRoutesMaxBodyGets413() {
    Reply tooLarge = proxy.post("/api/checkout", "x".repeat(1025), "Idempotency-Key", "big");
    Reply fits = proxy.post("/api/checkout", "x".repeat(1024), "Idempotency-Key", "fits");

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getString("detail"))
        .isEqualTo("requests with an Idempotency-Key on this route may have bodies up to 1024 bytes");
    assertThat(fits.status()).isEqualTo(201);
    assertThat(backend.received()).isEqualTo(1);
  }

  @Test
  void keysSurviveAProxyRestartTheRetryAfterItGetsTheSameAnswer() {
    String key = UUID.randomUUID().toString();
    Reply first = proxy.post("/api/checkout", CART, "Idempotency-Key", key);
    proxy.stop();

    IdempotentProxy restarted = proxy(0);
    Reply retry = restarted.post("/api/checkout", CART, "Idempotency-Key", key);

    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(backend.received()).isEqualTo(1);
    restarted.stop();
  }

  @Test
  void aResponseTooLargeToKeepIsNeverRunAgainItsRetryGets409() {
    IdempotentProxy small = new IdempotentProxy(vertx, TABLE.formatted(backend.url()),
        IdempotencyOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()).withMaxResponseBytes(16), 0);

    Reply first = small.post("/api/checkout", CART, "Idempotency-Key", "large");
    Reply retry = small.post("/api/checkout", CART, "Idempotency-Key", "large");

    assertThat(first.status()).as("the client gets the whole answer").isEqualTo(201);
    assertThat(new JsonObject(first.body()).getInteger("order")).isEqualTo(1);
    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.header("Retry-After")).isNull();
    assertThat(new JsonObject(retry.body()).getString("detail")).isEqualTo("a request with this Idempotency-Key has already"
        + " completed, but its response was too large to keep; it is not run again");
    assertThat(backend.received()).isEqualTo(1);
    small.stop();
  }

  @Test
  void aChunkedBodyIsHeldAndFingerprintedLikeADeclaredOne() {
    Reply first = proxy.postChunked("/api/checkout", CART, "Idempotency-Key", "chunked");
    Reply declared = proxy.post("/api/checkout", CART, "Idempotency-Key", "chunked");
    Reply tooLarge = proxy.postChunked("/api/checkout", "x".repeat(2048), "Idempotency-Key", "chunked-large");

    assertThat(first.status()).isEqualTo(201);
    assertThat(new JsonObject(first.body()).getString("body")).isEqualTo(CART);
    assertThat(declared.header("Idempotent-Replayed")).as("the same bytes, however framed").isEqualTo("true");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(backend.received()).isEqualTo(1);
  }

  @Test
  void aClientThatExpects100ContinueIsToldToSendItsBody() {
    Reply reply = proxy.post("/api/checkout", CART, "Idempotency-Key", "expect", "Expect", "100-continue");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(new JsonObject(reply.body()).getString("body")).isEqualTo(CART);
  }

  @Test
  void aDuplicateOnAnotherInstanceSeesTheSameClaimAndTheSameKeptAnswer() {
    IdempotentProxy other = proxy(0);
    backend.hold();
    Future<Reply> first = proxy.postAsync("/api/checkout", CART, "Idempotency-Key", "fleet");
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.received() == 1);

    Reply elsewhere = other.post("/api/checkout", CART, "Idempotency-Key", "fleet");
    backend.release();
    Reply firstReply = OnVertx.await(vertx, () -> first);
    Reply retryElsewhere = other.post("/api/checkout", CART, "Idempotency-Key", "fleet");

    assertThat(elsewhere.status()).isEqualTo(409);
    assertThat(retryElsewhere.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retryElsewhere.body()).isEqualTo(firstReply.body());
    assertThat(backend.received()).isEqualTo(1);
    other.stop();
  }

  @Test
  void safeRequestsOnARequireRouteNeedNoKey() {
    assertThat(proxy.get("/api/cart").status()).isEqualTo(201);
    assertThat(proxy.post("/api/cart", CART).status()).isEqualTo(400);
    assertThat(ns.keys()).isEmpty();
  }
}
