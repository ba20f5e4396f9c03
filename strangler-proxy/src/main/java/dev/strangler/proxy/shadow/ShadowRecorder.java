package dev.strangler.proxy.shadow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shadow results as they happen, held in memory until the next flush ({@link ShadowFlusher}): per route counts (always,
 * they are small) and the comparisons waiting for the stream (a bounded backlog; when it is full, because Redis is slow
 * or down, the entry is dropped and counted). Never blocks, never does I/O, thread-safe.
 */
public final class ShadowRecorder implements ShadowResults {

  /** What a flush takes: every route's counts, and the comparisons for the stream. */
  record Drained(Map<String, RouteTally.Delta> deltas, List<ShadowOutcome> entries) {}

  private final ConcurrentHashMap<String, RouteTally> tallies = new ConcurrentHashMap<>();
  private final ArrayBlockingQueue<ShadowOutcome> backlog;
  private final ShadowEvents events;
  private final int maxPaths;

  public ShadowRecorder(ShadowResultsOptions options, ShadowEvents events) {
    this.backlog = new ArrayBlockingQueue<>(options.backlog());
    this.events = Objects.requireNonNull(events, "events == null");
    this.maxPaths = options.maxPaths();
  }

  @Override
  public void compared(ShadowOutcome outcome) {
    RouteTally tally = tally(outcome.routeId());
    tally.compared(outcome);
    events.compared(outcome);
    if (!backlog.offer(outcome)) {
      lostEntry(outcome.routeId());
    }
  }

  @Override
  public void dropped(String routeId, DropReason reason) {
    tally(routeId).dropped(reason);
    events.dropped(routeId, reason);
  }

  /** Entries waiting for the stream. */
  public int backlogSize() {
    return backlog.size();
  }

  /** Takes what was recorded since the last call. */
  Drained drain() {
    List<ShadowOutcome> entries = new ArrayList<>(backlog.size());
    backlog.drainTo(entries);
    Map<String, RouteTally.Delta> deltas = new LinkedHashMap<>();
    tallies.forEach((route, tally) -> {
      RouteTally.Delta delta = tally.drain();
      if (!delta.isEmpty()) {
        deltas.put(route, delta);
      }
    });
    return new Drained(deltas, entries);
  }

  /** A flush sent nothing (Redis could not be reached): what it carried is recorded again for the next one. */
  void flushNotSent(Drained drained) {
    drained.deltas().forEach((route, delta) -> tally(route).restore(delta));
    for (ShadowOutcome entry : drained.entries()) {
      if (!backlog.offer(entry)) {
        lostEntry(entry.routeId());
      }
    }
  }

  /** A flush failed and may have been applied in part: its entries and comparisons are gone, counted as lost (with its drops) in the next one. */
  void flushFailed(Drained drained) {
    drained.entries().forEach(entry -> lostEntry(entry.routeId()));
    drained.deltas().forEach((route, delta) -> {
      tally(route).carryOver(delta);
      if (delta.compared() > 0) {
        events.lost(route, ShadowEvents.Lost.COMPARISON, delta.compared());
      }
    });
  }

  private void lostEntry(String routeId) {
    tally(routeId).lostEntry();
    events.lost(routeId, ShadowEvents.Lost.STREAM_ENTRY, 1);
  }

  private RouteTally tally(String routeId) {
    // Routes are few (the table's); a tally stays once created so the hot path finds it without allocating.
    return tallies.computeIfAbsent(routeId, r -> new RouteTally(maxPaths));
  }
}
