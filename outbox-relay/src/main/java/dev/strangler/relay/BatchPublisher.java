package dev.strangler.relay;

import dev.strangler.relay.observe.RelayMetrics;
import dev.strangler.relay.outbox.GapTracker;
import dev.strangler.relay.outbox.OutboxRow;
import dev.strangler.relay.outbox.OutboxStore;
import dev.strangler.relay.redis.RelayKeys;
import dev.strangler.relay.redis.Retention;
import dev.strangler.relay.redis.StreamAppender;
import dev.strangler.relay.redis.StreamAppender.Status;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader's work, a batch at a time: read unpublished rows, keep to the prefix no gap holds back,
 * append it under the lease, then mark it published; trim streams below their safe trim point.
 */
final class BatchPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);

  /**
   * After a batch: rows were published (look again at once: under load the relay polls back to back
   * rather than wait for a notification), nothing to do, a gap holds every row back, or a stream is at its cap.
   */
  enum Outcome { MORE, IDLE, GAP, BACKPRESSURED }

  private final RelayOptions options;
  private final OutboxStore store;
  private final GapTracker gaps;
  private final StreamAppender appender;
  private final Retention retention;
  private final RelayKeys keys;
  private final RelayMetrics metrics;
  private final RelayHooks hooks;
  private final Clock clock;
  private OptionalLong lastAppended = OptionalLong.empty();
  private long firstUnmarked;
  private boolean backpressured;
  private Duration blockedFor = Duration.ZERO;

  BatchPublisher(RelayOptions options, OutboxStore store, GapTracker gaps, StreamAppender appender, Retention retention,
      RelayKeys keys, RelayMetrics metrics, RelayHooks hooks, Clock clock) {
    this.options = options;
    this.store = store;
    this.gaps = gaps;
    this.appender = appender;
    this.retention = retention;
    this.keys = keys;
    this.metrics = metrics;
    this.hooks = hooks;
    this.clock = clock;
  }

  /** A new leader picks up where any leader left off: Redis's position, else the last row marked published. */
  void resume() throws SQLException {
    OptionalLong marked = store.maxPublished();
    long position = Math.max(appender.position(), marked.orElse(-1));
    lastAppended = position >= 0 ? OptionalLong.of(position) : OptionalLong.empty();
    // Rows appended but not yet marked all lie above the last marked one: trimming stays below it.
    firstUnmarked = marked.orElse(0) + 1;
    retention.discover();
    LOG.info("leading from sequence {} (last marked published: {})", position < 0 ? "none yet" : position,
        marked.isPresent() ? marked.getAsLong() : "none");
  }

  Outcome publishBatch(String leaseValue) throws SQLException, InterruptedException {
    Instant started = clock.instant();
    List<OutboxRow> rows = store.unpublished(options.batchSize());
    metrics.lag(rows.isEmpty() ? Duration.ZERO : Duration.between(rows.get(0).occurredAt(), started));
    GapTracker.Plan plan = gaps.plan(rows, lastAppended);
    metrics.gapsSkipped(plan.gapsSkipped());
    metrics.gapBlocked(plan.blockedFor());
    blockedFor = plan.blockedFor();
    if (plan.rows().isEmpty()) {
      return backpressured ? Outcome.BACKPRESSURED : plan.rows().size() < rows.size() ? Outcome.GAP : Outcome.IDLE;
    }
    hooks.beforeAppend(plan.rows());
    StreamAppender.Result result = appender.append(plan.rows(), leaseValue);
    List<OutboxRow> handled = plan.rows().subList(0, result.handled());
    hooks.afterAppend(handled);
    Instant appended = clock.instant();
    for (OutboxRow row : handled) {
      retention.track(keys.stream(row.aggregateType()));
      long seq = row.sequence();
      lastAppended = OptionalLong.of(Math.max(seq, lastAppended.orElse(seq)));
    }
    for (int i = 0; i < handled.size(); i++) {
      if (result.statuses().get(i) == Status.APPENDED) {
        metrics.eventAge(Duration.between(handled.get(i).occurredAt(), appended));
      }
    }
    store.markPublished(handled.stream().map(OutboxRow::sequence).toList());
    if (!handled.isEmpty()) {
      firstUnmarked = Math.max(firstUnmarked, handled.get(handled.size() - 1).sequence() + 1);
    }
    metrics.batch(Duration.between(started, clock.instant()), result.count(Status.APPENDED), result.count(Status.DUPLICATE),
        result.count(Status.LATE));
    if (result.count(Status.LATE) > 0) {
      LOG.error("{} row(s) committed after their sequence gap was passed: copied to the streams' :late streams, not to"
          + " the streams themselves (see relay_events_late_total)", result.count(Status.LATE));
    }
    if (result.handled() < plan.rows().size()) {
      backpressure(true, plan.rows().get(result.handled()));
      return Outcome.BACKPRESSURED;
    }
    backpressure(false, null);
    return Outcome.MORE;
  }

  /** Trims every known stream below its safe trim point and reports the lengths. */
  void trim(String leaseValue) {
    for (var trim : retention.trimAll(leaseValue, firstUnmarked)) {
      metrics.streamLength(trim.stream(), trim.length());
      if (trim.trimmed() > 0) {
        LOG.debug("trimmed {} entries of {} below {}", trim.trimmed(), trim.stream(), trim.safePoint());
      }
    }
  }

  /** How long the gap holding rows back has been seen (zero when none). */
  Duration blockedFor() {
    return blockedFor;
  }

  boolean backpressured() {
    return backpressured;
  }

  private void backpressure(boolean on, OutboxRow blocked) {
    if (on && !backpressured) {
      LOG.warn("LAG ALARM: stream {} reached its cap of {} entries (kept until every consumer group acknowledges them,"
          + " or all while it has no group); publishing stops until consumers catch up, nothing is dropped",
          keys.stream(blocked.aggregateType()), options.streamCap());
    } else if (!on && backpressured) {
      LOG.info("consumers caught up: publishing again");
    }
    backpressured = on;
    metrics.backpressure(on);
  }
}
