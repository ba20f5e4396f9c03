package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After the extracted side failed, timed out or answered 5xx, a safe or idempotent fallback route
 * sends the same request, body included (up to the replay cap), to the monolith; an unsafe route
 * can't be marked fallbackToLegacy (validation), so its request is never sent twice.
 */
@ExtendWith(VertxExtension.class)
class FallbackAfterFailureIT {

  private static final int REPLAY_CAP = 1024;

  /** What each fake backend received: "METHOD path body". */
  private final List<String> legacySaw = new CopyOnWriteArrayList<>();
  private final List<String> catalogSaw = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int legacy = listen(req -> req.body().onSuccess(b -> {
      legacySaw.add(req.method() + " " + req.path() + " " + b);
      req.response().end("legacy:" + b);
    }));
    int catalog = listen(req -> req.body().onSuccess(b -> {
      catalogSaw.add(req.method() + " " + req.path() + " " + b);
      switch (req.path().substring(req.path().lastIndexOf('/') + 1)) {
        case "broken" -> req.response().setStatusCode(500).end("catalog is broken");
        case "hangs" -> { } // never answers
        case "drops" -> req.connection().close();
        default -> req.response().end("catalog:" + b);
      }
    }));
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: catalog
            match: {path: /api/products/**, methods: [GET, PUT]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            timeouts: {response: 300ms}
          - id: orders
            match: {path: /api/orders/**}
            target: {extracted: catalog}
            sideEffect: unsafe
            timeouts: {response: 300ms}
        """.formatted(legacy, catalog)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    ProxyOptions options = ProxyOptions.defaults().toBuilder().publicPort(0).debugHeaders(true)
        .fallbackReplayMaxBytes(REPLAY_CAP).build();
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(options, table, null);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void aGetAnswered500ByTheExtractedSideIsServedByTheMonolith() {
    assertThat(call(HttpMethod.GET, "/api/products/broken", null)).isEqualTo("200 legacy legacy:");
    assertThat(catalogSaw).containsExactly("GET /api/products/broken ");
    assertThat(legacySaw).containsExactly("GET /api/products/broken ");
  }

  @Test
  void aGetThatTimesOutOnTheExtractedSideIsServedByTheMonolith() {
    assertThat(call(HttpMethod.GET, "/api/products/hangs", null)).isEqualTo("200 legacy legacy:");
    assertThat(legacySaw).containsExactly("GET /api/products/hangs ");
  }

  @Test
  void aConnectionDroppedMidRequestFallsBackToo() {
    assertThat(call(HttpMethod.GET, "/api/products/drops", null)).isEqualTo("200 legacy legacy:");
  }

  @Test
  void anIdempotentPutIsReplayedToTheMonolithWithTheSameBody() {
    String body = "{\"price\": \"9.99\"}";

    assertThat(call(HttpMethod.PUT, "/api/products/broken", body)).isEqualTo("200 legacy legacy:" + body);
    assertThat(catalogSaw).containsExactly("PUT /api/products/broken " + body);
    assertThat(legacySaw).containsExactly("PUT /api/products/broken " + body);
  }

  @Test
  void aBodyOverTheReplayCapIsNotReplayedAndTheFailureIsPassedOn() {
    String body = "x".repeat(REPLAY_CAP + 1);

    assertThat(call(HttpMethod.PUT, "/api/products/broken", body)).isEqualTo("500 catalog catalog is broken");
    assertThat(catalogSaw).containsExactly("PUT /api/products/broken " + body);
    assertThat(legacySaw).isEmpty();
  }

  @Test
  void aChunkedBodyIsNotReplayed() {
    String reply = OnVertx.await(vertx, () -> client.request(options(HttpMethod.PUT, "/api/products/broken"))
        .compose(req -> {
          req.setChunked(true).write("part one, ");
          return req.end("part two").compose(v -> req.response());
        })
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + resp.getHeader(DebugHeaders.BACKEND) + " " + b)));

    assertThat(reply).isEqualTo("500 catalog catalog is broken");
    assertThat(catalogSaw).containsExactly("PUT /api/products/broken part one, part two");
    assertThat(legacySaw).isEmpty();
  }

  @Test
  void anUnsafeRequestIsNeverSentAgain() {
    assertThat(call(HttpMethod.POST, "/api/orders/hangs", "{}")).startsWith("504 catalog ");
    assertThat(catalogSaw).containsExactly("POST /api/orders/hangs {}");
    assertThat(legacySaw).isEmpty();
  }

  @Test
  void aHealthyExtractedSideIsNotSecondGuessed() {
    assertThat(call(HttpMethod.PUT, "/api/products/fine", "v2")).isEqualTo("200 catalog catalog:v2");
    assertThat(legacySaw).isEmpty();
  }

  private int listen(io.vertx.core.Handler<HttpServerRequest> handler) {
    return OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")).actualPort();
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  private String call(HttpMethod method, String uri, String body) {
    return OnVertx.await(vertx, () -> client.request(options(method, uri))
        .compose(req -> send(req, body))
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + resp.getHeader(DebugHeaders.BACKEND) + " " + b)));
  }

  private static Future<io.vertx.core.http.HttpClientResponse> send(HttpClientRequest req, String body) {
    return body == null ? req.send() : req.send(Buffer.buffer(body));
  }
}
