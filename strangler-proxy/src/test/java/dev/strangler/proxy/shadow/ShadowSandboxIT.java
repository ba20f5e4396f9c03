package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.CompareRulesReader;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.proxy.forward.RequestIds;
import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sandboxed copies of writes on a real proxy with real fake backends on loopback: a sampled POST of a sandboxed unsafe
 * route reaches the monolith once (the client's request) and the candidate once, marked {@code X-Strangler-Sandbox: 1},
 * and the two answers are compared with the route's rules; an unsafe route without sandbox is still never copied.
 */
@ExtendWith(VertxExtension.class)
class ShadowSandboxIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ORDER = "{\"customerId\":7,\"lines\":[{\"sku\":\"ACME-00001\",\"quantity\":2}]}";
  /** The ids and timestamps each side makes up are muted by the route's rules, as users declare them. */
  private static final String RULES = """
      apiVersion: strangler/v1
      defaults: {}
      routes:
        checkout:
          ignore: [/id, /placedAt]
      """;
  private ShadowProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop();
    }
  }

  private ShadowProxy proxy(Vertx vertx, FakeSide legacy, FakeSide candidate) {
    proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, orders: {urls: ["%s"]}}
        routes:
          - id: checkout
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {primary: legacy, candidate: orders}}
            shadow: {sandbox: true, timeout: 30s}
          - id: cancel
            match: {path: "/api/orders/{id}/cancel", methods: [POST]}
            target: {shadow: {primary: legacy, candidate: orders}}
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: orders}}
            shadow: {learnNoise: false}
          - id: plain
            match: {path: /plain}
            target: legacy
        """.formatted(legacy.url(), candidate.url()), ShadowOptions.DEFAULTS.withRules(CompareRulesReader.read(RULES), "test"));
    return proxy;
  }

  private static String order(long id, String placedAt, String status) {
    return "{\"id\":" + id + ",\"placedAt\":\"" + placedAt + "\",\"status\":\"" + status + "\",\"total\":\"19.98\"}";
  }

  @Test
  void aSandboxedWriteReachesTheCandidateOnceMarkedWithTheClientsRequestIdAndTheMonolithOnlyOnce(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> order(41, "2026-11-29T08:00:00Z", "PLACED"));
    FakeSide candidate = FakeSide.start(vertx).answering(n -> order(1_000_000_001L, "2026-11-29T08:00:01Z", "PLACED"));
    proxy(vertx, legacy, candidate);

    ShadowProxy.Reply reply = proxy.send(HttpMethod.POST, "/api/orders", Buffer.buffer(ORDER), "Content-Type",
        "application/json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).as("the client gets the monolith's answer").isEqualTo(order(41, "2026-11-29T08:00:00Z", "PLACED"));
    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    // The outcome is reported only once every copy has answered: a noise copy would have reached legacy by now.
    assertThat(legacy.received()).as("the monolith never sees the write twice").singleElement().satisfies(primary -> {
      assertThat(primary.header(ShadowPolicy.SANDBOX_HEADER)).isNull();
      assertThat(primary.header(ShadowStep.HEADER)).isNull();
    });
    String requestId = reply.headers().get(RequestIds.HEADER);
    assertThat(requestId).isNotBlank().isEqualTo(legacy.received().getFirst().header(RequestIds.HEADER));
    assertThat(candidate.received()).singleElement().satisfies(copy -> {
      assertThat(copy.method()).isEqualTo("POST");
      assertThat(copy.uri()).isEqualTo("/api/orders");
      assertThat(copy.body()).isEqualTo(ORDER);
      assertThat(copy.headers().getAll(ShadowPolicy.SANDBOX_HEADER)).containsExactly("1");
      assertThat(copy.header(ShadowStep.HEADER)).isEqualTo("1");
      assertThat(copy.header(RequestIds.HEADER)).as("the primary's correlation id").isEqualTo(requestId);
      assertThat(copy.header("Content-Type")).isEqualTo("application/json");
    });
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.sandboxed()).isTrue();
    assertThat(outcome.routeId()).isEqualTo("checkout");
    assertThat(outcome.method()).isEqualTo("POST");
    assertThat(outcome.comparison().outcome()).as("ids and timestamps muted by the route's rules").isEqualTo(Comparison.Outcome.MATCH);
    assertThat(outcome.comparison().noise()).as("the id and the timestamp the rules ignore, nothing learned").isEqualTo(2);
    assertThat(outcome.legacy().backend()).isEqualTo("legacy");
    assertThat(outcome.candidate().backend()).isEqualTo("orders");
    assertThat(proxy.results.droppedInAll()).isZero();
    await().atMost(WAIT).until(() -> proxy.inFlight("checkout") == 0);
  }

  @Test
  void aClientRequestIdIsTheOneTheSandboxedCopyCarries(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy, candidate);

    ShadowProxy.Reply reply = proxy.send(HttpMethod.POST, "/api/orders", Buffer.buffer(ORDER), RequestIds.HEADER,
        "checkout-7f3a");

    assertThat(reply.headers().get(RequestIds.HEADER)).isEqualTo("checkout-7f3a");
    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(legacy.received()).singleElement().satisfies(r -> assertThat(r.header(RequestIds.HEADER)).isEqualTo("checkout-7f3a"));
    assertThat(candidate.received()).singleElement()
        .satisfies(r -> assertThat(r.headers().getAll(RequestIds.HEADER)).containsExactly("checkout-7f3a"));
  }

  @Test
  void whatTheSandboxedCandidateAnswersDifferentlyIsAMismatchAtItsPathButNotItsIds(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> order(41, "2026-11-29T08:00:00Z", "PLACED"));
    FakeSide candidate = FakeSide.start(vertx).answering(n -> order(1_000_000_001L, "2026-11-29T08:00:01Z", "PENDING"));
    proxy(vertx, legacy, candidate);

    assertThat(proxy.send(HttpMethod.POST, "/api/orders", Buffer.buffer(ORDER)).body()).contains("\"status\":\"PLACED\"");

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    ShadowOutcome outcome = proxy.results.outcomes().getFirst();
    assertThat(outcome.sandboxed()).isTrue();
    assertThat(outcome.comparison().outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
    assertThat(outcome.comparison().mismatches()).extracting(Difference::path).containsExactly("/status");
    assertThat(outcome.comparison().mismatches().getFirst().legacy()).isEqualTo("\"PLACED\"");
    assertThat(outcome.comparison().mismatches().getFirst().candidate()).isEqualTo("\"PENDING\"");
    assertThat(legacy.received()).hasSize(1);
    assertThat(candidate.received()).hasSize(1);
  }

  @Test
  void anUnsafeRouteWithoutSandboxIsStillNeverCopiedAndCountedAsUnsafe(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy, candidate);

    assertThat(proxy.send(HttpMethod.POST, "/api/orders/41/cancel", Buffer.buffer("{}")).status()).isEqualTo(200);
    assertThat(proxy.send(HttpMethod.POST, "/api/orders", Buffer.buffer(ORDER)).status()).isEqualTo(200); // to wait for

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(proxy.results.dropped(DropReason.UNSAFE)).isEqualTo(1);
    assertThat(candidate.received()).extracting(FakeSide.Received::uri).containsExactly("/api/orders");
    assertThat(legacy.received()).extracting(FakeSide.Received::uri).containsExactlyInAnyOrder("/api/orders/41/cancel", "/api/orders");
  }

  @Test
  void aSandboxHeaderAClientSendsNeverReachesAnyBackend(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    FakeSide candidate = FakeSide.start(vertx);
    proxy(vertx, legacy, candidate);

    assertThat(proxy.get("/plain", ShadowPolicy.SANDBOX_HEADER, "1").status()).isEqualTo(200);
    assertThat(proxy.get("/api/products/A", ShadowPolicy.SANDBOX_HEADER, "1").status()).isEqualTo(200);
    assertThat(proxy.send(HttpMethod.POST, "/api/orders", Buffer.buffer(ORDER), ShadowPolicy.SANDBOX_HEADER, "0",
        "x-strangler-sandbox", "yes").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == 2);
    assertThat(legacy.received()).hasSize(3)
        .allSatisfy(r -> assertThat(r.header(ShadowPolicy.SANDBOX_HEADER)).as(r.uri()).isNull());
    assertThat(candidate.received()).hasSize(2);
    assertThat(candidate.received()).filteredOn(r -> r.uri().equals("/api/products/A")).singleElement()
        .satisfies(r -> assertThat(r.header(ShadowPolicy.SANDBOX_HEADER)).as("a read's copy is not sandboxed").isNull());
    assertThat(candidate.received()).filteredOn(r -> r.uri().equals("/api/orders")).singleElement()
        .satisfies(r -> assertThat(r.headers().getAll(ShadowPolicy.SANDBOX_HEADER)).as("only the proxy's own").containsExactly("1"));
    assertThat(proxy.results.outcomes()).filteredOn(o -> o.routeId().equals("products"))
        .singleElement().satisfies(o -> assertThat(o.sandboxed()).isFalse());
  }
}
