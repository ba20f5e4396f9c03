package dev.strangler.relay.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how far the relay may publish past a gap in the sequence. An identity value is taken at
 * insert, not at commit, so row 10 may become visible after row 11; once 11 is in a stream, 10 could
 * never be appended there. A gap is passed only when it is permanent: older than the grace AND every
 * transaction that held an id once the grace was over had ended before the rows were read (PostgreSQL
 * snapshots, read by {@link #beforeRead()}: a transaction that commits between the read and the check
 * would otherwise look rolled back, and its row would come too late), or older than the maximum wait
 * (a long unrelated transaction must not stop the relay for ever).
 */
public final class GapTracker {

  private static final Logger LOG = LoggerFactory.getLogger(GapTracker.class);
  /** The key of the gap before the first row when nothing is known to have been published yet. */
  private static final long START = Long.MIN_VALUE;

  private final Duration grace;
  private final Duration maxWait;
  private final TransactionHorizon horizon;
  private final Clock clock;
  private final TreeMap<Long, Sighting> sightings = new TreeMap<>();
  /** The horizon mark taken during the current {@link #plan}, if one was needed. */
  private Long markNow;

  /** What may be published now, how many gaps were given up on, and the age of the gap holding the rest back. */
  public record Plan(List<OutboxRow> rows, int gapsSkipped, Duration blockedFor) {}

  /** A gap first seen at {@code seen}, reaching up to {@code upTo}. */
  private static final class Sighting {
    final Instant seen;
    final long upTo;
    Long mark;
    /** Whether every transaction below {@link #mark} had ended when the horizon was read before the latest rows. */
    boolean endedBeforeRead;

    Sighting(Instant seen, long upTo) {
      this.seen = seen;
      this.upTo = upTo;
    }
  }

  public GapTracker(Duration grace, Duration maxWait, TransactionHorizon horizon, Clock clock) {
    this.grace = Objects.requireNonNull(grace, "grace == null");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait == null");
    this.horizon = Objects.requireNonNull(horizon, "horizon == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Reads the transaction horizon for every gap that waits on it; call it before reading the rows given to the next
   * {@link #plan}. (No query while no gap waits.)
   */
  public void beforeRead() throws SQLException {
    Map<Long, Boolean> passed = new HashMap<>(); // gaps marked in one plan share their mark: one query for them all
    for (Sighting sighting : sightings.values()) {
      if (sighting.mark != null) {
        Boolean ended = passed.get(sighting.mark);
        if (ended == null) {
          ended = horizon.passed(sighting.mark);
          passed.put(sighting.mark, ended);
        }
        sighting.endedBeforeRead = ended;
      }
    }
  }

  /**
   * The prefix of {@code rows} (unpublished, in sequence order, read after {@link #beforeRead()}) that may go now, given the last
   * sequence already appended ({@code empty} when unknown). Rows at or below it go at once: they are
   * re-publishes after a crash (rejected by Redis as duplicates) or late rows (see the append script).
   */
  public Plan plan(List<OutboxRow> rows, OptionalLong lastAppended) throws SQLException {
    Instant now = clock.instant();
    markNow = null;
    List<OutboxRow> ready = new ArrayList<>(rows.size());
    long expected = lastAppended.isPresent() ? lastAppended.getAsLong() + 1 : START;
    forgetBehind(expected);
    Duration blocked = Duration.ZERO;
    int skipped = 0;
    boolean open = true;
    for (OutboxRow row : rows) {
      long seq = row.sequence();
      if (expected != START && seq < expected) {
        if (open) {
          ready.add(row);
        }
        continue;
      }
      // An identity starts at 1: nothing can be missing before it.
      if (seq != expected && !(expected == START && seq == 1)) {
        // Every gap in this batch is sighted now, so gaps behind the first one age in parallel.
        Sighting sighting = sighting(expected, seq - 1, now);
        if (open && permanent(sighting, now, expected, seq)) {
          sightings.values().remove(sighting);
          skipped++;
        } else if (open) {
          open = false;
          blocked = Duration.between(sighting.seen, now);
        } else {
          markIfDue(sighting, now); // so the gaps behind it can pass at the same poll as it
        }
      }
      if (open) {
        ready.add(row);
      }
      expected = seq + 1;
    }
    return new Plan(ready, skipped, blocked);
  }

  /** Forgets gaps filled or passed: those ending below {@code expected}. */
  private void forgetBehind(long expected) {
    sightings.headMap(expected, false).values().removeIf(s -> s.upTo < expected);
  }

  /** The gap from {@code from}: as first seen, also when seen as part of a wider gap that has partly filled since. */
  private Sighting sighting(long from, long upTo, Instant now) {
    var covering = sightings.floorEntry(from);
    if (covering != null && covering.getValue().upTo >= from) {
      return covering.getValue();
    }
    Sighting fresh = new Sighting(now, upTo);
    sightings.put(from, fresh);
    return fresh;
  }

  private boolean permanent(Sighting sighting, Instant now, long from, long next) throws SQLException {
    Duration age = Duration.between(sighting.seen, now);
    if (age.compareTo(grace) < 0) {
      return false;
    }
    if (!horizon.knowsTransactions()) {
      LOG.info("sequence gap {} passed after {} ms (no transaction snapshots: the grace alone decides)", describe(from, next),
          age.toMillis());
      return true;
    }
    if (sighting.mark == null) {
      markIfDue(sighting, now);
    } else if (sighting.endedBeforeRead) {
      LOG.info("sequence gap {} passed after {} ms: rolled back or never committed", describe(from, next), age.toMillis());
      return true;
    }
    if (age.compareTo(maxWait) >= 0) {
      LOG.warn("sequence gap {} passed after waiting the maximum {} ms while older transactions still run; a row"
          + " committed in it later is late (appended to the stream's :late stream)", describe(from, next), maxWait.toMillis());
      return true;
    }
    return false;
  }

  /**
   * Marks the horizon for a gap past its grace: taken after the grace, not at the sighting, so a transaction between
   * taking its sequence value and getting its transaction id at the sighting has an id by now, below this mark. Whether
   * those transactions have ended is read before the next read of the rows ({@link #beforeRead()}), never after this
   * one. One mark per plan serves every gap.
   */
  private void markIfDue(Sighting sighting, Instant now) throws SQLException {
    if (sighting.mark == null && Duration.between(sighting.seen, now).compareTo(grace) >= 0) {
      if (markNow == null) {
        markNow = horizon.mark();
      }
      sighting.mark = markNow;
    }
  }

  private static String describe(long from, long next) {
    return from == START ? "before " + next : from == next - 1 ? String.valueOf(from) : from + ".." + (next - 1);
  }
}
