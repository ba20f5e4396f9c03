package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
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
 * While the heap stays nearly full after garbage collection, every new request is shed; once a collection frees it, they
 * are served again. Runs in the small-heap JVM (-Xmx96m, see the pom) and fills its heap for real with live ballast.
 */
@ExtendWith(VertxExtension.class)
class HeapSheddingIT {

  private static final int THRESHOLD = 60;
  private static final int RECOVERY = 45;
  private static final int CHUNK = 256 * 1024;

  private HeldBackend backend;
  private OverloadedProxy proxy;
  private List<byte[]> ballast = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    backend = HeldBackend.start(vertx, "legacy");
    backend.releaseAll();
    proxy = OverloadedProxy.inFrontOf(vertx, backend, OverloadedProxy.WITHOUT_LAG.withHeap(THRESHOLD, RECOVERY), 1);
  }

  @AfterEach
  void stop() {
    ballast = null;
    proxy.stop();
  }

  @Test
  void aHeapFullAfterCollectionShedsEveryNewRequestUntilACollectionFreesIt(Vertx vertx) {
    Runtime runtime = Runtime.getRuntime();
    assertThat(runtime.maxMemory()).as("run with a small heap").isLessThan(256L * 1024 * 1024);
    System.gc();
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().heapAfterGc() > 0);
    assertThat(proxy.overload().heapAfterGc()).as("the heap before the ballast").isLessThan(RECOVERY / 100.0);
    assertThat(OnVertx.await(vertx, () -> proxy.get("/before")).status()).isEqualTo(200);

    // Live ballast to a little over the threshold, measured from what survives a full collection now (System.gc() is one).
    System.gc();
    long live = runtime.totalMemory() - runtime.freeMemory();
    long needed = runtime.maxMemory() * (THRESHOLD + 10) / 100 - live; // leaves 30 % of the heap for the proxy
    for (long kept = 0; kept < needed; kept += CHUNK) {
      ballast.add(new byte[CHUNK]);
    }
    System.gc();
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.overload().heapPressed());

    for (int i = 0; i < 5; i++) {
      OverloadedProxy.Reply reply = OnVertx.await(vertx, () -> proxy.get("/full"));
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.retryAfter()).isEqualTo("1");
      assertThat(new JsonObject(reply.body()).getString("detail")).startsWith("the proxy is short of memory");
    }
    assertThat(backend.total()).isEqualTo(1);
    assertThat(proxy.metric("strangler_shed_total{backend=\"legacy\",reason=\"heap-pressure\",route=\"everything\"}"))
        .isEqualTo(5);
    assertThat(proxy.metric("strangler_shedding{signal=\"heap-pressure\"}")).isEqualTo(1);
    assertThat(proxy.overload().status().getJsonArray("shedding").getList()).containsExactly("heap-pressure");

    ballast.clear();
    System.gc();
    await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.overload().heapPressed());

    assertThat(OnVertx.await(vertx, () -> proxy.get("/freed")).status()).isEqualTo(200);
    assertThat(proxy.overload().status().getBoolean("overloaded")).isFalse();
  }
}
