package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.route.BackendDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackendsTest {

  private static final URI A = URI.create("http://127.0.0.1:1001");
  private static final URI B = URI.create("http://127.0.0.1:1002");
  private static final BackendDefinition CATALOG = BackendDefinition.of(A.toString(), B.toString());

  private final AtomicLong now = new AtomicLong();
  private final Backends backends = new Backends(DiscoveredBackends.NONE, now::get, ForwardingEvents.NONE);

  @Test
  void candidatesRotateRoundRobinWithTheOthersAsFallbacks() {
    assertThat(backends.candidates("catalog", CATALOG)).containsExactly(A, B);
    assertThat(backends.candidates("catalog", CATALOG)).containsExactly(B, A);
    assertThat(backends.candidates("catalog", CATALOG)).containsExactly(A, B);
  }

  @Test
  void threeFailuresInARowEjectAnInstanceForASecond() {
    backends.failed("catalog", A);
    backends.failed("catalog", A);
    assertThat(backends.isEjected(A)).isFalse();

    backends.failed("catalog", A);

    assertThat(backends.isEjected(A)).isTrue();
    assertThat(backends.candidates("catalog", CATALOG)).containsExactly(B);
    now.addAndGet(Duration.ofMillis(1001).toNanos());
    assertThat(backends.isEjected(A)).isFalse();
  }

  @Test
  void eachEjectionDoublesUpToThirtySeconds() {
    for (int ejection = 1; ejection <= 7; ejection++) {
      backends.failed("catalog", A);
      backends.failed("catalog", A);
      backends.failed("catalog", A);
      long expected = Math.min(1L << (ejection - 1), 30) * 1_000_000_000L;
      now.addAndGet(expected - 1);
      assertThat(backends.isEjected(A)).as("still out just before %d s", expected / 1_000_000_000L).isTrue();
      now.addAndGet(1);
      assertThat(backends.isEjected(A)).isFalse();
    }
  }

  @Test
  void aSuccessResetsTheCount() {
    backends.failed("catalog", A);
    backends.failed("catalog", A);
    backends.succeeded(A);
    backends.failed("catalog", A);
    backends.failed("catalog", A);

    assertThat(backends.isEjected(A)).isFalse();
  }

  @Test
  void theLastHealthyInstanceIsNeverLeftOut() {
    for (int i = 0; i < 3; i++) {
      backends.failed("catalog", A);
      backends.failed("catalog", B);
    }

    assertThat(backends.isEjected(A)).isTrue();
    assertThat(backends.isEjected(B)).isTrue();
    assertThat(backends.candidates("catalog", CATALOG)).containsExactlyInAnyOrder(A, B);
  }
}
