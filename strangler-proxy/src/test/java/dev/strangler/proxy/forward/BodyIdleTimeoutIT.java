package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BodyIdleTimeout} on a real answer body read on loopback: its clock runs only while the reader has demand, counted
 * through {@code fetch} as well as {@code pause}/{@code resume}, and a stall fails the reader before the cut.
 */
@ExtendWith(VertxExtension.class)
class BodyIdleTimeoutIT {

  private static final Duration IDLE = Duration.ofMillis(200);

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    port = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> {
      var response = req.response().setChunked(true);
      if (req.path().equals("/stall")) {
        response.write("first");
      } else {
        response.write("a");
        response.write("b");
        response.end("c");
      }
    }).listen(0, "127.0.0.1")).actualPort();
  }

  @Test
  void aReaderThatFetchesOneChunkAtATimeSlowlyIsNeverTakenForAStall() {
    AtomicInteger cuts = new AtomicInteger();
    Promise<String> got = Promise.promise();
    respond("/paced", resp -> {
      BodyIdleTimeout body = new BodyIdleTimeout(resp, io.vertx.core.Vertx.currentContext(), IDLE, cuts::incrementAndGet);
      Buffer all = Buffer.buffer();
      body.exceptionHandler(got::tryFail).endHandler(v -> got.tryComplete(all.toString()));
      body.handler(chunk -> {
        all.appendBuffer(chunk);
        vertx.setTimer(3 * IDLE.toMillis(), id -> body.fetch(1)); // no demand meanwhile: the clock is stopped
      });
      body.fetch(1);
    }, got::tryFail);

    assertThat(OnVertx.await(vertx, got::future)).isEqualTo("abc");
    assertThat(cuts).hasValue(0);
  }

  @Test
  void aBodyThatSendsNothingWhileReadFailsItsReaderThenIsCut() {
    AtomicInteger cuts = new AtomicInteger();
    AtomicInteger cutsWhenHeard = new AtomicInteger(-1);
    Promise<Throwable> failed = Promise.promise();
    long[] start = new long[1];
    respond("/stall", resp -> {
      BodyIdleTimeout body = new BodyIdleTimeout(resp, io.vertx.core.Vertx.currentContext(), IDLE, () -> {
        cuts.incrementAndGet();
        resp.request().reset();
      });
      body.exceptionHandler(failure -> {
        cutsWhenHeard.set(cuts.get());
        failed.tryComplete(failure);
      }).endHandler(v -> failed.tryFail("ended"));
      start[0] = System.nanoTime();
      body.handler(chunk -> { }).resume();
    }, failed::tryFail);

    Throwable failure = OnVertx.await(vertx, failed::future);
    long millis = (System.nanoTime() - start[0]) / 1_000_000;

    assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("200 ms");
    assertThat(millis).isBetween(IDLE.toMillis() - 20, IDLE.toMillis() + 1_000);
    assertThat(cutsWhenHeard).as("the reader hears first").hasValue(0);
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(cuts).hasValue(1));
  }

  /**
   * Hands {@code path}'s response, paused at its head, to {@code paused}. Sent from a Vert.x context, so the head's
   * callbacks run on the connection's event loop before any body chunk: from the test thread they could be dispatched
   * later, after the body had gone by with no reader (CI saw the reader wait for ever).
   */
  private void respond(String path, Handler<HttpClientResponse> paused, Handler<Throwable> failed) {
    vertx.runOnContext(v -> vertx.createHttpClient()
        .request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send())
        .onSuccess(resp -> {
          resp.pause();
          paused.handle(resp);
        })
        .onFailure(failed));
  }
}
