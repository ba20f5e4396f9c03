package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.observe.LogLines;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event loop that runs late sheds a share of its new requests, and stops once it is on time again. The loop is made
 * late for real: the proxy runs on a Vert.x of its own with one event loop, and the test keeps that loop busy with CPU work
 * (a timer on the same Vert.x, so on the same thread), as a heavy handler would; the proxy has no hook for it.
 */
@ExtendWith(VertxExtension.class)
class LagSheddingIT {

  private static final Duration BUSY = Duration.ofMillis(500);

  private Vertx proxyVertx;
  private HeldBackend backend;
  private OverloadedProxy proxy;
  private long busyTimer = -1;

  @BeforeEach
  void start(Vertx vertx) {
    proxyVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    backend = HeldBackend.start(vertx, "legacy");
    backend.releaseAll();
    proxy = OverloadedProxy.inFrontOf(proxyVertx, backend,
        OverloadOptions.defaults().withLag(Duration.ofMillis(200), Duration.ofMillis(50), 50), 1);
  }

  @AfterEach
  void stop() {
    proxyVertx.cancelTimer(busyTimer);
    proxy.stop();
    proxyVertx.close().await();
  }

  @Test
  void aLateLoopShedsHalfItsNewRequestsAndStopsOnceOnTimeAgain(Vertx vertx) {
    assertThat(OnVertx.await(vertx, () -> proxy.get("/before")).status()).isEqualTo(200);

    // Busy 500 ms out of every 550, as a loop overloaded for good: every lag probe fires past the 200 ms threshold.
    busyTimer = proxyVertx.setPeriodic(BUSY.toMillis() + 50, id -> spin(BUSY));
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().laggingLoops() == 1);
    List<OverloadedProxy.Reply> whileLate = new ArrayList<>();
    try (LogLines access = LogLines.access()) {
      for (int i = 0; i < 10; i++) {
        whileLate.add(OnVertx.await(vertx, () -> proxy.get("/late")));
      }
      assertThat(whileLate).filteredOn(r -> r.status() == 503).hasSize(5).allSatisfy(r -> {
        assertThat(r.retryAfter()).isEqualTo("1");
        assertThat(new JsonObject(r.body()).getString("detail")).startsWith("the proxy is running behind");
      });
      assertThat(whileLate).filteredOn(r -> r.status() == 200).hasSize(5);
      await().atMost(Duration.ofSeconds(5)).until(() -> access.lines().stream()
          .filter(l -> "event-loop-lag".equals(l.getString("shed"))).count() == 5);
    }
    assertThat(proxy.metric("strangler_shed_total{backend=\"legacy\",reason=\"event-loop-lag\",route=\"everything\"}"))
        .isEqualTo(5);
    assertThat(proxy.metric("strangler_shedding{signal=\"event-loop-lag\"}")).isEqualTo(1);

    proxyVertx.cancelTimer(busyTimer);
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().laggingLoops() == 0);

    for (int i = 0; i < 10; i++) {
      assertThat(OnVertx.await(vertx, () -> proxy.get("/on-time")).status()).isEqualTo(200);
    }
  }

  /** Keeps the calling thread busy for {@code time}, as CPU-heavy work on the event loop would. */
  private static void spin(Duration time) {
    long until = System.nanoTime() + time.toNanos();
    long sink = 0;
    while (System.nanoTime() < until) {
      sink += System.nanoTime() % 7;
    }
    if (sink == 42) {
      System.out.print(""); // keeps the loop from being optimised away
    }
  }
}
