package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Test
  void everyLatencyFallsInABucketWhoseBoundsHoldIt() {
    for (long nanos : new long[] {1_500, 999_999, 1_000_000, 7_300_000, 250_000_000, TimeUnit.SECONDS.toNanos(30)}) {
      int bucket = LatencyBuckets.of(nanos);
      assertThat((double) nanos).as("%d ns", nanos).isGreaterThan(LatencyBuckets.lowerNanos(bucket))
          .isLessThanOrEqualTo(LatencyBuckets.upperNanos(bucket) * (1 + 1e-12));
    }
  }

  @Test
  void tinyAndHugeLatenciesGoToTheEndBuckets() {
    assertThat(LatencyBuckets.of(0)).isZero();
    assertThat(LatencyBuckets.of(800)).isZero();
    assertThat(LatencyBuckets.of(TimeUnit.HOURS.toNanos(2))).isEqualTo(LatencyBuckets.COUNT - 1);
  }

  @Test
  void aQuantileIsTheMiddleOfTheBucketItFallsIn() {
    long[] counts = new long[LatencyBuckets.COUNT];
    counts[LatencyBuckets.of(10_000_000)] = 90;
    counts[LatencyBuckets.of(500_000_000)] = 10;

    assertThat(LatencyBuckets.quantileNanos(counts, 0.5)).isBetween(10_000_000 / 1.19, 10_000_000 * 1.19);
    assertThat(LatencyBuckets.quantileNanos(counts, 0.9)).isBetween(10_000_000 / 1.19, 10_000_000 * 1.19);
    assertThat(LatencyBuckets.quantileNanos(counts, 0.91)).isBetween(500_000_000 / 1.19, 500_000_000 * 1.19);
  }

  @Test
  void noCountsNoQuantile() {
    assertThat(LatencyBuckets.quantileNanos(new long[LatencyBuckets.COUNT], 0.99)).isNaN();
  }
}
