package dev.strangler.proxy.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The capture's Redis down or stuck never holds a client up: records are dropped and counted instead. */
@ExtendWith(VertxExtension.class)
class CaptureRedisDownIT {

  /** Long, so a client that waited for a write would be seen waiting. */
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

  private RedisServerProcess redis;
  private CaptureProxy proxy;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    redis = RedisServerProcess.start();
    CaptureBackend backend = CaptureBackend.start(vertx);
    proxy = CaptureProxy.start(vertx, dir, CaptureIT.TABLE.formatted(backend.url()), redis.endpoint().uri(), "down-test:",
        Map.of("STRANGLER_CAPTURE_TIMEOUT_MS", String.valueOf(WRITE_TIMEOUT.toMillis()),
            "STRANGLER_CAPTURE_MAX_PENDING", "2"));
    proxy.get("/api/products/first");
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.export("").size(), n -> n == 1);
  }

  @AfterEach
  void stop() {
    proxy.stop();
    redis.close();
  }

  @Test
  void aKilledRedisDropsRecordsAndCountsThemWhileRequestsAreServedAtOnce() {
    redis.kill();

    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      assertThat(proxy.get("/api/products/" + i).status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WRITE_TIMEOUT);
    }

    await().atMost(Duration.ofSeconds(10)).until(proxy::metrics,
        m -> m.contains("strangler_capture_dropped_total{reason=\"redis\",route=\"products\"}"));
    CaptureProxy.Reply export = proxy.admin(HttpMethod.GET, "/admin/capture", CaptureProxy.READER);
    assertThat(export.status()).isEqualTo(503);
    assertThat(export.text()).contains("the capture Redis did not answer");
  }

  @Test
  void aStuckRedisHoldsOnlyTheCappedNumberOfWritesAndTheRestAreDropped() {
    redis.pause();
    try {
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        assertThat(proxy.get("/api/products/" + i).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WRITE_TIMEOUT);
      }
      // The record is written (or dropped) once the answer's end is written, which the client may see first.
      await().atMost(Duration.ofSeconds(10)).until(proxy::metrics,
          m -> m.contains("strangler_capture_dropped_total{reason=\"backlog\",route=\"products\"} 8.0"));
    } finally {
      redis.resume();
    }
    await().atMost(Duration.ofSeconds(10)).until(proxy::metrics,
        m -> m.contains("strangler_capture_recorded_total{route=\"products\"} 3.0"));
    assertThat(proxy.export("")).hasSize(3);
  }
}
