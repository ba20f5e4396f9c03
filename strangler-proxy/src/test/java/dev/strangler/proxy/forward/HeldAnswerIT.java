package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a fallback route, the extracted side's answer to a GET is held in the proxy until its body has ended (up to the
 * route's {@code holdAnswer}): a body cut part way (closed, timed out) reached nobody, and the monolith answers instead.
 * An answer past the bound streams and can only be cut, as before; routes without fallback, {@code holdAnswer: 0} and
 * unsafe requests keep streaming.
 */
@ExtendWith(VertxExtension.class)
class HeldAnswerIT {

  private static final Logger LOG = LoggerFactory.getLogger(HeldAnswerIT.class);
  private static final long PACE_MILLIS = 50;
  private static final int TIMINGS = 11;

  /** What each fake backend received: "METHOD path". */
  private final List<String> legacySaw = new CopyOnWriteArrayList<>();
  private final List<String> catalogSaw = new CopyOnWriteArrayList<>();
  /** Lets the catalog's {@code slow} answers finish. */
  private final Promise<Void> release = Promise.promise();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  /** What a client got: the head, and the whole body or why it broke off. */
  record Got(int status, String backend, String contentLength, String transferEncoding, String body, String failure) {}

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int legacy = listen(req -> req.body().onSuccess(b -> {
      legacySaw.add(req.method() + " " + req.path());
      req.response().end("legacy:" + req.path());
    }));
    int catalog = listen(req -> req.body().onSuccess(b -> {
      catalogSaw.add(req.method() + " " + req.path());
      answer(req, req.path().substring(req.path().lastIndexOf('/') + 1));
    }));
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: held
            match: {path: /held/**, methods: [GET]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            holdAnswer: 4KiB
            timeouts: {response: 2s}
          - id: stalls
            match: {path: /stalls/**, methods: [GET, HEAD]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            timeouts: {response: 300ms}
          - id: writes
            match: {path: /writes/**, methods: [GET, POST]}
            sideEffect: idempotent
            target: {extracted: catalog}
            fallbackToLegacy: true
            timeouts: {response: 2s}
          - id: streamed
            match: {path: /streamed/**, methods: [GET]}
            target: {extracted: catalog}
            timeouts: {response: 2s}
          - id: unheld
            match: {path: /unheld/**, methods: [GET]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            holdAnswer: 0
            timeouts: {response: 2s}
        """.formatted(legacy, catalog)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().toBuilder().publicPort(0)
        .debugHeaders(true).build(), table, null);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void aBodyClosedPartWayIsServedWholeByTheMonolith() {
    assertThat(get("/held/cut")).isEqualTo(fromLegacy("/held/cut"));
    assertThat(catalogSaw).containsExactly("GET /held/cut");
    assertThat(legacySaw).containsExactly("GET /held/cut");
  }

  @Test
  void aChunkedBodyClosedPartWayIsServedByTheMonolithToo() {
    assertThat(get("/held/cut-chunked")).isEqualTo(fromLegacy("/held/cut-chunked"));
  }

  @Test
  void aBodyThatStallsPastTheResponseTimeoutIsServedByTheMonolith() {
    assertThat(get("/held/stall")).isEqualTo(fromLegacy("/held/stall"));
  }

  @Test
  void bodiesThatStallCountAsTheBackendsFailuresAndOpenItsBreaker() {
    for (int i = 0; i < BackendBreakers.MAX_FAILURES + 1; i++) {
      assertThat(get("/stalls/stall")).isEqualTo(fromLegacy("/stalls/stall"));
    }

    assertThat(catalogSaw).as("the breaker opened: the last one never reached the backend")
        .hasSize(BackendBreakers.MAX_FAILURES);
  }

  @Test
  void aHeadIsNotHeld() {
    Got head = send(HttpMethod.HEAD, "/stalls/plain", null);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.backend()).isEqualTo("catalog");
    assertThat(head.body()).isEmpty();
    assertThat(head.contentLength()).as("a held (empty) body would be sent as Content-Length: 0").isNotEqualTo("0");
  }

  @Test
  void aWholeChunkedAnswerWithinTheBoundIsHeldAndSentWithItsLength() {
    Got got = get("/held/small-chunked");

    assertThat(got).isEqualTo(new Got(200, "catalog", "3000", null, "c".repeat(3000), null));
  }

  @Test
  void aWholeAnswerPastTheBoundStreamsOnUnchanged() {
    Got got = get("/held/big-chunked");

    assertThat(got).isEqualTo(new Got(200, "catalog", null, "chunked", pattern(24_000), null));
  }

  @Test
  void anAnswerDeclaredLargerThanTheBoundAndCutFailsAsBeforeAndIsNeverPassedOffAsWhole() {
    Got got = get("/held/big-cut");

    assertThat(got.status()).isEqualTo(200);
    assertThat(got.backend()).isEqualTo("catalog");
    assertThat(got.body()).as("no body is passed off as whole").isNull();
    assertThat(got.failure()).isNotNull();
    assertThat(legacySaw).isEmpty();
  }

  @Test
  void aChunkedAnswerCutAfterPassingTheBoundFailsAsBeforeAndIsNeverPassedOffAsWhole() {
    Got got = get("/held/big-chunked-cut");

    assertThat(got.status()).isEqualTo(200);
    assertThat(got.backend()).isEqualTo("catalog");
    assertThat(got.body()).isNull();
    assertThat(got.failure()).isNotNull();
    assertThat(legacySaw).isEmpty();
  }

  @Test
  void aPostOnAFallbackRouteIsNotRetriedAfterItsBodyWasCut() {
    Got post = send(HttpMethod.POST, "/writes/cut", "{}");

    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body()).isNull();
    assertThat(post.failure()).isNotNull();
    assertThat(legacySaw).as("the write was done by the extracted side: not again by the monolith").isEmpty();
    // A GET on the same route is held and stood in for; a 5xx is replaced for any request of the route, as before.
    assertThat(get("/writes/cut")).isEqualTo(fromLegacy("/writes/cut"));
    assertThat(send(HttpMethod.POST, "/writes/broken", "{}")).isEqualTo(fromLegacy("/writes/broken"));
  }

  @Test
  void aRouteWithoutFallbackStreamsTheFirstBytesBeforeTheBackendHasFinished() {
    streamsBeforeTheBackendFinished("/streamed/slow");
  }

  @Test
  void aFallbackRouteWithHoldAnswerZeroStreamsToo() {
    streamsBeforeTheBackendFinished("/unheld/slow");
  }

  @Test
  void aHeldAnswerReachesTheClientOnlyOnceItsBodyHasEnded() {
    AtomicBoolean head = new AtomicBoolean();
    Promise<Got> reply = Promise.promise();
    vertx.runOnContext(v -> request(HttpMethod.GET, "/held/slow", null, resp -> head.set(true)).onComplete(reply));
    await().atMost(Duration.ofSeconds(10)).until(() -> catalogSaw.contains("GET /held/slow"));

    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).untilFalse(head);
    release.complete();

    assertThat(OnVertx.await(vertx, reply::future)).isEqualTo(new Got(200, "catalog", "2000", null, "c".repeat(2000), null));
  }

  /** The cost: a held answer's first byte waits for its body's transfer (here 3 gaps of {@value #PACE_MILLIS} ms). */
  @Test
  void aHeldAnswersFirstByteWaitsForItsBodysTransferAndAStreamedOneDoesNot() {
    long[] held = timesToHeadAndEnd("/writes/paced");
    long[] streamed = timesToHeadAndEnd("/streamed/paced");
    LOG.info("16,000 bytes sent in 4 parts {} ms apart, median of {}: held head {} ms, end {} ms; streamed head {} ms, end {} ms",
        PACE_MILLIS, TIMINGS, held[0], held[1], streamed[0], streamed[1]);

    assertThat(held[0]).as("held: the head waits for the body's end").isGreaterThanOrEqualTo(3 * PACE_MILLIS);
    assertThat(streamed[0]).as("streamed: the head comes first").isLessThan(held[0]);
    assertThat(legacySaw).isEmpty();
  }

  /** Median milliseconds from sending to the head, and to the body's end, over {@value #TIMINGS} GETs in a row. */
  private long[] timesToHeadAndEnd(String path) {
    List<Long> heads = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    for (int i = 0; i < TIMINGS; i++) {
      long start = System.nanoTime();
      long[] head = {0};
      Got got = OnVertx.await(vertx, () -> request(HttpMethod.GET, path, null, resp -> head[0] = System.nanoTime()));
      assertThat(got.body()).hasSize(16_000);
      heads.add(TimeUnit.NANOSECONDS.toMillis(head[0] - start));
      ends.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    Collections.sort(heads);
    Collections.sort(ends);
    return new long[] {heads.get(TIMINGS / 2), ends.get(TIMINGS / 2)};
  }

  private void streamsBeforeTheBackendFinished(String path) {
    AtomicLong received = new AtomicLong();
    AtomicBoolean ended = new AtomicBoolean();
    vertx.runOnContext(v -> client.request(options(HttpMethod.GET, path)).compose(req -> req.send()).onSuccess(resp -> {
      resp.handler(chunk -> received.addAndGet(chunk.length()));
      resp.endHandler(end -> ended.set(true));
    }));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.get() >= 1000);
    assertThat(ended).as("the backend holds the rest of its body").isFalse();
    assertThat(release.future().isComplete()).isFalse();
    release.complete();
    await().atMost(Duration.ofSeconds(10)).untilTrue(ended);
    assertThat(received.get()).isEqualTo(2000);
  }

  /** The catalog's answer for the last path segment. */
  private void answer(HttpServerRequest req, String name) {
    HttpServerResponse resp = req.response();
    switch (name) {
      case "cut" -> resp.putHeader("Content-Length", "3000").write(Buffer.buffer("c".repeat(1000)))
          .onComplete(v -> req.connection().close());
      case "cut-chunked" -> resp.setChunked(true).write(Buffer.buffer("c".repeat(1000)))
          .onComplete(v -> req.connection().close());
      case "stall" -> resp.putHeader("Content-Length", "3000").write(Buffer.buffer("c".repeat(1000)));
      case "small-chunked" -> {
        resp.setChunked(true).write("c".repeat(1000));
        resp.end("c".repeat(2000));
      }
      case "big-chunked" -> {
        resp.setChunked(true);
        Buffer all = Buffer.buffer(pattern(24_000));
        for (int at = 0; at < all.length(); at += 3000) {
          resp.write(all.slice(at, at + 3000));
        }
        resp.end();
      }
      case "big-cut" -> resp.putHeader("Content-Length", "10000").write(Buffer.buffer("c".repeat(6000)))
          .onComplete(v -> req.connection().close());
      case "big-chunked-cut" -> {
        resp.setChunked(true).write("c".repeat(3000));
        resp.write(Buffer.buffer("c".repeat(3000))).onComplete(v -> req.connection().close());
      }
      case "slow" -> {
        resp.putHeader("Content-Length", "2000").write("c".repeat(1000));
        release.future().onComplete(v -> resp.end("c".repeat(1000)));
      }
      case "paced" -> {
        resp.putHeader("Content-Length", "16000").write("p".repeat(4000));
        int[] sent = {1};
        vertx.setPeriodic(PACE_MILLIS, id -> {
          if (++sent[0] == 4) {
            vertx.cancelTimer(id);
            resp.end("p".repeat(4000));
          } else {
            resp.write("p".repeat(4000));
          }
        });
      }
      case "broken" -> resp.setStatusCode(500).end("catalog is broken");
      default -> resp.end("catalog:" + req.path());
    }
  }

  /** Bytes that differ along the body, so a chunk out of place shows. */
  private static String pattern(int size) {
    StringBuilder out = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      out.append((char) ('a' + (i / 7) % 26));
    }
    return out.toString();
  }

  private static Got fromLegacy(String path) {
    String body = "legacy:" + path;
    return new Got(200, "legacy", String.valueOf(body.length()), null, body, null);
  }

  private int listen(io.vertx.core.Handler<HttpServerRequest> handler) {
    return OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")).actualPort();
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  private Got get(String uri) {
    return send(HttpMethod.GET, uri, null);
  }

  private Got send(HttpMethod method, String uri, String body) {
    return OnVertx.await(vertx, () -> request(method, uri, body, resp -> { }));
  }

  private Future<Got> request(HttpMethod method, String uri, String body,
                              io.vertx.core.Handler<io.vertx.core.http.HttpClientResponse> onHead) {
    return client.request(options(method, uri))
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> {
          onHead.handle(resp);
          return resp.body().transform(ar -> Future.succeededFuture(new Got(resp.statusCode(),
              resp.getHeader(DebugHeaders.BACKEND), resp.getHeader("Content-Length"), resp.getHeader("Transfer-Encoding"),
              ar.succeeded() ? ar.result().toString() : null, ar.failed() ? ar.cause().getClass().getSimpleName() : null)));
        });
  }
}
