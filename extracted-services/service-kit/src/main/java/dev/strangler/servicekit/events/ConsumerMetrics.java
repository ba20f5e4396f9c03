package dev.strangler.servicekit.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer's meters, tagged {@code stream}, {@code group}, {@code consumer}: counters of applied, skipped
 * (already applied or superseded by a later event of the aggregate), failed, dead-lettered and trimmed
 * (deleted from the stream while pending) events; gauges of the group's lag and pending count and the
 * stream's length, as last read with XINFO GROUPS / XLEN.
 */
final class ConsumerMetrics {

  static final String APPLIED = "strangler.events.applied";
  static final String SKIPPED = "strangler.events.skipped";
  static final String FAILED = "strangler.events.failed";
  static final String DEAD_LETTERED = "strangler.events.dead.lettered";
  static final String TRIMMED = "strangler.events.trimmed";
  static final String LAG = "strangler.events.lag";
  static final String PENDING = "strangler.events.pending";
  static final String LENGTH = "strangler.events.stream.length";

  private record PerStream(Counter applied, Counter skipped, Counter failed, Counter deadLettered, Counter trimmed,
      AtomicReference<Double> lag, AtomicReference<Double> pending, AtomicReference<Double> length) {}

  private final Map<String, PerStream> streams = new HashMap<>();

  ConsumerMetrics(MeterRegistry registry, EventConsumerOptions options) {
    for (String stream : options.streams()) {
      Tags tags = Tags.of("stream", stream, "group", options.group(), "consumer", options.consumer());
      PerStream m = new PerStream(registry.counter(APPLIED, tags), registry.counter(SKIPPED, tags), registry.counter(FAILED, tags),
          registry.counter(DEAD_LETTERED, tags), registry.counter(TRIMMED, tags),
          new AtomicReference<>(Double.NaN), new AtomicReference<>(Double.NaN), new AtomicReference<>(Double.NaN));
      for (var gauge : List.of(Map.entry(LAG, m.lag()), Map.entry(PENDING, m.pending()), Map.entry(LENGTH, m.length()))) {
        Gauge.builder(gauge.getKey(), gauge.getValue(), AtomicReference::get).tags(tags).register(registry);
      }
      streams.put(stream, m);
    }
  }

  void applied(String stream) {
    streams.get(stream).applied().increment();
  }

  void skipped(String stream) {
    streams.get(stream).skipped().increment();
  }

  void failed(String stream) {
    streams.get(stream).failed().increment();
  }

  void deadLettered(String stream) {
    streams.get(stream).deadLettered().increment();
  }

  void trimmed(String stream, int count) {
    streams.get(stream).trimmed().increment(count);
  }

  /** Null values (Redis can't always tell the lag) read as NaN. */
  void group(String stream, Long lag, Long pending, Long length) {
    PerStream m = streams.get(stream);
    m.lag().set(lag == null ? Double.NaN : lag.doubleValue());
    m.pending().set(pending == null ? Double.NaN : pending.doubleValue());
    m.length().set(length == null ? Double.NaN : length.doubleValue());
  }
}
