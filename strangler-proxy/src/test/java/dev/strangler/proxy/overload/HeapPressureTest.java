package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPressureTest {

  private final HeapPressure heap = new HeapPressure(90, 80, 1000);

  @Test
  void aCollectionThatLeavesTheHeapAtTheThresholdTurnsPressureOn() {
    heap.reading(0.89);
    assertThat(heap.pressed()).isFalse();

    heap.reading(0.90);

    assertThat(heap.pressed()).isTrue();
    assertThat(heap.afterGc()).isEqualTo(0.90);
  }

  @Test
  void pressureStaysOnUntilACollectionLeavesLessThanTheRecoveryShare() {
    heap.reading(0.95);
    heap.reading(0.85);
    heap.reading(0.80);
    assertThat(heap.pressed()).isTrue();

    heap.reading(0.79);

    assertThat(heap.pressed()).isFalse();
  }

  @Test
  void offIsNeverPressed() {
    assertThat(HeapPressure.OFF.pressed()).isFalse();
    assertThat(OverloadOptions.defaults().withHeap(0, 80).heapShedding()).isFalse();
  }

  @Test
  void theDefaultInFlightCapFollowsTheHeapWithinItsBounds() {
    assertThat(OverloadOptions.defaultMaxInFlight(384L * 1024 * 1024)).isEqualTo(1536);
    assertThat(OverloadOptions.defaultMaxInFlight(8L * 1024 * 1024)).isEqualTo(OverloadOptions.MIN_DEFAULT_MAX_IN_FLIGHT);
    assertThat(OverloadOptions.defaultMaxInFlight(64L * 1024 * 1024 * 1024)).isEqualTo(OverloadOptions.MAX_DEFAULT_MAX_IN_FLIGHT);
  }
}
