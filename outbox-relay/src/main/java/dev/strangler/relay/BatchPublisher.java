package dev.strangler.relay;

import dev.strangler.relay.observe.RelayMetrics;
import dev.strangler.relay.outbox.GapTracker;
import dev.strangler.relay.outbox.OutboxRow;
import dev.strangler.relay.outbox.OutboxStore;
import dev.strangler.relay.redis.RelayKeys;
import dev.strangler.relay.redis.Retention;
import dev.strangler.relay.redis.RolledBackException;
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
 * append it under the lease, then mark it published; trim streams below their safe trim point; re-publish a tail
 * Redis lost (a failover to a replica that had not received it) before anything else.
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
  /** The position Redis must hold at least: what this leader found there or appended since; -1 when unknown. */
  private long confirmed = -1;
  /** While a lost tail is being re-published: the last sequence back in Redis, and the last to re-publish. */
  private long repairedUpTo;
  private OptionalLong repairTo = OptionalLong.empty();
  private Instant repairStarted;
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
    long held = appender.position();
    long position = Math.max(held, marked.orElse(-1));
    lastAppended = position >= 0 ? OptionalLong.of(position) : OptionalLong.empty();
    // Rows appended but not yet marked all lie above the last marked one: trimming stays below it.
    firstUnmarked = marked.orElse(0) + 1;
    retention.discover();
    LOG.info("leading from sequence {} (last marked published: {})", position < 0 ? "none yet" : position,
        marked.isPresent() ? marked.getAsLong() : "none");
    repairTo = OptionalLong.empty();
    confirmed = held;
    if (held >= 0 && marked.orElse(-1) > held) {
      lost(OptionalLong.of(held));
    }
  }

  /**
   * Compares Redis's position with the one this leader reached (one GET): a lower one means Redis lost a tail, which
   * is then re-published before anything else. Called periodically, so a loss is repaired while nothing is written.
   */
  void verifyPosition() throws SQLException {
    if (confirmed < 0 || repairTo.isPresent()) {
      return;
    }
    long held = appender.position();
    if (held < confirmed) {
      lost(held < 0 ? OptionalLong.empty() : OptionalLong.of(held));
    }
  }

  /**
   * Redis holds {@code held}, below what the relay appended: entries above it are gone (a failover promoted a replica
   * that had not received them) while the outbox says they are published. Plans their re-publishing from the outbox:
   * every row above {@code held} up to the last one marked. Nothing at or below {@code held} is re-published: it
   * is still in its stream, or was trimmed there (trims only remove entries below what consumers acknowledged).
   */
  private void lost(OptionalLong held) throws SQLException {
    OptionalLong marked = store.maxPublished();
    if (held.isEmpty()) {
      // Every key is gone, consumer groups included: a restart without persistence, not a failover. Re-publishing
      // the whole history nobody asked for again is not the relay's call (see the README's Guarantees).
      LOG.error("Redis no longer holds the relay's position (its data was lost: a restart without persistence?);"
          + " rows marked published up to {} are not re-published", marked.isPresent() ? marked.getAsLong() : "none");
      metrics.lostTail(0);
      confirmed = -1;
      return;
    }
    long from = held.getAsLong();
    long to = Math.max(from, Math.max(marked.orElse(-1), lastAppended.orElse(-1)));
    confirmed = from;
    metrics.lostTail(to - from);
    if (to == from) {
      return;
    }
    LOG.warn("LOST TAIL: Redis holds relay position {} but the relay had appended up to {} (a failover to a replica"
        + " that had not received them?); re-publishing sequences {}..{} from the outbox", from, to, from + 1, to);
    repairedUpTo = from;
    repairTo = OptionalLong.of(to);
    repairStarted = clock.instant();
  }

  /** Re-publishes one batch of the lost tail, in sequence order, under the lease; the normal path waits until it is done. */
  private Outcome repair(String leaseValue) throws SQLException {
    long to = repairTo.getAsLong();
    List<OutboxRow> rows = store.range(repairedUpTo, to, options.batchSize());
    StreamAppender.Result result = rows.isEmpty() ? new StreamAppender.Result(List.of()) : appendChecked(rows, leaseValue);
    if (result == null) {
      return Outcome.MORE;
    }
    List<OutboxRow> handled = rows.subList(0, result.handled());
    // Rows of the range still unmarked (committed after their gap was passed) are in a stream now: mark them too.
    store.markPublished(handled.stream().map(OutboxRow::sequence).toList());
    metrics.republished(result.count(Status.APPENDED));
    if (!handled.isEmpty()) {
      repairedUpTo = handled.get(handled.size() - 1).sequence();
    }
    if (result.handled() < rows.size()) {
      backpressure(true, rows.get(result.handled()));
      return Outcome.BACKPRESSURED;
    }
    if (rows.size() < options.batchSize() || repairedUpTo >= to) {
      Duration took = Duration.between(repairStarted, clock.instant());
      metrics.repaired(took);
      LOG.warn("lost tail repaired: sequences up to {} are in their streams again ({} ms)", to, took.toMillis());
      repairTo = OptionalLong.empty();
    }
    return Outcome.MORE;
  }

  /** Appends under the lease, checking Redis still holds what this leader confirmed; null when it lost a tail (now planned for repair). */
  private StreamAppender.Result appendChecked(List<OutboxRow> rows, String leaseValue) throws SQLException {
    try {
      StreamAppender.Result result = appender.append(rows, leaseValue, confirmed);
      if (result.replicasAcked() >= 0 && result.replicasAcked() < options.replicaAcks()) {
        metrics.replicaAckShort();
      }
      for (int i = 0; i < result.handled(); i++) {
        confirmed = Math.max(confirmed, rows.get(i).sequence());
      }
      return result;
    } catch (RolledBackException e) {
      lost(e.held());
      return null;
    }
  }

  Outcome publishBatch(String leaseValue) throws SQLException, InterruptedException {
    if (repairTo.isPresent()) {
      return repair(leaseValue);
    }
    Instant started = clock.instant();
    gaps.beforeRead(); // whether gaps' transactions have ended, read before the rows: a commit in between is then seen
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
    StreamAppender.Result result = appendChecked(plan.rows(), leaseValue);
    if (result == null) {
      return Outcome.MORE;
    }
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
