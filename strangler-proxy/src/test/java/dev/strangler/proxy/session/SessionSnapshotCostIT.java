package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session snapshot costs the primary: the same sandboxed route with and without {@code sandboxSession}, a few
 * thousand sequential requests each, timed at the client. The figures are logged, not asserted (timing on a shared
 * machine is no test); the test asserts every request was served and every snapshot route's copy carried one.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class SessionSnapshotCostIT {

  private static final Logger LOG = LoggerFactory.getLogger(SessionSnapshotCostIT.class);
  private static final int WARM_UP = 500;
  private static final int REQUESTS = 3000;
  private SnapshotProxy proxy;

  @AfterEach
  void stop() {
    proxy.stop();
  }

  @Test
  void theSnapshotCostsThePrimaryOneRedisReadMeasuredHere(Vertx vertx, RedisNamespace ns) {
    proxy = new SnapshotProxy(vertx, ns.endpoint(), SpringSessions.namespace(ns));
    SpringSessions sessions = SpringSessions.of(ns);
    // The two routes differ only in the snapshot: neither's monolith stand-in touches Redis.
    String[] ids = new String[WARM_UP + REQUESTS];
    Arrays.setAll(ids, i -> sessions.loggedInWithCart(i + 1, "c@acme.test", "{\"ACME-00001\":2}"));
    for (int i = 0; i < WARM_UP; i++) {
      proxy.post("/api/snap", ids[i]);
      proxy.post("/api/quick", ids[i]);
    }
    long[] with = new long[REQUESTS];
    long[] without = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) { // interleaved, so both see the same machine
      long start = System.nanoTime();
      assertThat(proxy.post("/api/snap", ids[WARM_UP + i]).status()).isEqualTo(200);
      with[i] = System.nanoTime() - start;
      start = System.nanoTime();
      assertThat(proxy.post("/api/quick", ids[WARM_UP + i]).status()).isEqualTo(200);
      without[i] = System.nanoTime() - start;
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.candidate.requests() == 2 * (WARM_UP + REQUESTS));
    assertThat(proxy.drops.all()).isZero();
    Arrays.sort(with);
    Arrays.sort(without);
    LOG.info("session snapshot cost over {} requests: with p50 {} us p99 {} us; without p50 {} us p99 {} us;"
            + " extra p50 {} us p99 {} us", REQUESTS, micros(with, 50), micros(with, 99), micros(without, 50),
        micros(without, 99), micros(with, 50) - micros(without, 50), micros(with, 99) - micros(without, 99));
  }

  private static long micros(long[] sorted, int percentile) {
    return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1000;
  }
}
