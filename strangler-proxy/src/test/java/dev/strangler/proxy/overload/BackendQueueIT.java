package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * The client's wait for a pooled backend connection is bounded: with every connection busy (or being opened) and the queue
 * full, a request is shed at once ({@code backend-queue}), and the backend is not blamed for it (no ejection).
 */
@ExtendWith(VertxExtension.class)
class BackendQueueIT {

  private static final int QUEUE = 2;
  private static final int CONNECTIONS = StranglerProxyVerticle.DEFAULT_POOL_SIZE;

  private HeldBackend backend;
  private OverloadedProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    backend = HeldBackend.start(vertx, "legacy");
    proxy = OverloadedProxy.inFrontOf(vertx, backend, OverloadedProxy.WITHOUT_LAG.withBackendQueue(QUEUE), 1);
  }

  @AfterEach
  void stop() {
    backend.releaseAll();
    proxy.stop();
  }

  @Test
  void pastThePoolAndItsQueueARequestIsShedAtOnceAndTheBackendIsNotBlamed(Vertx vertx) {
    List<Future<OverloadedProxy.Reply>> busy = send(vertx, CONNECTIONS, "/busy/");
    await().atMost(Duration.ofSeconds(20)).until(() -> backend.now() == CONNECTIONS);
    assertThat(busy).noneMatch(Future::isComplete);

    int extra = 4;
    List<Future<OverloadedProxy.Reply>> more = send(vertx, QUEUE + extra, "/more/");
    await().atMost(Duration.ofSeconds(10)).until(() -> more.stream().filter(Future::isComplete).count() == extra);
    List<Future<OverloadedProxy.Reply>> shed = more.stream().filter(Future::isComplete).toList();

    assertThat(shed).allSatisfy(f -> {
      OverloadedProxy.Reply reply = f.result();
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.retryAfter()).isEqualTo("1");
      assertThat(reply.millis()).isLessThan(1_000);
      assertThat(new JsonObject(reply.body()).getString("detail"))
          .isEqualTo("too many requests are waiting for a connection to the backend ('legacy'); retry after 1 s");
    });
    assertThat(proxy.metric("strangler_shed_total{backend=\"legacy\",reason=\"backend-queue\",route=\"everything\"}"))
        .isEqualTo(extra);
    assertThat(proxy.scrape()).doesNotContain("strangler_ejections_total");

    backend.releaseAll();
    List<Future<OverloadedProxy.Reply>> queued = more.stream().filter(f -> !shed.contains(f)).toList();
    assertThat(queued).hasSize(QUEUE);
    for (Future<OverloadedProxy.Reply> f : concat(busy, queued)) {
      assertThat(OnVertx.await(vertx, () -> f).status()).isEqualTo(200);
    }
    assertThat(backend.most()).isEqualTo(CONNECTIONS);
    assertThat(backend.total()).isEqualTo(CONNECTIONS + QUEUE);
  }

  private List<Future<OverloadedProxy.Reply>> send(Vertx vertx, int count, String prefix) {
    List<Future<OverloadedProxy.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = prefix + i;
      replies.add(OnVertx.await(vertx, () -> Future.succeededFuture(proxy.get(path))));
    }
    return replies;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
