package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.BodyPump;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.overload.OverloadOptions;
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
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many answers just under the hold bound at once, in a JVM with a 96 MB heap (the failsafe "streaming" execution): held
 * whole, {@value #CONCURRENT} of them would need about 150 MB. The process's budget for held answers (a quarter of the
 * heap) holds some and lets the others stream, and every answer arrives whole.
 */
@ExtendWith(VertxExtension.class)
class HeldAnswerMemoryIT {

  private static final Logger LOG = LoggerFactory.getLogger(HeldAnswerMemoryIT.class);
  private static final int CONCURRENT = 150;
  private static final Buffer CHUNK = Buffer.buffer(new byte[50_000]).setByte(0, (byte) 'x');
  /** Sent before the backend waits for every request to have arrived, so all are in flight with this much each. */
  private static final long FIRST_PART = 18L * CHUNK.length();
  private static final long SIZE = FIRST_PART + 2L * CHUNK.length();

  @Test
  void answersUnderTheBoundHeldAtOnceStayWithinTheHeldAnswersBudgetAndAllArriveWhole(Vertx vertx) {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(heap).as("run with a small heap").isLessThan(CONCURRENT * SIZE);
    assertThat(SIZE).isLessThanOrEqualTo(ProxyOptions.DEFAULT_HOLD_ANSWER_MAX_BYTES);
    AtomicInteger arrived = new AtomicInteger();
    Promise<Void> allArrived = Promise.promise();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // the proxy pools 64 connections per backend address and event loop
      ports.add(vertx.createHttpServer().requestHandler(req -> {
        req.response().setChunked(true);
        if (arrived.incrementAndGet() == CONCURRENT) {
          allArrived.complete();
        }
        BodyPump.pump(vertx, req.response(), CHUNK, FIRST_PART)
            .compose(v -> allArrived.future())
            .compose(v -> BodyPump.pump(vertx, req.response(), CHUNK, SIZE - FIRST_PART))
            .onSuccess(v -> req.response().end());
      }).listen(0, "127.0.0.1").await().actualPort());
    }
    int legacy = vertx.createHttpServer().requestHandler(req -> req.response().end("legacy")).listen(0, "127.0.0.1").await()
        .actualPort();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: [%s]}
        routes:
          - id: items
            match: {path: /api/items/**, methods: [GET]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            timeouts: {response: 30s}
        """.formatted(legacy, ports.stream().map(p -> "\"http://127.0.0.1:" + p + "\"").collect(Collectors.joining(", ")))),
        RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().toBuilder().publicPort(0)
        .debugHeaders(true).build(), table, null);
    vertx.deployVerticle(proxy).await();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(CONCURRENT));

    List<String> answers = OnVertx.await(vertx, () -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        all.add(client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.actualPort()).setURI("/api/items/" + i))
            .compose(HttpClientRequest::send)
            .compose(HeldAnswerMemoryIT::describe));
      }
      return Future.all(all).map(done -> all.stream().map(Future::result).toList());
    });

    long held = answers.stream().filter(a -> a.equals("200 catalog held " + SIZE)).count();
    long streamed = answers.stream().filter(a -> a.equals("200 catalog streamed " + SIZE)).count();
    LOG.info("{} answers of {} bytes at once, heap {} MB, held-answer budget {} MB: {} held, {} streamed", CONCURRENT, SIZE,
        heap >> 20, OverloadOptions.defaults().heldAnswersBudget(heap) >> 20, held, streamed);
    assertThat(held + streamed).as("every answer whole, from the extracted side: %s", answers).isEqualTo(CONCURRENT);
    assertThat(held).as("answers within the budget are held").isPositive();
    assertThat(streamed).as("past the budget, answers stream").isPositive();
  }

  /** "status backend held|streamed bytes": a held answer is sent with its length, a streamed one as it came (chunked). */
  private static Future<String> describe(HttpClientResponse resp) {
    Promise<String> done = Promise.promise();
    long[] bytes = {0};
    boolean[] intact = {true};
    resp.handler(chunk -> {
      for (int i = 0; i < chunk.length(); i++) {
        byte expected = (bytes[0] + i) % CHUNK.length() == 0 ? (byte) 'x' : 0;
        intact[0] &= chunk.getByte(i) == expected;
      }
      bytes[0] += chunk.length();
    });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> done.tryComplete(resp.statusCode() + " " + resp.getHeader(DebugHeaders.BACKEND) + " "
        + (resp.getHeader("Content-Length") != null ? "held" : "streamed") + " " + (intact[0] ? bytes[0] : "corrupt")));
    return done.future();
  }
}
