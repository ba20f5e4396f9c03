package dev.strangler.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;

/** Measures how long a component takes to work again after a fault, retrying an operation until it succeeds. */
public final class Recovery {

  private Recovery() {}

  /**
   * Runs {@code fault}, then {@code operation} until it passes (failures and exceptions are retried every 50 ms), and
   * returns the time from the fault to the first success; fails when that takes longer than {@code within}. The figure
   * is printed as {@code [recovery] <what>: <ms> ms}, so test reports keep it.
   */
  public static Duration after(String what, Runnable fault, ThrowingRunnable operation, Duration within) {
    fault.run();
    long start = System.nanoTime();
    await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .untilAsserted(operation);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("[recovery] " + what + ": " + took.toMillis() + " ms");
    return took;
  }
}
