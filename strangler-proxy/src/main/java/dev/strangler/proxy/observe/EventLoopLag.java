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
  private final long timer;

  private EventLoopLag(Vertx vertx, long timer) {
    this.vertx = vertx;
    this.timer = timer;
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
    long intervalNanos = interval.toNanos();
    long[] expected = {System.nanoTime() + intervalNanos};
    long timer = vertx.setPeriodic(interval.toMillis(), id -> {
      long now = System.nanoTime();
      long lag = Math.max(0, now - expected[0]);
      lagNanos.set(lag);
      expected[0] = now + intervalNanos;
      readings.accept(lag);
    });
    return new EventLoopLag(vertx, timer);
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
