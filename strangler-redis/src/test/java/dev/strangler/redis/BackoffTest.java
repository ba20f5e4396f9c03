package dev.strangler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesEachDelayUpToTheCapAndStartsOverAfterASuccess() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(new long[] {backoff.nextDelayMillis(), backoff.nextDelayMillis(), backoff.nextDelayMillis(),
        backoff.nextDelayMillis(), backoff.nextDelayMillis()}).containsExactly(100, 200, 400, 500, 500);
    backoff.reset();
    assertThat(backoff.nextDelayMillis()).isEqualTo(100);
  }

  @Test
  void refusesACapBelowTheFirstDelay() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 < first <= max");
  }
}
