package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.BodyPump;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.observe.ProxyMetrics;
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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The route's response timeout also bounds the wait between two chunks of a streamed answer's body (nginx's
 * {@code proxy_read_timeout}): a backend that sends its head and part of the body, then nothing, is cut off — the client's
 * connection closes on a body that is visibly short, the backend's connection is closed, the failure counts for outlier
 * detection and the breaker, and a metric names it. Bodies that are slow but moving, and clients that read slowly, are
 * not cut.
 */
@ExtendWith(VertxExtension.class)
class StalledBodyIT {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StalledBodyIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final int SENT_BEFORE_STALL = 1_000;
  private static final int DECLARED = 10_000;
  private static final long LARGE = 32L * 1024 * 1024;
  private static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  private final AtomicInteger backendConnectionsClosed = new AtomicInteger();
  private final AtomicBoolean backendSentAll = new AtomicBoolean();
  private Vertx vertx;
  private ProxyMetrics metrics;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int backend = OnVertx.await(vertx, () -> vertx.createHttpServer().connectionHandler(connection ->
        connection.closeHandler(v -> backendConnectionsClosed.incrementAndGet())).requestHandler(this::answer)
        .listen(0, "127.0.0.1")).actualPort();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: catalog-read
            match: {path: /api/**}
            target: {extracted: catalog}
            timeouts: {response: 1s}
        """.formatted(backend, backend)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    metrics = new ProxyMetrics(table);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), table, metrics);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));
    port = proxy.actualPort();
  }

  private void answer(HttpServerRequest req) {
    var response = req.response();
    switch (req.path()) {
      case "/api/stall-chunked" -> response.setChunked(true).write(Buffer.buffer(new byte[SENT_BEFORE_STALL]));
      case "/api/stall-length" -> response.putHeader("Content-Length", String.valueOf(DECLARED))
          .write(Buffer.buffer(new byte[SENT_BEFORE_STALL]));
      case "/api/trickle" -> {
        response.setChunked(true);
        AtomicInteger left = new AtomicInteger(10);
        vertx.setPeriodic(200, id -> {
          if (left.decrementAndGet() < 0) {
            vertx.cancelTimer(id);
            response.end();
          } else {
            response.write("x");
          }
        });
      }
      case "/api/large" -> {
        response.putHeader("Content-Length", String.valueOf(LARGE));
        BodyPump.pump(vertx, response, CHUNK, LARGE).onSuccess(v -> {
          backendSentAll.set(true);
          response.end();
        });
      }
      default -> response.setStatusCode(404).end();
    }
  }

  @Test
  void aChunkedBodyThatStallsIsCutWithoutItsTerminatingChunk() throws Exception {
    Raw got = rawGet("/api/stall-chunked");
    LOG.info("a stalled chunked answer ended its client's connection after {} ms ({} ms timeout), {} body bytes", got.millis(),
        TIMEOUT.toMillis(), got.bodyBytes());

    assertThat(got.millis()).as("ended within the timeout and a margin").isLessThan(TIMEOUT.plus(MARGIN).toMillis())
        .isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 50);
    assertThat(got.text()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
    assertThat(got.text()).as("never looks whole").doesNotEndWith("0\r\n\r\n");
    assertThat(got.bodyBytes()).isGreaterThanOrEqualTo(SENT_BEFORE_STALL);
    await().atMost(MARGIN).untilAsserted(() -> assertThat(backendConnectionsClosed.get()).as("backend connection closed").isEqualTo(1));
    await().atMost(MARGIN).untilAsserted(() -> assertThat(metrics.scrape())
        .contains("strangler_backend_body_stalls_total{backend=\"catalog\",route=\"catalog-read\"} 1.0"));
  }

  @Test
  void aBodyWithALengthThatStallsEndsShort() throws Exception {
    Raw got = rawGet("/api/stall-length");

    assertThat(got.millis()).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    assertThat(got.text()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + DECLARED);
    assertThat(got.bodyBytes()).as("ends short of what it declared").isEqualTo(SENT_BEFORE_STALL);
    await().atMost(MARGIN).untilAsserted(() -> assertThat(backendConnectionsClosed.get()).isEqualTo(1));
  }

  @Test
  void stalledBodiesCountForOutlierDetectionAndTheBreaker() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(BackendBreakers.MAX_FAILURES);
    try {
      List<Callable<Raw>> stalls = new ArrayList<>();
      for (int i = 0; i < BackendBreakers.MAX_FAILURES; i++) {
        stalls.add(() -> rawGet("/api/stall-chunked"));
      }
      for (var stalled : clients.invokeAll(stalls)) {
        assertThat(stalled.get().text()).doesNotEndWith("0\r\n\r\n");
      }
    } finally {
      clients.shutdownNow();
    }

    await().atMost(MARGIN).untilAsserted(() -> assertThat(metrics.scrape())
        .contains("strangler_ejections_total{backend=\"catalog\"}")
        .contains("strangler_breaker_transitions_total{backend=\"catalog\",state=\"open\"} 1.0")
        .contains("strangler_backend_body_stalls_total{backend=\"catalog\",route=\"catalog-read\"} "
            + BackendBreakers.MAX_FAILURES + ".0"));
    String answer = OnVertx.await(vertx, () -> client().request(get("/api/trickle"))
        .compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() + "")));
    assertThat(answer).as("the breaker is open: nothing is sent").isEqualTo("503");
  }

  @Test
  void aSlowButMovingBodyIsNotCut() {
    // 10 bytes, one every 200 ms: twice the timeout in all, never idle for it.
    String body = OnVertx.await(vertx, () -> client().request(get("/api/trickle"))
        .compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)));

    assertThat(body).isEqualTo("200 xxxxxxxxxx");
    assertThat(metrics.scrape()).doesNotContain("strangler_backend_body_stalls_total{");
  }

  @Test
  void aClientThatReadsSlowlyIsNotTakenForAStalledBackend() {
    long pausedFor = 3 * TIMEOUT.toMillis();
    Promise<Long> received = Promise.promise();
    AtomicBoolean heldBack = new AtomicBoolean();
    // From a Vert.x context, so the head's callbacks run before any body chunk (not dispatched later from this thread).
    vertx.runOnContext(go -> client().request(get("/api/large")).compose(req -> req.send()).onSuccess(resp -> {
      resp.pause(); // reads nothing for three times the timeout: the proxy's writes back up and it pauses the backend
      long[] bytes = {0};
      resp.handler(b -> bytes[0] += b.length()).endHandler(v -> received.complete(bytes[0]))
          .exceptionHandler(received::tryFail);
      vertx.setTimer(pausedFor, id -> {
        heldBack.set(!backendSentAll.get());
        resp.resume();
      });
    }).onFailure(received::tryFail));

    long bytes = OnVertx.await(vertx, received::future);

    assertThat(bytes).as("the whole answer").isEqualTo(LARGE);
    assertThat(heldBack).as("the backend was held back while the client did not read").isTrue();
    assertThat(metrics.scrape()).doesNotContain("strangler_backend_body_stalls_total{");
  }

  private HttpClient client() {
    return vertx.createHttpClient();
  }

  private RequestOptions get(String path) {
    return new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path);
  }

  /** What a raw client read until the proxy closed the connection, and how long that took. */
  private record Raw(String text, int bodyBytes, long millis) {}

  private Raw rawGet(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) TIMEOUT.plus(MARGIN).multipliedBy(2).toMillis()); // a hang fails rather than blocks
      long start = System.nanoTime();
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: shop\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          all.write(buf, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // a reset ends the answer as a close does
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int head = text.indexOf("\r\n\r\n");
      return new Raw(text, head < 0 ? 0 : text.length() - head - 4, millis);
    }
  }
}
