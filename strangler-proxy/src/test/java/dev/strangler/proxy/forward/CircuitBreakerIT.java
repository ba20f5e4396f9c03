package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A failing extracted backend (5xx, or answers cut after their status) opens its breaker: then nothing more is sent to it. */
@ExtendWith(VertxExtension.class)
class CircuitBreakerIT {

  private final AtomicInteger catalogRequests = new AtomicInteger();
  private Vertx vertx;
  private HttpClient client;
  private int port;
  private ProxyMetrics metrics;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int legacy = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> req.response().end("legacy"))
        .listen(0, "127.0.0.1")).actualPort();
    int catalog = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> {
      catalogRequests.incrementAndGet();
      if (req.path().endsWith("/cut")) {
        // A good status, then the connection goes before the body is whole.
        req.response().putHeader("Content-Length", "1000").write("the start of an answer")
            .onComplete(v -> req.connection().close());
      } else {
        req.response().setStatusCode(500).end("catalog broke");
      }
    }).listen(0, "127.0.0.1")).actualPort();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - {id: catalog-read, match: {path: /api/products/**, methods: [GET]}, target: {extracted: catalog}, fallbackToLegacy: true}
          - {id: catalog-write, match: {path: /api/products/**, methods: [POST]}, target: {extracted: catalog}}
        """.formatted(legacy, catalog)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    metrics = new ProxyMetrics(table);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true), table, metrics);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void fallbackRoutesAreServedByTheMonolithAndAfterFiveFailuresTheBackendIsLeftAlone() {
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      replies.add(call(HttpMethod.GET));
    }

    // The first five reach the backend, get its 500 and are replayed to the monolith; then the breaker is open.
    assertThat(replies).containsOnly("200 legacy legacy");
    assertThat(catalogRequests).hasValue(BackendBreakers.MAX_FAILURES);
    // Observed once each response has ended, which may be just after the client has it.
    await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
      String scrape = metrics.scrape();
      assertThat(scrape).contains("strangler_breaker_transitions_total{backend=\"catalog\",state=\"open\"} 1.0");
      assertThat(scrape).contains("strangler_fallbacks_total{backend=\"catalog\",route=\"catalog-read\"} 12.0");
      assertThat(scrape).containsPattern("strangler_ejections_total\\{backend=\"catalog\"} [1-9]");
    });
  }

  @Test
  void whileTheCircuitIsOpenOtherRoutesGetA503AndNothingReachesTheBackend() {
    for (int i = 0; i < BackendBreakers.MAX_FAILURES; i++) {
      assertThat(call(HttpMethod.POST)).startsWith("500 ");
    }

    String reply = call(HttpMethod.POST);

    assertThat(reply).startsWith("503 catalog ").contains("circuit is open");
    assertThat(catalogRequests).hasValue(BackendBreakers.MAX_FAILURES);
  }

  @Test
  void answersCutAfterAGoodStatusCountAsFailuresAndOpenTheBreakerToo() {
    for (int i = 0; i < BackendBreakers.MAX_FAILURES; i++) {
      // Held on this fallback route until its body ended: the cut answer reached nobody, and the monolith answers.
      assertThat(call(HttpMethod.GET, "/api/products/cut")).isEqualTo("200 legacy legacy");
    }

    assertThat(call(HttpMethod.GET, "/api/products/cut")).isEqualTo("200 legacy legacy");
    assertThat(catalogRequests).as("the breaker is open: the last one never reached the backend")
        .hasValue(BackendBreakers.MAX_FAILURES);
  }

  @Test
  void streamedAnswersCutAfterAGoodStatusFailAtTheClientAndOpenTheBreaker() {
    for (int i = 0; i < BackendBreakers.MAX_FAILURES; i++) {
      // A route without fallback streams: the client has the start of the answer, which can only be cut.
      assertThatThrownBy(() -> call(HttpMethod.POST, "/api/products/cut")).hasMessageContaining("closed");
    }

    assertThat(call(HttpMethod.POST, "/api/products/cut")).startsWith("503 catalog ").contains("circuit is open");
    assertThat(catalogRequests).hasValue(BackendBreakers.MAX_FAILURES);
  }

  private String call(HttpMethod method) {
    return call(method, "/api/products/1");
  }

  private String call(HttpMethod method, String uri) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + resp.getHeader(DebugHeaders.BACKEND) + " " + b)));
  }
}
