package dev.strangler.relay.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's meters (Prometheus names): {@code relay_events_published_total}, {@code _duplicate_total},
 * {@code _late_total}, {@code relay_publish_rate} (events/s over the last 10 s), {@code relay_batch_seconds},
 * {@code relay_event_age_seconds} (occurred_at to appended), {@code relay_lag_seconds} (oldest unpublished
 * row), {@code relay_stream_length{stream}}, {@code relay_stream_cap}, {@code relay_backpressure},
 * {@code relay_leader}, {@code relay_fencing_token}, {@code relay_fenced_total}, {@code relay_gaps_skipped_total},
 * {@code relay_gap_blocked_seconds}, {@code relay_errors_total}, {@code relay_lost_tails_total},
 * {@code relay_lost_sequences_total}, {@code relay_events_republished_total}, {@code relay_tail_repair_seconds},
 * {@code relay_replica_ack_short_total}.
 */
public final class RelayMetrics {

  private final MeterRegistry registry;
  private final Counter published;
  private final Counter duplicates;
  private final Counter late;
  private final Counter fenced;
  private final Counter gapsSkipped;
  private final Counter errors;
  private final Counter lostTails;
  private final Counter lostEvents;
  private final Counter republished;
  private final Timer repair;
  private final Counter replicaAckShort;
  private final Timer batch;
  private final Timer eventAge;
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong gapBlockedMillis = new AtomicLong();
  private final AtomicLong backpressure = new AtomicLong();
  private final AtomicLong leader = new AtomicLong();
  private final AtomicLong token = new AtomicLong();
  private final Map<String, AtomicLong> lengths = new ConcurrentHashMap<>();
  private final PublishRate rate = new PublishRate(10);

  public RelayMetrics(MeterRegistry registry, long streamCap) {
    this.registry = registry;
    published = Counter.builder("relay.events.published").description("Events appended to a stream").register(registry);
    duplicates = Counter.builder("relay.events.duplicate").description("Re-published rows Redis already held").register(registry);
    late = Counter.builder("relay.events.late").description("Rows that committed after their gap was passed (in :late)").register(registry);
    fenced = Counter.builder("relay.fenced").description("Writes refused because the lease had moved on").register(registry);
    gapsSkipped = Counter.builder("relay.gaps.skipped").description("Sequence gaps passed as permanent").register(registry);
    errors = Counter.builder("relay.errors").description("Iterations failed on the database or Redis").register(registry);
    lostTails = Counter.builder("relay.lost.tails").description("Times Redis was found holding less than the relay appended").register(registry);
    lostEvents = Counter.builder("relay.lost.sequences").description("Sequences above Redis's position when a lost tail was found").register(registry);
    republished = Counter.builder("relay.events.republished").description("Events appended again after Redis lost them").register(registry);
    repair = Timer.builder("relay.tail.repair").description("A lost tail found to all of it appended again").register(registry);
    replicaAckShort = Counter.builder("relay.replica.ack.short").description("Appends fewer replicas acknowledged in time than asked").register(registry);
    batch = Timer.builder("relay.batch").description("Read, append and mark of one batch").publishPercentileHistogram().register(registry);
    eventAge = Timer.builder("relay.event.age").description("occurred_at to appended").publishPercentileHistogram().register(registry);
    Gauge.builder("relay.lag", lagMillis, v -> v.get() / 1000.0).baseUnit("seconds").description("Age of the oldest unpublished row").register(registry);
    Gauge.builder("relay.gap.blocked", gapBlockedMillis, v -> v.get() / 1000.0).baseUnit("seconds").description("Age of the gap holding publishing back").register(registry);
    Gauge.builder("relay.backpressure", backpressure, AtomicLong::get).description("1 while a stream is at its cap").register(registry);
    Gauge.builder("relay.leader", leader, AtomicLong::get).description("1 while this instance holds the lease").register(registry);
    Gauge.builder("relay.fencing.token", token, AtomicLong::get).description("Fencing token of the lease held").register(registry);
    Gauge.builder("relay.stream.cap", () -> streamCap).description("Stream length that stops the relay").register(registry);
    Gauge.builder("relay.publish.rate", rate, PublishRate::perSecond).description("Events appended per second, last 10 s").register(registry);
  }

  public void batch(Duration took, long appended, long duplicate, long lateRows) {
    batch.record(took);
    published.increment(appended);
    duplicates.increment(duplicate);
    late.increment(lateRows);
    rate.add(appended);
  }

  /** Redis lost a tail of {@code sequences} sequences (0: all of its data). */
  public void lostTail(long sequences) {
    lostTails.increment();
    lostEvents.increment(sequences);
  }

  public void republished(long events) {
    republished.increment(events);
    rate.add(events);
  }

  public void replicaAckShort() {
    replicaAckShort.increment();
  }

  public void repaired(Duration took) {
    repair.record(took);
  }

  public void eventAge(Duration age) {
    eventAge.record(age.isNegative() ? Duration.ZERO : age);
  }

  public void lag(Duration age) {
    lagMillis.set(Math.max(0, age.toMillis()));
  }

  public void gapBlocked(Duration age) {
    gapBlockedMillis.set(age.toMillis());
  }

  public void gapsSkipped(int count) {
    gapsSkipped.increment(count);
  }

  public void backpressure(boolean on) {
    backpressure.set(on ? 1 : 0);
  }

  public void leader(long fencingToken) {
    leader.set(fencingToken > 0 ? 1 : 0);
    if (fencingToken > 0) {
      token.set(fencingToken);
    }
  }

  public void fenced() {
    fenced.increment();
  }

  public void error() {
    errors.increment();
  }

  public void streamLength(String stream, long length) {
    lengths.computeIfAbsent(stream, s -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("relay.stream.length", value, AtomicLong::get).tag("stream", s).description("Entries in the stream").register(registry);
      return value;
    }).set(length);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
