package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.observe.LogLines;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The process's in-flight cap, over two event loops: past it a request is answered 503 with Retry-After at once, never
 * queued, and the backend never sees more requests at once than the cap.
 */
@ExtendWith(VertxExtension.class)
class InFlightCapIT {

  private static final int CAP = 4;

  private HeldBackend backend;
  private OverloadedProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    backend = HeldBackend.start(vertx, "legacy");
    proxy = OverloadedProxy.inFrontOf(vertx, backend, OverloadedProxy.WITHOUT_LAG.withMaxInFlight(CAP), 2);
  }

  @AfterEach
  void stop() {
    backend.releaseAll();
    proxy.stop();
  }

  @Test
  void requestsPastTheCapAreAnswered503AtOnceWhileTheAdmittedOnesWaitForTheBackend(Vertx vertx) {
    try (LogLines access = LogLines.access()) {
      List<Future<OverloadedProxy.Reply>> admitted = new ArrayList<>();
      for (int i = 0; i < CAP; i++) {
        admitted.add(started(vertx, "/held/" + i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.now() == CAP);

      // The backend holds every admitted request: these answers can only come from the proxy, without waiting for it.
      List<OverloadedProxy.Reply> shed = new ArrayList<>();
      for (int i = 0; i < 2 * CAP; i++) {
        shed.add(OnVertx.await(vertx, () -> proxy.get("/shed")));
      }

      assertThat(shed).allSatisfy(reply -> {
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.retryAfter()).isEqualTo("1");
        assertThat(reply.backend()).isEqualTo("proxy");
        JsonObject problem = new JsonObject(reply.body());
        assertThat(problem.getString("title")).isEqualTo("Service Unavailable");
        assertThat(problem.getString("detail")).contains("too many requests in flight");
        assertThat(reply.millis()).isLessThan(1_000);
      });
      assertThat(backend.total()).isEqualTo(CAP);
      assertThat(admitted).noneMatch(Future::isComplete);
      assertThat(proxy.metric("strangler_in_flight")).isEqualTo(CAP);
      assertThat(proxy.metric("strangler_shed_total{backend=\"legacy\",reason=\"in-flight-cap\",route=\"everything\"}"))
          .isEqualTo(2 * CAP);
      await().atMost(Duration.ofSeconds(5)).until(() -> access.lines().stream()
          .filter(l -> "in-flight-cap".equals(l.getString("shed"))).count() == 2 * CAP);
      assertThat(access.lines()).filteredOn(l -> "/shed".equals(l.getString("path")))
          .allSatisfy(l -> assertThat(l.getInteger("status")).isEqualTo(503));

      backend.releaseAll();
      assertThat(admitted).allSatisfy(f -> assertThat(OnVertx.await(vertx, () -> f).status()).isEqualTo(200));
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.overload().inFlight() == 0);
      assertThat(OnVertx.await(vertx, () -> proxy.get("/after")).status()).isEqualTo(200);
    }
  }

  @Test
  void theBackendNeverSeesMoreRequestsAtOnceThanTheCapUnderConcurrentClients(Vertx vertx) {
    backend.releaseAll(); // answers at once: clients keep the proxy at its cap, requests come and go
    int clients = 40;
    List<OverloadedProxy.Reply> replies = OnVertx.await(vertx, () -> {
      List<Future<OverloadedProxy.Reply>> all = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        all.add(proxy.get("/load/" + i));
      }
      return Future.all(all).map(f -> f.<OverloadedProxy.Reply>list());
    });

    assertThat(replies).extracting(OverloadedProxy.Reply::status).containsOnly(200, 503);
    assertThat(backend.most()).isLessThanOrEqualTo(CAP);
    long served = replies.stream().filter(r -> r.status() == 200).count();
    assertThat(backend.total()).isEqualTo((int) served);
    assertThat(proxy.metric("strangler_in_flight_max")).isEqualTo(CAP);
  }

  @Test
  void aClientThatLeavesGivesItsPlaceBack(Vertx vertx) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /leaving HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().inFlight() == 1);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().inFlight() == 0);
  }

  /** A request sent from a Vert.x context, not waited for. */
  private Future<OverloadedProxy.Reply> started(Vertx vertx, String path) {
    return OnVertx.await(vertx, () -> Future.succeededFuture(proxy.get(path)));
  }
}
