package dev.strangler.proxy.shadow;

import dev.strangler.proxy.redis.BatchFlusher;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** One proxy instance's shadow results as ProxyApplication wires them: a recorder and its flusher, flushed on demand. */
final class RecordingInstance {

  /** Long enough that a test's flushes are its own. */
  static final Duration NEVER = Duration.ofHours(1);

  private final Vertx vertx;
  private final ShadowRecorder recorder;
  private final BatchFlusher flusher;
  private final String deployment;

  RecordingInstance(Vertx vertx, ShadowResultsOptions options, String instance, ShadowEvents events) {
    this.vertx = vertx;
    recorder = new ShadowRecorder(options, events);
    flusher = new BatchFlusher(ShadowBatch.flusherOptions(options), List.of(new ShadowBatch(recorder, options, instance)),
        Clock.systemUTC());
    deployment = vertx.deployVerticle(flusher, BatchFlusher.deployment()).await();
  }

  static RecordingInstance start(Vertx vertx, String redisUrl, String prefix, String instance) {
    return new RecordingInstance(vertx, ShadowResultsOptions.defaults(redisUrl).withKeyPrefix(prefix).withFlushInterval(NEVER),
        instance, ShadowEvents.NONE);
  }

  ShadowRecorder recorder() {
    return recorder;
  }

  /** Flushes until Redis has taken everything (a first connection may take longer than its bound on a busy machine). */
  void flush() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flusher.flushNow().await());
  }

  /** One flush, whatever happens to it. */
  boolean flushOnce() {
    return flusher.flushNow().await();
  }

  /** Undeploys, which flushes once more. */
  void stop() {
    vertx.undeploy(deployment).await();
  }
}
