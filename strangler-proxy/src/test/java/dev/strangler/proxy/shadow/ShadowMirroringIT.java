package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.testsupport.FreePort;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shadow routes on a real proxy with real fake backends on loopback: the client always gets the primary's answer, as
 * soon as the primary gives it; the candidate gets a marked copy and the two answers are compared.
 */
@ExtendWith(VertxExtension.class)
class ShadowMirroringIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private ShadowProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop();
    }
  }

  /** legacy primary, {@code candidate} candidate; {@code shadow} is the route's shadow block. */
  private ShadowProxy proxy(Vertx vertx, String legacyUrl, String candidateUrl, String shadow) {
    proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, candidate: {urls: ["%s"]}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate, percent: 100}}
            shadow: %s
          - id: stock
            match: {path: "/api/stock/{sku}", methods: [PUT]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            shadow: {maxBody: 1KiB, timeout: 30s, learnNoise: false}
          - id: orders
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {primary: legacy, candidate: candidate}}
          - id: plain
            match: {path: /plain}
            target: legacy
        """.formatted(legacyUrl, candidateUrl, shadow));
    return proxy;
  }

  @Test
  void theClientGetsThePrimarysAnswerWhileTheCandidateStillHoldsItsCopy(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":10}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":10}").hold();
    proxy(vertx, legacy.url(), candidate.url(), "{timeout: 30s, learnNoise: false}");

    ShadowProxy.Reply reply = proxy.get("/api/products/A");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"sku\":\"A\",\"price\":10}");
    await().atMost(WAIT).until(() -> candidate.open() == 1);
    assertThat(proxy.results.outcomes()).as("nothing compared while the candidate holds its answer").isEmpty();
    assertThat(proxy.inFlight("products")).isEqualTo(1);

    candidate.release();

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.comparison().outcome()).isEqualTo(Comparison.Outcome.MATCH);
    assertThat(outcome.routeId()).isEqualTo("products");
    assertThat(outcome.method()).isEqualTo("GET");
    assertThat(outcome.uri()).isEqualTo("/api/products/A");
    assertThat(outcome.legacy().backend()).isEqualTo("legacy");
    assertThat(outcome.legacy().status()).isEqualTo(200);
    assertThat(new String(outcome.legacy().bodySample())).isEqualTo("{\"sku\":\"A\",\"price\":10}");
    assertThat(outcome.candidate().backend()).isEqualTo("candidate");
    assertThat(outcome.candidate().error()).isNull();
    assertThat(outcome.candidate().latencyNanos()).isPositive();
    await().atMost(WAIT).until(() -> proxy.inFlight("products") == 0);
    assertThat(proxy.results.callers()).allSatisfy(t -> assertThat(t.getName()).startsWith("vert.x-eventloop"));
  }

  @Test
  void aCandidateThatIsDownChangesNothingForTheClientAndIsReportedAsItsError(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), "http://127.0.0.1:" + FreePort.find(), "{timeout: 30s}");

    ShadowProxy.Reply reply = proxy.get("/api/products/A");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"n\":1}");
    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.candidate().status()).isZero();
    assertThat(outcome.candidate().error()).isNotBlank();
    assertThat(outcome.candidate().failed()).isTrue();
    assertThat(outcome.comparison().outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
    assertThat(outcome.comparison().skipReason()).startsWith("candidate has no usable answer");
    assertThat(proxy.inFlight("products")).isZero();
  }

  @Test
  void aCandidateSlowerThanTheTimeoutIsReportedAsATimeoutAndReleasesItsBudget(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx).hold();
    proxy(vertx, legacy.url(), candidate.url(), "{timeout: 300ms, learnNoise: false}");

    assertThat(proxy.get("/api/products/A").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.outcomes().getFirst().candidate().error()).isEqualTo("timeout after 300ms");
    assertThat(proxy.inFlight("products")).isZero();
    candidate.release();
  }

  @Test
  void copiesInFlightNeverExceedTheRoutesBudgetAndTheRestAreCountedAsDropped(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx).hold();
    proxy(vertx, legacy.url(), candidate.url(), "{maxInFlight: 3, timeout: 60s, learnNoise: false}");
    int requests = 8;

    for (int i = 0; i < requests; i++) {
      assertThat(proxy.get("/api/products/A" + i).status()).isEqualTo(200);
    }

    assertThat(proxy.results.dropped(DropReason.IN_FLIGHT_BUDGET)).isEqualTo(requests - 3);
    await().atMost(WAIT).until(() -> candidate.received().size() == 3);
    assertThat(candidate.maxOpen()).isEqualTo(3);
    assertThat(proxy.inFlight("products")).isEqualTo(3);
    assertThat(legacy.received()).hasSize(requests);

    candidate.release();

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 3 && proxy.inFlight("products") == 0);
    assertThat(proxy.get("/api/products/again").status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> candidate.received().size() == 4);
    assertThat(proxy.results.dropped(DropReason.IN_FLIGHT_BUDGET)).isEqualTo(requests - 3);
  }

  @Test
  void aBodyOverTheCapIsNotCopiedButReachesThePrimaryInFull(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), candidate.url(), "{}");
    io.vertx.core.buffer.Buffer large = io.vertx.core.buffer.Buffer.buffer("x".repeat(8 * 1024));
    io.vertx.core.buffer.Buffer small = io.vertx.core.buffer.Buffer.buffer("{\"stock\":" + "1".repeat(500) + "}");

    assertThat(proxy.sendChunked(io.vertx.core.http.HttpMethod.PUT, "/api/stock/A", large, 1000).status()).isEqualTo(200);
    assertThat(proxy.send(io.vertx.core.http.HttpMethod.PUT, "/api/stock/B", large).status()).isEqualTo(200);
    assertThat(proxy.sendChunked(io.vertx.core.http.HttpMethod.PUT, "/api/stock/C", small, 100).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.dropped(DropReason.BODY_TOO_LARGE)).isEqualTo(2);
    assertThat(legacy.received()).extracting(FakeSide.Received::bodyBytes).containsExactly(8192L, 8192L, (long) small.length());
    assertThat(candidate.received()).singleElement().satisfies(copy -> {
      assertThat(copy.uri()).isEqualTo("/api/stock/C");
      assertThat(copy.method()).isEqualTo("PUT");
      assertThat(copy.body()).isEqualTo(small.toString());
    });
    assertThat(proxy.inFlight("stock")).isZero();
  }

  @Test
  void everyRequestOfAHundredPercentRouteIsCopied(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), candidate.url(), "{learnNoise: false}");

    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get("/api/products/" + i).status()).isEqualTo(200);
    }

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 20);
    assertThat(candidate.received()).hasSize(20);
    assertThat(proxy.results.droppedInAll()).isZero();
  }

  @Test
  void anUnsafeRouteIsNeverCopiedAndEachSampledRequestIsCountedAsUnsafe(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), candidate.url(), "{learnNoise: false}");

    for (int i = 0; i < 3; i++) {
      assertThat(proxy.send(io.vertx.core.http.HttpMethod.POST, "/api/orders", io.vertx.core.buffer.Buffer.buffer("{}")).status())
          .isEqualTo(200);
    }
    assertThat(proxy.get("/api/products/A").status()).isEqualTo(200); // a safe one after them, to wait for

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.dropped(DropReason.UNSAFE)).isEqualTo(3);
    assertThat(candidate.received()).extracting(FakeSide.Received::method).containsExactly("GET");
    assertThat(legacy.received()).hasSize(4);
  }

  @Test
  void copiesCarryTheShadowHeaderWhichAClientCannotSendToThePrimary(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), candidate.url(), "{}");

    assertThat(proxy.get("/plain", ShadowStep.HEADER, "1", "X-Strangler-Shadow-Extra", "x").status()).isEqualTo(200);
    assertThat(proxy.get("/api/products/A", ShadowStep.HEADER, "1", "Accept", "application/json").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(candidate.received()).singleElement().satisfies(copy -> {
      assertThat(copy.header(ShadowStep.HEADER)).isEqualTo("1");
      assertThat(copy.headers().getAll(ShadowStep.HEADER)).hasSize(1);
      assertThat(copy.header("Accept")).isEqualTo("application/json");
      assertThat(copy.header("Host")).isEqualTo(candidate.url().substring("http://".length()));
    });
    // legacy: /plain, the primary of /api/products/A, and the second copy that learns noise
    assertThat(legacy.received()).hasSize(3);
    assertThat(legacy.received()).filteredOn(r -> r.header(ShadowStep.HEADER) == null)
        .extracting(FakeSide.Received::uri).containsExactlyInAnyOrder("/plain", "/api/products/A");
    assertThat(legacy.received()).filteredOn(r -> r.uri().equals("/plain")).singleElement()
        .satisfies(r -> assertThat(r.header("X-Strangler-Shadow-Extra")).isNull());
  }

  @Test
  void aFieldTheCandidateAnswersDifferentlyIsReportedAtItsJsonPath(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":10,\"name\":\"Anvil\"}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":12,\"name\":\"Anvil\"}");
    proxy(vertx, legacy.url(), candidate.url(), "{}");

    assertThat(proxy.get("/api/products/A").body()).contains("\"price\":10");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    Comparison comparison = proxy.results.outcomes().getFirst().comparison();
    assertThat(comparison.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
    assertThat(comparison.mismatches()).extracting(Difference::path).containsExactly("/price");
    assertThat(comparison.mismatches().getFirst().legacy()).isEqualTo("10");
    assertThat(comparison.mismatches().getFirst().candidate()).isEqualTo("12");
  }

  @Test
  void aLegacyTimestampThatChangesOnEveryCallIsLearnedAsNoise(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":" + n + "}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":0}");
    proxy(vertx, legacy.url(), candidate.url(), "{}");

    proxy.get("/api/products/A");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    Comparison learned = proxy.results.outcomes().getFirst().comparison();
    assertThat(learned.outcome()).isEqualTo(Comparison.Outcome.MATCH);
    assertThat(learned.noise()).isPositive();
    assertThat(legacy.received()).hasSize(2);
  }

  @Test
  void withoutLearningNoiseTheSameTimestampIsAMismatch(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":" + n + "}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":0}");
    proxy(vertx, legacy.url(), candidate.url(), "{learnNoise: false}");

    proxy.get("/api/products/A");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.outcomes().getFirst().comparison().mismatches()).extracting(Difference::path)
        .containsExactly("/generatedAt");
    assertThat(legacy.received()).hasSize(1);
  }

  @Test
  void whenTheMonolithIsTheCandidateItsAnswerIsTheReferenceAndTheClientGetsTheExtractedOne(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":10}");
    FakeSide catalog = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"price\":11}");
    proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, catalog: {urls: ["%s"]}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: catalog, candidate: legacy}}
        """.formatted(legacy.url(), catalog.url()));

    assertThat(proxy.get("/api/products/A").body()).isEqualTo("{\"sku\":\"A\",\"price\":11}");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.legacy().backend()).isEqualTo("legacy");
    assertThat(outcome.candidate().backend()).isEqualTo("catalog");
    Difference price = outcome.comparison().mismatches().getFirst();
    assertThat(price.path()).isEqualTo("/price");
    assertThat(price.legacy()).isEqualTo("10");
    assertThat(price.candidate()).isEqualTo("11");
    assertThat(legacy.received()).as("the copy and the second call that learns noise").hasSize(2)
        .allSatisfy(r -> assertThat(r.header(ShadowStep.HEADER)).isEqualTo("1"));
    assertThat(catalog.received()).singleElement().satisfies(r -> assertThat(r.header(ShadowStep.HEADER)).isNull());
  }

  @Test
  void aClientThatLeavesBeforeThePrimaryAnswersIsCountedIncompleteAndHoldsNoBudget(Vertx vertx) throws Exception {
    FakeSide legacy = FakeSide.start(vertx).hold();
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy.url(), candidate.url(), "{timeout: 30s, learnNoise: false}");

    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
      socket.setSoLinger(true, 0); // closing resets the connection
      socket.getOutputStream().write("GET /api/products/A HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes());
      socket.getOutputStream().flush();
      await().atMost(WAIT).until(() -> legacy.open() == 1 && candidate.received().size() == 1);
    }
    legacy.release();

    await().atMost(WAIT).until(() -> proxy.results.dropped(DropReason.PRIMARY_INCOMPLETE) == 1);
    assertThat(proxy.results.outcomes()).isEmpty();
    assertThat(proxy.inFlight("products")).isZero();
  }
}
