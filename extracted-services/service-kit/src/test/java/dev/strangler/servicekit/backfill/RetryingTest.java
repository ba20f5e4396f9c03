package dev.strangler.servicekit.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetryingTest {

  @Test
  void aFailingTaskIsRetriedWithDoublingWaitsUpToTheMaximumUntilItSucceeds(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    List<Long> startedAt = new CopyOnWriteArrayList<>();
    Retrying<String> retrying = new Retrying<>(vertx, "task", Duration.ofMillis(20), Duration.ofMillis(40), () -> {
      startedAt.add(System.nanoTime());
      return attempts.incrementAndGet() < 5 ? Future.failedFuture("not yet") : Future.succeededFuture("done");
    });

    String result = OnVertx.await(vertx, retrying::start);

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(5);
    List<Long> waits = List.of(startedAt.get(1) - startedAt.get(0), startedAt.get(2) - startedAt.get(1),
        startedAt.get(3) - startedAt.get(2), startedAt.get(4) - startedAt.get(3));
    assertThat(waits).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(19).toNanos()));
    assertThat(waits.get(1)).as("doubled").isGreaterThanOrEqualTo(Duration.ofMillis(39).toNanos());
  }

  @Test
  void aStopEndsTheRetriesAndFailsTheResult(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    Retrying<String> retrying = new Retrying<>(vertx, "task", Duration.ofMillis(10), Duration.ofMillis(10), () -> {
      attempts.incrementAndGet();
      return Future.failedFuture("down");
    });
    Future<String> result = retrying.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);

    retrying.stop();
    int afterStop = attempts.get();

    assertThatThrownBy(() -> OnVertx.await(vertx, () -> result)).hasMessageContaining("task: stopped");
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == afterStop);
  }

  @Test
  void delaysMustBePositiveAndTheMaximumNoShorterThanTheFirst(Vertx vertx) {
    assertThatThrownBy(() -> new Retrying<>(vertx, "t", Duration.ZERO, Duration.ofSeconds(1), Future::succeededFuture))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Retrying<>(vertx, "t", Duration.ofSeconds(2), Duration.ofSeconds(1), Future::succeededFuture))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
