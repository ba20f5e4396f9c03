package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.Comparison;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.testsupport.FreePort;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A candidate whose every instance refuses connections: after a few failed connections copies to it rest for a
 * cool-down (each sampled request a CANDIDATE_DOWN drop, no connect attempt), and resume once it is back.
 */
@ExtendWith(VertxExtension.class)
class ShadowCandidateDownIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int MAX_FAILURES = 3;
  /** Long enough for a few requests on a busy machine while the breaker is open. */
  private static final Duration COOL_DOWN = Duration.ofSeconds(3);
  private ShadowProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop();
    }
  }

  @Test
  void copiesToACandidateRefusingConnectionsRestThenResumeOnceItIsBack(Vertx vertx) {
    FakeSide legacy = FakeSide.start(vertx);
    int candidatePort = FreePort.find();
    proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, candidate: {urls: ["http://127.0.0.1:%d"]}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            shadow: {learnNoise: false}
        """.formatted(legacy.url(), candidatePort),
        ShadowOptions.DEFAULTS.withCandidateBreaker(MAX_FAILURES, COOL_DOWN), null);

    for (int i = 1; i <= MAX_FAILURES; i++) {
      assertThat(proxy.get("/api/products/A").status()).isEqualTo(200);
      int copies = i;
      await().atMost(WAIT).until(() -> proxy.results.outcomes().size() == copies);
    }
    assertThat(proxy.results.outcomes()).allSatisfy(o -> assertThat(o.candidate().error()).contains("refused"));

    assertThat(proxy.get("/api/products/B").status()).isEqualTo(200);
    assertThat(proxy.get("/api/products/C").status()).isEqualTo(200);

    assertThat(proxy.results.dropped(DropReason.CANDIDATE_DOWN)).as("no copy while it rests").isEqualTo(2);
    assertThat(proxy.results.outcomes()).hasSize(MAX_FAILURES);
    assertThat(legacy.received()).as("the client is served throughout").hasSize(MAX_FAILURES + 2);

    FakeSide candidate = FakeSide.start(vertx, candidatePort);
    await().atMost(WAIT.plus(COOL_DOWN)).pollInterval(Duration.ofMillis(200)).until(() -> {
      proxy.get("/api/products/D");
      return !candidate.received().isEmpty();
    });
    await().atMost(WAIT).until(() -> proxy.results.outcomes().stream()
        .anyMatch(o -> o.comparison().outcome() == Comparison.Outcome.MATCH));
    assertThat(proxy.get("/api/products/E").status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> candidate.received().size() >= 2);
  }
}
