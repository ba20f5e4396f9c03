package dev.strangler.proxy.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late an event loop runs a timer set on it: a blocked or overloaded loop shows up here first.
 * Started from a verticle, it probes that verticle's loop; exposed as
 * {@code strangler_event_loop_lag_seconds{loop="…"}}, the lag of the latest probe.
 */
public final class EventLoopLag {

  /** How often a loop is probed. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  private final Vertx vertx;
  private final long intervalNanos;
  private final AtomicLong lagNanos;
  private final java.util.function.LongConsumer readings;
  private long expected;
  private long timer;
  private boolean stopped;

  private EventLoopLag(Vertx vertx, Duration interval, AtomicLong lagNanos, java.util.function.LongConsumer readings) {
    this.vertx = vertx;
    this.intervalNanos = interval.toNanos();
    this.lagNanos = lagNanos;
    this.readings = readings;
  }

  /** Call on the event loop to probe (from a verticle's start). */
  public static EventLoopLag probe(Vertx vertx, MeterRegistry registry, String loop, Duration interval) {
    return probe(vertx, registry, loop, interval, lag -> { });
  }

  /** The same, also handing every reading (nanoseconds late) to {@code readings}, on the loop; {@code registry} may be null. */
  public static EventLoopLag probe(Vertx vertx, MeterRegistry registry, String loop, Duration interval,
                                   java.util.function.LongConsumer readings) {
    AtomicLong lagNanos = new AtomicLong();
    if (registry != null) {
      Gauge.builder("strangler_event_loop_lag_seconds", lagNanos, n -> n.get() / 1e9).tag("loop", loop).register(registry);
    }
    EventLoopLag probe = new EventLoopLag(vertx, interval, lagNanos, readings);
    probe.arm();
    return probe;
  }

  /**
   * One timer at a time, set again when it fires: a periodic timer fires at a fixed rate, so after a late run it catches up
   * at once and the next reading would say "on time" while the loop is still overloaded.
   */
  private void arm() {
    expected = System.nanoTime() + intervalNanos;
    timer = vertx.setTimer(intervalNanos / 1_000_000, id -> {
      long lag = Math.max(0, System.nanoTime() - expected);
      lagNanos.set(lag);
      readings.accept(lag);
      if (!stopped) {
        arm();
      }
    });
  }

  /** Call on the probed loop. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
