package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which requests are copied, and what happens to comparisons past the queue's bound. */
class SamplingAndCompareQueueTest {

  @Test
  void zeroPercentCopiesNothingAndAHundredCopiesEverything() {
    assertThat(IntStream.range(0, 10_000).filter(i -> ShadowStep.sampled(0))).isEmpty();
    assertThat(IntStream.range(0, 10_000).filter(i -> ShadowStep.sampled(100)).count()).isEqualTo(10_000);
  }

  @Test
  void aPercentCopiesAboutThatShareDrawnPerRequest() {
    long copied = IntStream.range(0, 10_000).filter(i -> ShadowStep.sampled(25)).count();

    assertThat(copied).isBetween(2_000L, 3_000L); // 25 % of 10 000, sigma about 43
  }

  @Test
  void comparisonsPastTheQueueAreRefusedAndTheQueuedOnesAllComplete() {
    Vertx vertx = Vertx.vertx();
    try {
      CompareWorker worker = new CompareWorker(new ShadowOptions(1, Duration.ofSeconds(1), 1, 1, ShadowOptions.DEFAULT_RULES,
          "test"));
      Answer json = new Answer(200, Map.of("Content-Type", List.of("application/json")),
          ("{\"items\":[" + "1,".repeat(20_000) + "1]}").getBytes(), null, 1);
      AtomicInteger done = new AtomicInteger();
      int refused = 0;
      int queued = 0;
      for (int i = 0; i < 200; i++) {
        if (worker.submit(new CompareWorker.Job("r", json, json, null), vertx.getOrCreateContext(), c -> done.incrementAndGet())) {
          queued++;
        } else {
          refused++;
        }
      }

      assertThat(refused).as("one thread and a queue of one can't take 200 at once").isPositive();
      int accepted = queued;
      await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == accepted);
      worker.close();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aSideWithoutAnAnswerIsSkippedSayingWhich() {
    CompareWorker worker = new CompareWorker(ShadowOptions.DEFAULTS);
    Answer ok = new Answer(200, Map.of(), new byte[0], null, 1);
    Answer refused = Answer.failed(0, "ConnectException: refused", 1);

    Comparison candidateDown = worker.compare(new CompareWorker.Job("r", ok, refused, null));
    Comparison legacyDown = worker.compare(new CompareWorker.Job("r", refused, ok, null));
    Comparison againDown = worker.compare(new CompareWorker.Job("r", ok, ok, refused));

    assertThat(candidateDown.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
    assertThat(candidateDown.skipReason()).isEqualTo("candidate has no usable answer: ConnectException: refused");
    assertThat(legacyDown.skipReason()).isEqualTo("legacy has no usable answer: ConnectException: refused");
    assertThat(againDown.outcome()).as("a failed second legacy call only means no noise learned").isEqualTo(Comparison.Outcome.MATCH);
    worker.close();
  }

  @Test
  void noiseLegacyShowedOnOneRequestOfARouteIsNotBlamedOnTheCandidateInAnotherWithoutASecondLegacyAnswer() {
    CompareWorker worker = new CompareWorker(ShadowOptions.DEFAULTS);
    java.util.function.Function<String, Answer> json = body -> new Answer(200,
        Map.of("Content-Type", java.util.List.of("application/json")), body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null, 1);

    Comparison before = worker.compare(new CompareWorker.Job("r", json.apply("{\"generatedAt\":\"t1\",\"p\":1}"),
        json.apply("{\"generatedAt\":\"t9\",\"p\":1}"), null));
    Comparison learning = worker.compare(new CompareWorker.Job("r", json.apply("{\"generatedAt\":\"t2\",\"p\":1}"),
        json.apply("{\"generatedAt\":\"t9\",\"p\":1}"), json.apply("{\"generatedAt\":\"t3\",\"p\":1}")));
    Comparison after = worker.compare(new CompareWorker.Job("r", json.apply("{\"generatedAt\":\"t4\",\"p\":1}"),
        json.apply("{\"generatedAt\":\"t9\",\"p\":2}"), null));

    assertThat(before.outcome()).as("nothing learned yet").isEqualTo(Comparison.Outcome.MISMATCH);
    assertThat(learning.outcome()).isEqualTo(Comparison.Outcome.MATCH);
    assertThat(after.mismatches()).extracting(Difference::path).as("the route's noise learned, the real difference kept")
        .containsExactly("/p");
    worker.close();
  }
}
