package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LagSheddingTest {

  private static final long MS = 1_000_000;

  private final LagShedding lag = new LagShedding(200 * MS, 50 * MS, 50, 2, 5, "test");

  @Test
  void oneLateReadingDoesNotStartShedding() {
    lag.accept(900 * MS);
    lag.accept(10 * MS);
    lag.accept(900 * MS);

    assertThat(lag.shedding()).isFalse();
    assertThat(lag.shedNext()).isFalse();
  }

  @Test
  void twoLateReadingsInARowStartShedding() {
    lag.accept(250 * MS);
    lag.accept(200 * MS);

    assertThat(lag.shedding()).isTrue();
  }

  @Test
  void whileSheddingExactlyThePercentOfEveryHundredRequestsIsShedEvenlyApart() {
    LagShedding thirty = new LagShedding(200 * MS, 50 * MS, 30, 1, 5, "test");
    thirty.accept(300 * MS);

    long shed = IntStream.range(0, 100).filter(i -> thirty.shedNext()).count();
    long inFirstTen = IntStream.range(0, 10).filter(i -> thirty.shedNext()).count();

    assertThat(shed).isEqualTo(30);
    assertThat(inFirstTen).isEqualTo(3);
  }

  @Test
  void sheddingStopsOnlyAfterFiveCalmReadingsInARowUnderTheRecoveryLag() {
    lag.accept(300 * MS);
    lag.accept(300 * MS);
    for (int i = 0; i < 4; i++) {
      lag.accept(10 * MS);
    }
    lag.accept(100 * MS); // under the threshold but over the recovery lag: not calm, the count starts again
    for (int i = 0; i < 4; i++) {
      lag.accept(10 * MS);
    }
    assertThat(lag.shedding()).isTrue();

    lag.accept(10 * MS);

    assertThat(lag.shedding()).isFalse();
    assertThat(lag.shedNext()).isFalse();
  }

  @Test
  void offNeverSheds() {
    LagShedding.OFF.accept(10_000 * MS);
    LagShedding.OFF.accept(10_000 * MS);

    assertThat(LagShedding.OFF.shedding()).isFalse();
  }
}
